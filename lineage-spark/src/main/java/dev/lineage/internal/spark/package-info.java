/** The Spark integration's internals: not API, no compatibility promise. */
package dev.lineage.internal.spark;
