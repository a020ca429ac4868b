package io.github.liquibasecitus.cluster.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TestNamesTest {

  @Test
  void aJavaNameBecomesASchemaPrefix() {
    assertEquals("orders_live_together", TestNames.prefixOf("ordersLiveTogether"));
    assertEquals("billing_test", TestNames.prefixOf("BillingTest"));
    assertEquals("gets_a_schema", TestNames.prefixOf("getsASchema"));
    assertEquals("an_http_call", TestNames.prefixOf("anHTTPCall"));
    assertEquals("test", TestNames.prefixOf("_1$"));
    assertEquals(
        "a_very_long_test_method_name_t", TestNames.prefixOf("aVeryLongTestMethodNameThatGoesOn"));
  }
}
