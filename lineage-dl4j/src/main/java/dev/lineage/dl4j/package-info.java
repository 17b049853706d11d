/**
 * DL4J training recorded into a run (docs/dl4j.md): {@link dev.lineage.dl4j.LineageListener} for a network's
 * scores, epochs, learning rates, waits for data and configuration, {@link dev.lineage.dl4j.LineageEarlyStoppingListener}
 * for early-stopping trainers, and helpers for saved models and evaluations. DL4J itself is the user's
 * ({@code provided}). Experimental (docs/compatibility.md).
 */
package dev.lineage.dl4j;
