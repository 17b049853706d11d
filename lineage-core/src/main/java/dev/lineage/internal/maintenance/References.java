package dev.lineage.internal.maintenance;

import dev.lineage.ArtifactKind;
import dev.lineage.Digest;
import dev.lineage.internal.store.ClasspathDoc;
import dev.lineage.internal.store.Keys;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every blob something names, with the first object in key order that names it, and which of them are directory
 * manifests. Safe to fill from several threads; the referrer kept does not depend on their order.
 */
final class References {
  final Map<Digest, String> referrers = new ConcurrentHashMap<>();
  final Set<Digest> directories = ConcurrentHashMap.newKeySet();
  /** Class path manifests: the content they list as stored is referenced too. */
  final Set<Digest> classpaths = ConcurrentHashMap.newKeySet();

  void add(Digest digest, ArtifactKind kind, String referrer) {
    firstInKeyOrder(referrers, digest, referrer);
    if (kind == ArtifactKind.DIRECTORY) {
      directories.add(digest);
    }
  }

  /** A run's class path manifest, named by its {@code code} event. */
  void addClasspath(Digest manifest, String referrer) {
    add(manifest, ArtifactKind.FILE, referrer);
    classpaths.add(manifest);
  }

  /** Adds what a class path manifest lists as stored; call before following directories, which it may name. */
  void addClasspathContent(Digest manifest, byte[] bytes) {
    ClasspathDoc.decode(manifest, bytes).storedContent()
        .forEach(a -> add(a.digest(), a.kind(), Keys.blob(manifest)));
  }

  boolean contains(Digest digest) {
    return referrers.containsKey(digest);
  }

  /** Keeps the smallest key naming {@code k}: what a sequential pass over the sorted listing would keep first. */
  static <K> void firstInKeyOrder(Map<K, String> map, K k, String key) {
    map.merge(k, key, (a, b) -> a.compareTo(b) <= 0 ? a : b);
  }
}
