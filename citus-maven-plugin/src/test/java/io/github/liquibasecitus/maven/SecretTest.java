package io.github.liquibasecitus.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A secret parameter prints as *** wherever Maven prints it, and keeps its text for the goal. */
class SecretTest {

  @Test
  void printsAsStars() {
    assertEquals("***", new Secret("s3cret").toString());
    assertEquals("***", String.valueOf(new Secret(null)));
    assertEquals("password=***", "password=" + new Secret("s3cret"));
  }

  @Test
  void itsValueIsTheTextOrNullWhenAbsentOrBlank() {
    assertEquals("s3cret", Secret.valueOf(new Secret("s3cret")));
    assertEquals(" s3cret ", Secret.valueOf(new Secret(" s3cret ")), "kept as typed");
    assertNull(Secret.valueOf(null));
    assertNull(Secret.valueOf(new Secret(null)));
    assertNull(Secret.valueOf(new Secret("")));
    assertNull(Secret.valueOf(new Secret(" \t")));
  }

  @Test
  void theConverterMakesSecretsOnly() {
    SecretConverter converter = new SecretConverter();
    assertTrue(converter.canConvert(Secret.class));
    assertFalse(converter.canConvert(String.class));
    assertFalse(converter.canConvert(Object.class));
    Object made = converter.fromString("s3cret");
    Secret secret = assertInstanceOf(Secret.class, made);
    assertEquals("***", secret.toString());
    assertEquals("s3cret", Secret.valueOf(secret));
  }
}
