/**
 * The model registry: named models with dense version numbers, aliases moved by compare-and-set, and an
 * append-only history of every move.
 */
package dev.lineage.registry;
