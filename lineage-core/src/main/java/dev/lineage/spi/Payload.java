package dev.lineage.spi;

import dev.lineage.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The content of a put: a known length and a stream that can be opened more than once, so that a backend
 * can retry a request or read a file twice without the caller buffering it in the heap.
 *
 * @since 0.1.0
 */
public interface Payload {
  /** Exact number of bytes {@link #open()} yields. */
  long length();

  /** A fresh stream over the whole content; the caller closes it. */
  InputStream open() throws IOException;

  /** Content held in memory. */
  static Payload of(byte[] bytes) {
    byte[] copy = bytes.clone();
    return new Payload() {
      @Override
      public long length() {
        return copy.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(copy);
      }
    };
  }

  /** The file's content; the file must not change until the put returns. */
  static Payload of(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("payload file", "must be an existing regular file: " + file);
    }
    return new Payload() {
      @Override
      public long length() {
        try {
          return Files.size(file);
        } catch (IOException e) {
          throw new dev.lineage.StorageException("cannot read size of " + file, e);
        }
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }
    };
  }
}
