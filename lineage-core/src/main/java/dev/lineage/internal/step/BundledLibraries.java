package dev.lineage.internal.step;

import dev.lineage.StorageException;
import dev.lineage.internal.hash.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The code a jar that holds the body bundles from elsewhere (a fat jar's libraries): a class outside the walk's
 * roots' namespace (their first two package names) is taken as part of a library, and the library as the
 * package of its first three names ({@code com/fasterxml/jackson/}). A library is represented by one digest over
 * its entries' names, sizes and CRC-32s as the jar's central directory lists them, instead of being walked class
 * by class (docs/step-cache.md). It errs toward misses: any change under that package is a change.
 */
final class BundledLibraries {
  private record Entry(String name, long size, long crc) {}

  private final Entry[] entries; // by name
  private final Map<String, String> digests = new ConcurrentHashMap<>();

  private BundledLibraries(Entry[] entries) {
    this.entries = entries;
  }

  static BundledLibraries read(Path jar) {
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      Entry[] entries = file.stream().filter(e -> !e.isDirectory())
          .map((JarEntry e) -> new Entry(e.getName(), e.getSize(), e.getCrc())).toArray(Entry[]::new);
      Arrays.sort(entries, Comparator.comparing(Entry::name));
      return new BundledLibraries(entries);
    } catch (IOException e) {
      throw new StorageException("cannot read the entries of " + jar + " for a step's code fingerprint: "
          + e.getMessage(), e);
    }
  }

  /** The library a class belongs to: the package of its first three names (fewer, for a shallower class). */
  static String libraryOf(String internalName) {
    return packagePrefix(internalName, 3);
  }

  /** The first {@code names} package names of a class, with their slashes ({@code com/acme/}). */
  static String packagePrefix(String internalName, int names) {
    int end = 0;
    for (int i = 0; i < names; i++) {
      int next = internalName.indexOf('/', end);
      if (next < 0) {
        break;
      }
      end = next + 1;
    }
    return internalName.substring(0, end);
  }

  /** {@code sha256:...} over the names, sizes and CRC-32s of every entry under {@code prefix}, in name order. */
  String digest(String prefix) {
    return digests.computeIfAbsent(prefix, p -> {
      MessageDigest md = Sha256.newDigest();
      int from = Arrays.binarySearch(entries, new Entry(p, 0, 0), Comparator.comparing(Entry::name));
      for (int i = from < 0 ? -from - 1 : from; i < entries.length && entries[i].name().startsWith(p); i++) {
        Entry e = entries[i];
        md.update((e.name() + "\t" + e.size() + "\t" + Long.toHexString(e.crc()) + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      return Sha256.toDigest(md.digest()).toString();
    });
  }
}
