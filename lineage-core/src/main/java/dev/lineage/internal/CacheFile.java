package dev.lineage.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A file of lines in the user's cache directory, shared by every JVM of the user (the hash cache, the step
 * restores): read whole on first use (a {@code Lineage} that never hashes a file never reads the hash cache, which
 * may hold hundreds of thousands of lines), appended one line per write, and rewritten from its owner's current state
 * through a temp file and an atomic rename once it has grown to a bound (and to twice what the last rewrite kept,
 * so that a state larger than the bound is not rewritten on every write). A line its owner cannot parse (torn,
 * foreign) is its owner's to ignore. Failing to read or write it loses only what it would have saved.
 */
public final class CacheFile {
  private static final System.Logger LOG = System.getLogger(CacheFile.class.getName());

  private final Path file;
  private final String what;
  private final int compactAt;
  private final Consumer<String> reader;
  private volatile boolean read;
  private int lines;
  /** At least {@code compactAt}, and twice what the last rewrite kept: a large state is not rewritten per line. */
  private int rewriteAt;

  private CacheFile(Path file, String what, int compactAt, Consumer<String> reader) {
    this.file = file;
    this.what = what;
    this.compactAt = compactAt;
    this.rewriteAt = compactAt;
    this.reader = reader;
    this.read = file == null;
  }

  /**
   * The file {@code name} in {@code directory}, whose lines {@link #read} hands to {@code reader}; nothing is read
   * or created yet.
   */
  public static CacheFile open(Path directory, String name, String what, int compactAt, Consumer<String> reader) {
    return new CacheFile(directory.resolve(name), what, compactAt, reader);
  }

  /** A file that keeps nothing, for an owner that lives in memory only. */
  public static CacheFile none() {
    return new CacheFile(null, null, Integer.MAX_VALUE, line -> { });
  }

  /**
   * Hands every line of the file to the reader, the first time it is called (its directory is created then if
   * needed); later calls return at once. An owner calls it before it looks anything up. An unreadable file starts
   * empty.
   */
  public void read() {
    if (read) {
      return;
    }
    synchronized (this) {
      if (read) {
        return;
      }
      try {
        Files.createDirectories(file.getParent());
        if (Files.exists(file)) {
          for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            reader.accept(line);
            lines++;
          }
        }
      } catch (IOException | UncheckedIOException e) {
        LOG.log(System.Logger.Level.WARNING, what + " " + file + " unreadable; starting empty", e);
      }
      read = true;
    }
  }

  /**
   * Appends {@code line} (ending in a newline); first rewrites the file from {@code current} (every line of the
   * owner's state, {@code line} included) instead, once the file has {@code compactAt} lines.
   */
  public synchronized void append(String line, Supplier<Stream<String>> current) {
    if (file == null) {
      return;
    }
    read();
    try {
      if (lines >= rewriteAt) {
        compact(current);
        return;
      }
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
        out.write(line);
      }
      lines++;
    } catch (IOException | UncheckedIOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot persist " + what + " entry to " + file, e);
    }
  }

  private void compact(Supplier<Stream<String>> current) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    int written = 0;
    try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
        Stream<String> state = current.get()) {
      for (String line : (Iterable<String>) state::iterator) {
        out.write(line);
        written++;
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    lines = written;
    rewriteAt = (int) Math.min(Integer.MAX_VALUE, Math.max(compactAt, 2L * written));
  }
}
