/**
 * Lineage queries over runs, artifacts, steps and model versions: upstream and downstream closures, producers
 * and consumers, paths, run diffs and run search. Made to be called from unit tests that assert lineage rules.
 */
package dev.lineage.query;
