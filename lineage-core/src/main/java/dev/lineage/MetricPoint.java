package dev.lineage;

/**
 * One logged metric value. NaN and the infinities are stored and read back as they were logged.
 *
 * @param timestampMillis epoch milliseconds from the run's clock when it was logged
 *
 * @since 0.1.0
 */
public record MetricPoint(String key, long step, long timestampMillis, double value) {}
