package dev.lineage.spi.gpu;

import dev.lineage.Experimental;
import java.util.List;

/**
 * Reads the GPUs of this machine. Lineage ships one over {@code nvidia-smi}; an AMD ({@code rocm-smi}) or NVML
 * probe implements this and is passed to {@code Lineage.builder().gpuProbe(...)}; the sampler does not change.
 *
 * <p>Implementations must return within their own timeout and kill anything they started; the sampler calls
 * {@link #read()} from its own thread, never from training code.
 *
 * @since 0.1.0
 */
@Experimental
public interface GpuProbe extends AutoCloseable {
  /** A short name for logs, such as {@code "nvidia-smi"}. */
  String name();

  /** Whether this machine has what the probe needs (a GPU, a tool on PATH); checked once per Lineage. */
  boolean available();

  /** The current readings; throws {@link ProbeException} if the probe failed or timed out. */
  List<GpuReading> read() throws ProbeException;

  /** Stops anything still running. */
  @Override
  void close();

  /** The probe could not read the GPUs this time. */
  final class ProbeException extends Exception {
    /** A probe failure described by {@code message}. */
    public ProbeException(String message) {
      super(message);
    }

    /** A probe failure described by {@code message}, caused by {@code cause}. */
    public ProbeException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
