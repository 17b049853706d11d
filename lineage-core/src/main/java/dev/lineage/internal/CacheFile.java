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
 * restores): read whole when opened, appended one line per write, and rewritten from its owner's current state
 * through a temp file and an atomic rename once it has grown to a bound (and to twice what the last rewrite kept,
 * so that a state larger than the bound is not rewritten on every write). A line its owner cannot parse (torn,
 * foreign) is its owner's to ignore. Failing to read or write it loses only what it would have saved.
 */
public final class CacheFile {
  private static final System.Logger LOG = System.getLogger(CacheFile.class.getName());

  private final Path file;
  private final String what;
  private final int compactAt;
  private int lines;
  /** At least {@code compactAt}, and twice what the last rewrite kept: a large state is not rewritten per line. */
  private int rewriteAt;

  private CacheFile(Path file, String what, int compactAt) {
    this.file = file;
    this.what = what;
    this.compactAt = compactAt;
    this.rewriteAt = compactAt;
  }

  /**
   * Opens {@code name} in {@code directory} (created if needed), handing every line to {@code reader}; an
   * unreadable file starts empty.
   */
  public static CacheFile open(Path directory, String name, String what, int compactAt, Consumer<String> reader) {
    CacheFile cache = new CacheFile(directory.resolve(name), what, compactAt);
    try {
      Files.createDirectories(directory);
      if (Files.exists(cache.file)) {
        for (String line : Files.readAllLines(cache.file, StandardCharsets.UTF_8)) {
          reader.accept(line);
          cache.lines++;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.log(System.Logger.Level.WARNING, what + " " + cache.file + " unreadable; starting empty", e);
    }
    return cache;
  }

  /** A file that keeps nothing, for an owner that lives in memory only. */
  public static CacheFile none() {
    return new CacheFile(null, null, Integer.MAX_VALUE);
  }

  /**
   * Appends {@code line} (ending in a newline); first rewrites the file from {@code current} (every line of the
   * owner's state, {@code line} included) instead, once the file has {@code compactAt} lines.
   */
  public synchronized void append(String line, Supplier<Stream<String>> current) {
    if (file == null) {
      return;
    }
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
