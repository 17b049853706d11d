package dev.lineage.spi.gpu;

import dev.lineage.Experimental;
import java.util.OptionalDouble;

/**
 * One GPU's state at one moment. A field the device or driver does not report (for example nvidia-smi's
 * {@code [N/A]}) is empty; the others stand.
 *
 * @since 0.1.0
 */
@Experimental
public record GpuReading(int index, String uuid, OptionalDouble utilizationPercent, OptionalDouble memoryUsedMiB,
    OptionalDouble memoryTotalMiB, OptionalDouble powerWatts, OptionalDouble temperatureCelsius) {}
