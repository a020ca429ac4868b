package io.github.liquibasecitus.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class AdviseMojoTest {
  @Test
  void pgDumpGetsTheFirstHostAndItsPort() {
    assertArrayEquals(new String[] {"db", "6432"}, AdviseMojo.firstHost("db:6432,replica:6432"));
    assertArrayEquals(new String[] {"db", "5432"}, AdviseMojo.firstHost("db"));
    assertArrayEquals(new String[] {"::1", "5433"}, AdviseMojo.firstHost("[::1]:5433"));
    assertArrayEquals(new String[] {"::1", "5432"}, AdviseMojo.firstHost("[::1]"));
  }
}
