/**
 * Implementation. <b>Not public API:</b> nothing under {@code dev.lineage.internal} is covered by any
 * compatibility promise, and an ArchUnit test keeps it out of every public signature.
 */
package dev.lineage.internal;
