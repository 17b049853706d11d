package dev.lineage.spi.gpu;

import java.util.OptionalDouble;

/**
 * One GPU's state at one moment. A field the device or driver does not report (for example nvidia-smi's
 * {@code [N/A]}) is empty; the others stand.
 */
public record GpuReading(int index, String uuid, OptionalDouble utilizationPercent, OptionalDouble memoryUsedMiB,
    OptionalDouble memoryTotalMiB, OptionalDouble powerWatts, OptionalDouble temperatureCelsius) {}
