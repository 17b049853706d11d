/**
 * The GPU probe SPI: how the system sampler reads each GPU's utilisation and memory. The default probe runs
 * {@code nvidia-smi}; another vendor's probe implements {@link dev.lineage.spi.gpu.GpuProbe} and is passed to
 * {@code Lineage.builder().gpuProbe(...)} (docs/system-metrics.md).
 */
package dev.lineage.spi.gpu;

import dev.lineage.Experimental;
