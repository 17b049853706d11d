package dev.lineage.testkit;

import dev.lineage.Digest;

/**
 * Store keys as docs/storage-format.md describes them, written here from the document and not borrowed from
 * Lineage's internals: a suite that finds an object this way proves the documented layout is the real one.
 *
 * @since 0.1.0
 */
public final class DocumentedKeys {
  private DocumentedKeys() {}

  /** {@code blobs/sha256/{first two hex digits}/{hex}}. */
  public static String blob(Digest digest) {
    return "blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex();
  }

  /** {@code runs/{first six characters of the id}/{id}.json}. */
  public static String runStart(dev.lineage.RunId id) {
    return "runs/" + id.value().substring(0, 6) + "/" + id + ".json";
  }

  /** {@code rundata/{id}/} holds a run's end record, journals and metric segments. */
  public static String runData(dev.lineage.RunId id) {
    return "rundata/" + id + "/";
  }

  /** {@code rundata/{id}/end.json}. */
  public static String runEnd(dev.lineage.RunId id) {
    return runData(id) + "end.json";
  }

  /** {@code registry/models/{model}/versions/{n, ten digits}.json}. */
  public static String modelVersion(String model, int version) {
    return String.format("registry/models/%s/versions/%010d.json", model, version);
  }
}
