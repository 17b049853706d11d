package dev.lineage.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class whose tests take a {@code Lineage} parameter: a fresh in-memory one per test, or, when the system
 * property {@value LineageExtension#STORE_PROPERTY} or the environment variable {@value LineageExtension#STORE_ENV}
 * names a store, that store (so the same rules run against a real store in CI). Closed after each test. It samples
 * no system metrics and records no code ({@code Lineage.Builder.recordCode}).
 *
 * @since 0.1.0
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(LineageExtension.class)
public @interface LineageTest {}
