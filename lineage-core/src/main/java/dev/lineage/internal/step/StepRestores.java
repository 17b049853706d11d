package dev.lineage.internal.step;

import dev.lineage.Digest;
import dev.lineage.internal.CacheFile;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Where this user's earlier hits restored each step key's outputs, so that a later hit can serve a restore that
 * is proven unchanged instead of writing the outputs again (docs/step-cache.md, "Restores"). Kept in the user's
 * cache directory, shared by every JVM: {@value #FILE}, one {@code {key hex}\t{url-encoded directory}} line per
 * restore, appended; a torn or foreign line is never matched. Nothing here is trusted as content: every reuse is
 * checked against the entry's digests first.
 */
final class StepRestores {
  static final String FILE = "step-restores-v1.tsv";
  /** Restores remembered per key, newest first: enough to survive a few that were changed or deleted. */
  private static final int PER_KEY = 4;
  private static final int COMPACT_AT_LINES = 100_000;

  private final Map<String, Deque<Path>> byKey = new ConcurrentHashMap<>();
  private CacheFile file = CacheFile.none();

  private StepRestores() {}

  static StepRestores open(Path directory) {
    StepRestores restores = new StepRestores();
    restores.file = CacheFile.open(directory, FILE, "step restores", COMPACT_AT_LINES, restores::parse);
    return restores;
  }

  static StepRestores inMemory() {
    return new StepRestores();
  }

  /** The directories earlier hits restored this key's outputs into, newest first. */
  List<Path> of(Digest key) {
    file.read();
    Deque<Path> dirs = byKey.get(key.hex());
    if (dirs == null) {
      return List.of();
    }
    synchronized (dirs) {
      return new ArrayList<>(dirs);
    }
  }

  void add(Digest key, Path directory) {
    Path absolute = directory.toAbsolutePath().normalize();
    file.read(); // before remembering: a line read later must not reorder what was just added
    remember(key.hex(), absolute);
    file.append(line(key.hex(), absolute), this::lines);
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

  /** Every remembered restore as a line, each key's oldest first, so that reading them back keeps the order. */
  private Stream<String> lines() {
    return byKey.keySet().stream().flatMap(key -> {
      List<Path> oldestFirst = of(new Digest(key));
      Collections.reverse(oldestFirst);
      return oldestFirst.stream().map(p -> line(key, p));
    });
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
