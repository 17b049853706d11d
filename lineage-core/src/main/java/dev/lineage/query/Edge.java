package dev.lineage.query;

/** A directed edge of the lineage graph. */
public record Edge(Node from, EdgeKind kind, Node to) {}
