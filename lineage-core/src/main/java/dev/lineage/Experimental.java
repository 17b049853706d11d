package dev.lineage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an API that may still change, or go, in a minor release: the integrations (Spark, DL4J), the report and
 * the page, and each new capability until a release has shown its shape. Everything public and not marked is
 * stable: it changes incompatibly only in a major release, after a deprecated release. SPI types (packages
 * {@code dev.lineage.spi}) are for backend and probe authors, and may gain methods in a minor release, with a
 * default where one can be given (docs/compatibility.md).
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD, ElementType.PACKAGE})
public @interface Experimental {}
