package dev.lineage.query;

/**
 * A directed edge of the lineage graph.
 *
 * @since 0.1.0
 */
public record Edge(Node from, EdgeKind kind, Node to) {}
