package io.github.liquibasecitus.cluster.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that needs a real Citus cluster: its test methods may take a {@link
 * io.github.liquibasecitus.cluster.CitusCluster} parameter. One cluster serves the whole JVM run;
 * where none can be had, the tests are reported as skipped with the reason.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("citus")
@ExtendWith(CitusClusterExtension.class)
public @interface CitusTest {}
