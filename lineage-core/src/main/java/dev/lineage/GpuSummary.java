package dev.lineage;

/**
 * What one GPU did while a run held it: utilisation over the samples taken (mean, median, max), the GPU-hours
 * the run held it, and the GPU-hours it sat below the idle threshold.
 *
 * @since 0.1.0
 */
public record GpuSummary(int index, String uuid, double meanUtilization, double p50Utilization,
    double maxUtilization, double hoursHeld, double hoursIdle) {}
