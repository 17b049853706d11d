/**
 * Lineage rules as unit tests (docs/testing.md): fluent assertions over the lineage graph
 * ({@link dev.lineage.test.LineageAssertions}) whose failures print the lineage that broke the rule, matchers for
 * artifacts and runs, and a JUnit 5 extension ({@link dev.lineage.test.LineageTest}) that hands each test a
 * Lineage: in memory, or the store CI names.
 */
package dev.lineage.test;
