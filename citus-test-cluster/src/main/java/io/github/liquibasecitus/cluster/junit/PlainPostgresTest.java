package io.github.liquibasecitus.cluster.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that needs a plain PostgreSQL server without Citus: its test methods may take a
 * {@link io.github.liquibasecitus.cluster.DatabaseServer} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("postgres")
@ExtendWith(PlainPostgresExtension.class)
public @interface PlainPostgresTest {}
