/** The commands behind {@code dev.lineage.cli.Main}; not an API. */
package dev.lineage.internal.cli;
