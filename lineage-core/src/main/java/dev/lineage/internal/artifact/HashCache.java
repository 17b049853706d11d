package dev.lineage.internal.artifact;

import dev.lineage.Digest;
import dev.lineage.internal.CacheFile;
import dev.lineage.internal.hash.Sha256;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers file digests so that a file whose identity has not changed is not read again. The key is the
 * absolute path plus everything the platform tells about the file's identity and content version: size,
 * modification time, change time and inode on POSIX (a rewrite that restores size and mtime still changes
 * ctime), size, modification time and file key elsewhere.
 *
 * <p>An entry is only recorded when the file's times are at least {@value #RACY_MILLIS} ms older than the
 * start of hashing: a write in the same timestamp tick as the hash could otherwise go unnoticed ("racy git").
 * Entries are appended, one line each, to a file in the user's cache directory shared by every JVM; a
 * stale or malformed line is simply never matched.
 */
public final class HashCache {
  static final long RACY_MILLIS = 2_000;
  private static final String FILE = "file-digests-v1.tsv";
  private static final int COMPACT_AT_LINES = 200_000;

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final boolean posix;
  private CacheFile file = CacheFile.none();
  private final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();

  /** A file's identity as far as the platform can tell. */
  public record Stamp(boolean directory, long size, long modifiedNanos, long changedNanos, long device, long inode,
      String fileKey) {}

  private record Entry(Stamp stamp, Digest digest) {}

  /**
   * The wall clock the racy window is measured on: the file system's times are wall-clock times, so this is never
   * a {@code Lineage}'s injected clock (one behind or ahead of the files would keep nothing or keep a racy entry);
   * tests move it instead of sleeping past the window.
   */
  private final LongSupplier now;

  private HashCache(LongSupplier now) {
    this.posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    this.now = now;
  }

  /**
   * The cache in {@code directory}, read on its first lookup (and the directory created then if needed); an
   * unreadable cache starts empty.
   */
  public static HashCache open(Path directory) {
    return open(directory, System::currentTimeMillis);
  }

  /** Like {@link #open(Path)}, with the wall clock given (tests). */
  static HashCache open(Path directory, LongSupplier now) {
    HashCache cache = new HashCache(now);
    cache.file = CacheFile.open(directory, FILE, "hash cache", COMPACT_AT_LINES, cache::parse);
    return cache;
  }

  /** An in-memory cache that persists nothing, for when no cache directory is wanted. */
  public static HashCache inMemory() {
    return new HashCache(System::currentTimeMillis);
  }

  /** Now, in milliseconds, on the clock the racy window is measured on: what {@link #learned} takes as a start. */
  public long now() {
    return now.getAsLong();
  }

  /** The file's SHA-256, read from the cache if its stamp is unchanged, else by reading the file. */
  public Digest digest(Path path) throws IOException {
    return digest(path, stamp(path));
  }

  /** Like {@link #digest(Path)}, with the stamp the caller just took (one stat per file on a hit). */
  public Digest digest(Path path, Stamp before) throws IOException {
    Optional<Digest> cached = cached(path, before);
    if (cached.isPresent()) {
      return cached.get();
    }
    long started = now();
    Digest digest = Sha256.of(path.toAbsolutePath().normalize());
    learned(path, before, started, digest);
    return digest;
  }

  /** The file's SHA-256 if the cache holds it for exactly this stamp. */
  public Optional<Digest> cached(Path path, Stamp stamp) {
    file.read();
    Entry cached = entries.get(path.toAbsolutePath().normalize().toString());
    return cached != null && cached.stamp.equals(stamp) ? Optional.of(cached.digest) : Optional.empty();
  }

  /**
   * Records the digest of a file read from {@code started} (millis) on, when it had stamp {@code before}: kept
   * only if the file still has that stamp and was last changed before the racy window (else a same-size rewrite
   * within the file system's time granularity could go unseen).
   */
  public void learned(Path path, Stamp before, long started, Digest digest) throws IOException {
    reads.incrementAndGet();
    Path absolute = path.toAbsolutePath().normalize();
    Stamp after = stamp(absolute);
    if (after.equals(before) && newestTimeMillis(after) < started - RACY_MILLIS) {
      remember(absolute.toString(), new Entry(after, digest));
    }
  }

  /** How many files this cache had to read (misses), for tests and diagnostics. */
  long reads() {
    return reads.get();
  }

  /** Everything one stat tells about the file (links followed). */
  public Stamp stamp(Path path) throws IOException {
    if (posix) {
      Map<String, Object> a = Files.readAttributes(path, "unix:isDirectory,size,lastModifiedTime,ctime,ino,dev");
      return new Stamp((Boolean) a.get("isDirectory"), (Long) a.get("size"), nanos(a.get("lastModifiedTime")),
          nanos(a.get("ctime")), (Long) a.get("dev"), (Long) a.get("ino"), "");
    }
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
    return new Stamp(a.isDirectory(), a.size(), nanos(a.lastModifiedTime()), -1, -1, -1,
        Objects.toString(a.fileKey()));
  }

  private static long nanos(Object time) {
    return ((FileTime) time).to(java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private static long newestTimeMillis(Stamp s) {
    return Math.max(s.modifiedNanos, s.changedNanos) / 1_000_000;
  }

  private void remember(String key, Entry entry) {
    file.read(); // before the put: a line read later must not replace what was just learned
    entries.put(key, entry);
    file.append(format(key, entry), () -> entries.entrySet().stream().map(e -> format(e.getKey(), e.getValue())));
  }

  private static String format(String key, Entry e) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8) + "\t" + e.stamp.size + "\t" + e.stamp.modifiedNanos + "\t"
        + e.stamp.changedNanos + "\t" + e.stamp.device + "\t" + e.stamp.inode + "\t"
        + URLEncoder.encode(e.stamp.fileKey, StandardCharsets.UTF_8) + "\t" + e.digest.hex() + "\n";
  }

  private void parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 8) {
      return;
    }
    try {
      Stamp stamp = new Stamp(false, Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
          Long.parseLong(f[4]), Long.parseLong(f[5]), URLDecoder.decode(f[6], StandardCharsets.UTF_8));
      entries.put(URLDecoder.decode(f[0], StandardCharsets.UTF_8), new Entry(stamp, new Digest(f[7])));
    } catch (RuntimeException malformed) {
      // a torn or foreign line is never matched
    }
  }
}
