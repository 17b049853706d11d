package dev.lineage.internal.maintenance;

import dev.lineage.ArtifactKind;
import dev.lineage.Digest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Every blob something names, with one object that names it, and which of them are directory manifests. */
final class References {
  final Map<Digest, String> referrers = new HashMap<>();
  final Set<Digest> directories = new HashSet<>();

  void add(Digest digest, ArtifactKind kind, String referrer) {
    referrers.putIfAbsent(digest, referrer);
    if (kind == ArtifactKind.DIRECTORY) {
      directories.add(digest);
    }
  }

  boolean contains(Digest digest) {
    return referrers.containsKey(digest);
  }
}
