package dev.lineage;

/**
 * A metric series in brief, merged across writers: how many points, the final value (the one at the highest
 * step; among equal steps, the last logged) and the best values. {@code min} and {@code max} ignore NaN and
 * are NaN only when every point was NaN.
 *
 * @since 0.1.0
 */
public record MetricSummary(String key, long count, long lastStep, double lastValue, double min, double max) {}
