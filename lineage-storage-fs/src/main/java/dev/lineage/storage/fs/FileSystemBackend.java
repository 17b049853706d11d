package dev.lineage.storage.fs;

import dev.lineage.InvalidInputException;
import dev.lineage.StorageException;
import dev.lineage.WriteRefusedException;
import dev.lineage.spi.ListPage;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import dev.lineage.spi.StorageKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Stores objects as files under a root directory, one file per key. Safe for any number of threads and
 * processes sharing the directory on one machine or a POSIX shared filesystem with hard links.
 *
 * <p>Put-if-absent writes the content to a temp file under {@code .tmp/}, fsyncs it, publishes it with a
 * hard link (which fails if the key exists: plain {@code rename} would silently replace it), fsyncs the
 * directory, then removes the temp name. Readers never see a partial file; of racing writers exactly one
 * link succeeds. Temp files orphaned by a crash are never listed and are removed by a later open once they
 * are an hour old.
 *
 * @since 0.1.0
 */
public final class FileSystemBackend implements StorageBackend {
  private static final String TMP = ".tmp";
  private static final Duration ORPHAN_AGE = Duration.ofHours(1);
  private static final int COPY_BUFFER = 1 << 20;
  private static final int PAGE = 1000;

  private final Path root;
  private final Path tmp;
  private volatile boolean tmpReady;

  private FileSystemBackend(Path root) {
    this.root = root;
    this.tmp = root.resolve(TMP);
  }

  /**
   * Opens a store rooted at {@code directory}. A missing directory is created by the first write, so a
   * location that is only read is left as it was.
   */
  public static FileSystemBackend open(Path directory) {
    if (directory == null) {
      throw new InvalidInputException("directory", "must not be null");
    }
    Path root = directory.toAbsolutePath().normalize();
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new InvalidInputException("store", root + " is a file, not a directory");
    }
    FileSystemBackend backend = new FileSystemBackend(root);
    backend.removeOrphanedTempFiles();
    return backend;
  }

  /** The store's root directory. */
  public Path root() {
    return root;
  }

  @Override
  public URI uri() {
    return root.toUri();
  }

  @Override
  public Optional<InputStream> get(String key) {
    Path file = fileOf(key);
    try {
      return Optional.of(Files.newInputStream(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Path> localFile(String key) {
    Path file = fileOf(key);
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(file) : Optional.empty();
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    Path file = fileOf(key);
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attrs.isRegularFile()
          ? Optional.of(new ObjectInfo(key, attrs.size(), Optional.of(attrs.lastModifiedTime().toInstant())))
          : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot stat " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public PutResult putIfAbsent(String key, Payload payload) {
    Path target = fileOf(key);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return PutResult.ALREADY_EXISTS;
    }
    Path temp = tmp.resolve(UUID.randomUUID() + ".part");
    try {
      if (!tmpReady) { // made on the first write, so that opening a location leaves nothing behind
        Files.createDirectories(tmp);
        tmpReady = true;
      }
      writeDurably(temp, payload);
      Files.createDirectories(target.getParent());
      try {
        Files.createLink(target, temp);
      } catch (FileAlreadyExistsException e) {
        return PutResult.ALREADY_EXISTS;
      } catch (UnsupportedOperationException e) {
        throw new WriteRefusedException("the filesystem under " + root + " does not support hard links, which "
            + "exclusive publication needs", e);
      }
      fsyncDirectory(target.getParent());
      return PutResult.CREATED;
    } catch (IOException e) {
      // Nothing is published before the link: whatever failed, the object did not land.
      throw notLanded("put " + key, e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // Left for the orphan sweep; the object itself is already published or not.
      }
    }
  }

  private static void writeDurably(Path temp, Payload payload) throws IOException {
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        InputStream in = payload.open()) {
      OutputStream out = Channels.newOutputStream(channel);
      byte[] buffer = new byte[COPY_BUFFER];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
      channel.force(true);
    }
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory for fsync; the link itself has been made.
    }
  }

  @Override
  public ListPage list(String prefix, String startAfter, int maxKeys) {
    if (maxKeys < 1) {
      throw new InvalidInputException("maxKeys", "must be >= 1, was " + maxKeys);
    }
    List<ObjectInfo> found = new ArrayList<>();
    walk(prefix, startAfter, o -> found.add(o) && found.size() <= maxKeys);
    if (found.size() > maxKeys) {
      List<ObjectInfo> page = found.subList(0, maxKeys);
      return new ListPage(page, Optional.of(page.get(maxKeys - 1).key()));
    }
    return new ListPage(found, Optional.empty());
  }

  /** One walk of the tree instead of one per page: a page re-reads every directory on the way to its start. */
  @Override
  public void listPages(String prefix, String startAfter, Consumer<List<ObjectInfo>> pages) {
    List<ObjectInfo> page = new ArrayList<>(PAGE);
    walk(prefix, startAfter, o -> {
      page.add(o);
      if (page.size() == PAGE) {
        pages.accept(List.copyOf(page));
        page.clear();
      }
      return true;
    });
    if (!page.isEmpty()) {
      pages.accept(List.copyOf(page));
    }
  }

  private void walk(String prefix, String startAfter, Predicate<ObjectInfo> sink) {
    StorageKeys.checkPrefix(prefix);
    int slash = prefix.lastIndexOf('/');
    String dirKey = slash < 0 ? "" : prefix.substring(0, slash + 1);
    try {
      walk(dirKey.isEmpty() ? root : root.resolve(dirKey), dirKey, prefix, startAfter, sink);
    } catch (IOException e) {
      throw new StorageException("cannot list " + prefix + ": " + e.getMessage(), e);
    }
  }

  /**
   * Depth-first in key order, handing each object to {@code sink} until it returns false (then so does this).
   * A directory's entries sort as keys would: a subdirectory by its name plus '/', so that "a-b" (a file) comes
   * before "a/x" (in a directory), as in String order. Each entry is looked at with one stat, and only when
   * neither it nor anything under it is ruled out by the prefix or the page start: on a store of many small
   * objects the walk is mostly system calls.
   */
  private boolean walk(Path dir, String dirKey, String prefix, String startAfter, Predicate<ObjectInfo> sink)
      throws IOException {
    // java.io.File lists a directory with half the system calls of a DirectoryStream (no second descriptor).
    String[] names = dir.toFile().list();
    if (names == null) {
      if (Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
      throw new IOException(dir + " is not a readable directory");
    }
    List<Entry> entries = new ArrayList<>(names.length);
    for (String name : names) {
      String fileKey = dirKey + name;
      if (name.startsWith(TMP) || !mayHold(fileKey, prefix, startAfter)) {
        continue;
      }
      Path p = dir.resolve(name);
      try {
        BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        entries.add(new Entry(attrs.isDirectory() ? fileKey + "/" : fileKey, p, attrs));
      } catch (NoSuchFileException deleted) {
        // deleted while listing: not part of this listing
      }
    }
    entries.sort(Comparator.comparing(Entry::key));
    for (Entry e : entries) {
      if (e.attrs().isDirectory()) {
        if (!walk(e.path(), e.key(), prefix, startAfter, sink)) {
          return false;
        }
      } else if (e.key().startsWith(prefix) && (startAfter == null || e.key().compareTo(startAfter) > 0)
          && !sink.test(new ObjectInfo(e.key(), e.attrs().size(),
              Optional.of(e.attrs().lastModifiedTime().toInstant())))) {
        return false;
      }
    }
    return true;
  }

  /** Whether the entry {@code fileKey}, or anything under it, can match the prefix and follow the page start. */
  private static boolean mayHold(String fileKey, String prefix, String startAfter) {
    String asDir = fileKey + "/";
    boolean matchesPrefix = fileKey.startsWith(prefix) || prefix.startsWith(asDir);
    boolean followsStart = startAfter == null || fileKey.compareTo(startAfter) > 0 || asDir.compareTo(startAfter) > 0
        || startAfter.startsWith(asDir);
    return matchesPrefix && followsStart;
  }

  private record Entry(String key, Path path, BasicFileAttributes attrs) {}

  @Override
  public boolean delete(String key) {
    try {
      return Files.deleteIfExists(fileOf(key));
    } catch (IOException e) {
      throw notLanded("delete " + key, e);
    }
  }

  /**
   * A write that failed before it changed anything: {@link WriteRefusedException} where the file system refused
   * it for a reason a retry cannot change (permission, a read-only file system, no space or quota left), else a
   * {@link StorageException} a retry may get past. Neither is an unknown outcome.
   */
  static StorageException notLanded(String what, IOException e) {
    String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
    boolean refused = e instanceof AccessDeniedException || (reason != null && (reason.contains("Read-only file system")
        || reason.contains("No space left on device") || reason.contains("Disk quota exceeded")));
    String message = "cannot " + what + ": " + e + "; the write did not land";
    return refused ? new WriteRefusedException(message, e) : new StorageException(message, e);
  }

  @Override
  public void close() {
    // Holds no open files or threads between calls.
  }

  private Path fileOf(String key) {
    return root.resolve(StorageKeys.check(key));
  }

  private void removeOrphanedTempFiles() {
    FileTime cutoff = FileTime.from(Instant.now().minus(ORPHAN_AGE));
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(tmp)) {
      for (Path p : stream) {
        try {
          if (Files.getLastModifiedTime(p).compareTo(cutoff) < 0) {
            Files.deleteIfExists(p);
          }
        } catch (IOException e) {
          // another process removed it, or it is not ours to remove; never fatal
        }
      }
    } catch (IOException e) {
      // the sweep is best effort
    }
  }

  @Override
  public String toString() {
    return "FileSystemBackend[" + root + "]";
  }
}
