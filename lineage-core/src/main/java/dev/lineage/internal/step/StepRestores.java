package dev.lineage.internal.step;

import dev.lineage.Digest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where this user's earlier hits restored each step key's outputs, so that a later hit can serve a restore that
 * is proven unchanged instead of writing the outputs again (docs/step-cache.md, "Restores"). Kept in the user's
 * cache directory, shared by every JVM: {@value #FILE}, one {@code {key hex}\t{url-encoded directory}} line per
 * restore, appended; a torn or foreign line is never matched. Nothing here is trusted as content: every reuse is
 * checked against the entry's digests first.
 */
final class StepRestores {
  static final String FILE = "step-restores-v1.tsv";
  private static final System.Logger LOG = System.getLogger(StepRestores.class.getName());
  /** Restores remembered per key, newest first: enough to survive a few that were changed or deleted. */
  private static final int PER_KEY = 4;
  private static final int COMPACT_AT_LINES = 100_000;

  private final Path file;
  private final Map<String, Deque<Path>> byKey = new ConcurrentHashMap<>();
  private int lines;

  private StepRestores(Path file) {
    this.file = file;
  }

  static StepRestores open(Path directory) {
    StepRestores restores = new StepRestores(directory.resolve(FILE));
    try {
      Files.createDirectories(directory);
      if (Files.exists(restores.file)) {
        for (String line : Files.readAllLines(restores.file, StandardCharsets.UTF_8)) {
          restores.parse(line);
          restores.lines++;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.log(System.Logger.Level.WARNING, "step restores " + restores.file + " unreadable; starting empty", e);
    }
    return restores;
  }

  static StepRestores inMemory() {
    return new StepRestores(null);
  }

  /** The directories earlier hits restored this key's outputs into, newest first. */
  List<Path> of(Digest key) {
    Deque<Path> dirs = byKey.get(key.hex());
    if (dirs == null) {
      return List.of();
    }
    synchronized (dirs) {
      return new ArrayList<>(dirs);
    }
  }

  synchronized void add(Digest key, Path directory) {
    Path absolute = directory.toAbsolutePath().normalize();
    remember(key.hex(), absolute);
    if (file == null) {
      return;
    }
    try {
      if (lines >= COMPACT_AT_LINES) {
        compact();
      }
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
        out.write(line(key.hex(), absolute));
      }
      lines++;
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot remember the restore " + absolute + " in " + file, e);
    }
  }

  private void remember(String key, Path directory) {
    Deque<Path> dirs = byKey.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (dirs) {
      dirs.remove(directory);
      dirs.addFirst(directory);
      while (dirs.size() > PER_KEY) {
        dirs.removeLast();
      }
    }
  }

  private void compact() throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, Deque<Path>> e : byKey.entrySet()) {
        List<Path> oldestFirst = new ArrayList<>(e.getValue());
        java.util.Collections.reverse(oldestFirst);
        for (Path p : oldestFirst) {
          out.write(line(e.getKey(), p));
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    lines = byKey.values().stream().mapToInt(Deque::size).sum();
  }

  private static String line(String key, Path directory) {
    return key + "\t" + URLEncoder.encode(directory.toString(), StandardCharsets.UTF_8) + "\n";
  }

  private void parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 2 || f[0].length() != 64) {
      return;
    }
    try {
      remember(f[0], Path.of(URLDecoder.decode(f[1], StandardCharsets.UTF_8)));
    } catch (RuntimeException malformed) {
      // a torn or foreign line is never matched
    }
  }
}
