/** The DL4J integration's internals: not API, no compatibility promise. */
package dev.lineage.internal.dl4j;
