package dev.lineage.internal.fs;

import dev.lineage.InvalidInputException;
import dev.lineage.spi.StorageBackend;
import dev.lineage.spi.StorageProvider;
import dev.lineage.storage.fs.FileSystemBackend;
import java.net.URI;
import java.nio.file.Path;

/** {@code file:} URIs, found through ServiceLoader. */
public final class FileSystemProvider implements StorageProvider {
  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public StorageBackend open(URI uri) {
    if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
      throw new InvalidInputException("store", "file: URIs must not name a host: " + uri);
    }
    return FileSystemBackend.open(Path.of(uri));
  }
}
