package dev.lineage.internal.cli;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.NotFoundException;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.StorageException;
import dev.lineage.StoreProblem;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.Node;
import dev.lineage.query.RunQuery;
import dev.lineage.registry.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a node argument names, tried in this order: {@code model@3} (a version), {@code model:alias} (the version
 * the alias points to now), {@code sha256:<hex>} (an artifact; a unique prefix of 6+ hex digits, as the commands
 * print digests, names the one artifact it starts), an existing file or directory (the artifact with its
 * content), a run id or a unique prefix of one (at least 6 characters).
 */
final class NodeArgument {
  static final String HELP = "A run id (or a unique prefix of 6+ characters), an artifact digest (sha256:..., or "
      + "a unique prefix of 6+ hex digits), a file or directory path, model@VERSION or model:ALIAS.";
  private static final Pattern VERSION = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)@(\\d+)");
  private static final Pattern ALIAS = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*):([A-Za-z0-9][A-Za-z0-9._-]*)");
  private static final int MIN_PREFIX = 6;
  private static final Pattern HEX_PREFIX = Pattern.compile("[0-9a-f]{" + MIN_PREFIX + ",63}");

  private NodeArgument() {}

  static Node resolve(String text, Lineage lineage, LineageGraph graph) {
    Matcher m = VERSION.matcher(text);
    if (m.matches()) {
      ModelVersion v = lineage.registry().version(m.group(1), Integer.parseInt(m.group(2)));
      return Node.modelVersion(v.model(), v.version());
    }
    if (text.startsWith("sha256:")) {
      String hex = text.substring("sha256:".length());
      return known(Node.artifact(hex.length() == 64 ? Digest.parse(text) : abbreviated(hex, graph)), graph, text);
    }
    m = ALIAS.matcher(text);
    if (m.matches() && !Files.exists(Path.of(text))) {
      ModelVersion v = lineage.registry().alias(m.group(1), m.group(2)).orElseThrow(() ->
          new NotFoundException("the alias " + text + " points to no version"));
      return Node.modelVersion(v.model(), v.version());
    }
    Path path = Path.of(text);
    if (Files.exists(path)) {
      Artifact a = lineage.describe(path);
      if (recorded(a.digest(), graph)) {
        return Node.artifact(a.digest());
      }
      // Not by its content: a dataset a Spark job read or wrote is known by its listing, at its location.
      return recordedAt(path, graph).orElseThrow(() -> new NotFoundException("no run used or produced " + text
          + " (" + a.digest() + ")"));
    }
    return Node.run(run(text, graph));
  }

  /**
   * The artifact recorded at {@code path}'s location, if runs recorded one content there (a Spark dataset's listing);
   * several contents at one location (a table rewritten between runs) are named so the user picks one.
   */
  private static java.util.Optional<Node> recordedAt(Path path, LineageGraph graph) {
    Path wanted = path.toAbsolutePath().normalize();
    java.util.Set<Digest> found = digests(graph, a -> a.location().filter(l -> "file".equals(l.getScheme()))
        .map(l -> Path.of(l.getPath()).normalize().equals(wanted)).orElse(false));
    if (found.size() > 1) {
      throw new InvalidInputException("artifact", path + " was recorded with " + found.size() + " different "
          + "contents (" + found.stream().limit(3).map(Digest::toString).collect(java.util.stream.Collectors
          .joining(", ")) + (found.size() > 3 ? ", ..." : "") + "); name one by its digest");
    }
    return found.stream().findFirst().map(Node::artifact);
  }

  /** A run id, or the one run whose id starts with {@code text}. */
  static RunId run(String text, LineageGraph graph) {
    String upper = text.toUpperCase(java.util.Locale.ROOT);
    if (upper.length() == 26) {
      RunId id = RunId.of(upper);
      try {
        graph.run(id);
      } catch (NotFoundException e) {
        for (StoreProblem p : graph.problems()) {
          if (p.run().filter(id::equals).isPresent()) {
            throw new StorageException("run " + id + " is damaged and left out: " + p.message()
                + " (lineage verify lists every damaged object)");
          }
        }
        throw e;
      }
      return id;
    }
    if (upper.length() < MIN_PREFIX || !upper.chars().allMatch(Character::isLetterOrDigit)) {
      throw new InvalidInputException("node", "'" + text + "' is not a run id, digest, existing path, model@VERSION "
          + "or model:ALIAS (a run id prefix needs " + MIN_PREFIX + "+ characters)");
    }
    List<RunId> matches = graph.search(RunQuery.all()).stream().map(RunRecord::id)
        .filter(id -> id.value().startsWith(upper)).limit(2).toList();
    if (matches.isEmpty()) {
      throw new NotFoundException("no run id starts with " + text);
    }
    if (matches.size() > 1) {
      throw new InvalidInputException("run id", "the prefix " + text + " matches more than one run ("
          + matches.get(0) + ", " + matches.get(1) + ", ...); give more characters");
    }
    return matches.get(0);
  }

  /** The one artifact digest of the graph that starts with {@code hex}, as git takes back its abbreviations. */
  private static Digest abbreviated(String hex, LineageGraph graph) {
    if (!HEX_PREFIX.matcher(hex).matches()) {
      throw new InvalidInputException("digest", "must be sha256: and 64 lower-case hex digits, or a unique prefix "
          + "of 6 or more, was 'sha256:" + hex + "'");
    }
    java.util.Set<Digest> found = digests(graph, a -> a.digest().hex().startsWith(hex));
    if (found.isEmpty()) {
      throw new NotFoundException("no artifact's digest starts with sha256:" + hex);
    }
    if (found.size() > 1) {
      List<Digest> two = found.stream().limit(2).toList();
      throw new InvalidInputException("digest", "sha256:" + hex + " starts " + found.size() + " artifacts' "
          + "digests (" + two.get(0) + ", " + two.get(1) + (found.size() > 2 ? ", ..." : "") + "); give more digits");
    }
    return found.iterator().next();
  }

  /** The digests, in hex order, of the artifacts runs used or produced that {@code wanted} accepts. */
  private static java.util.Set<Digest> digests(LineageGraph graph, java.util.function.Predicate<Artifact> wanted) {
    java.util.Set<Digest> found = new java.util.TreeSet<>(java.util.Comparator.comparing(Digest::hex));
    for (RunRecord r : graph.search(RunQuery.all())) {
      for (List<Artifact> artifacts : List.of(r.inputs(), r.outputs())) {
        artifacts.stream().filter(wanted).map(Artifact::digest).forEach(found::add);
      }
    }
    return found;
  }

  private static boolean recorded(Digest d, LineageGraph graph) {
    return !graph.producers(d).isEmpty() || !graph.consumers(d).isEmpty();
  }

  private static Node known(Node artifact, LineageGraph graph, String shown) {
    Digest d = artifact.digest();
    if (!recorded(d, graph)) {
      throw new NotFoundException("no run used or produced " + shown);
    }
    return artifact;
  }
}
