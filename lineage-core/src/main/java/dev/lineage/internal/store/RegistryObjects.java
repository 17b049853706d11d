package dev.lineage.internal.store;

import dev.lineage.CorruptObjectException;
import dev.lineage.StorageException;
import dev.lineage.StoreProblem;
import dev.lineage.spi.ObjectInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** The model registry's objects: versions and alias moves, each put once and read back (docs/lineage-index.md). */
public final class RegistryObjects {
  private final Store store;

  RegistryObjects(Store store) {
    this.store = store;
  }

  /** The highest version number of the model, from its keys (0 if none). */
  public int lastVersion(String model) {
    List<ObjectInfo> all = store.list(Keys.modelVersions(model), null);
    for (int i = all.size() - 1; i >= 0; i--) {
      int n = Keys.versionOf(all.get(i).key());
      if (n > 0) {
        return n;
      }
    }
    return 0;
  }

  /** A model's newest version by its keys: its number (0 if none) and checksum, which the next version names. */
  public record Tip(int number, String checksum) {}

  /**
   * The model's newest version, read for its checksum. A damaged newest version is a
   * {@link dev.lineage.CorruptObjectException} naming it: nothing can be chained onto it.
   */
  public Tip tip(String model) {
    int number = lastVersion(model);
    if (number == 0) {
      return new Tip(0, null);
    }
    return new Tip(number, store.requireDocument(Keys.modelVersion(model, number), Format.MODEL_VERSION,
        ModelVersionDoc.class).checksum());
  }

  /** True if this call's document now holds the version's key. */
  public boolean putVersion(ModelVersionDoc doc) {
    return store.commit(Keys.modelVersion(doc.model(), doc.number()), Documents.encode(Format.MODEL_VERSION, doc),
        true).ours();
  }

  public boolean versionExists(String model, int version) {
    return store.stat(Keys.modelVersion(model, version)).isPresent();
  }

  /**
   * One version, checked against the link its successor (if any) names, so that a version rewritten under a later
   * one is a {@link dev.lineage.CorruptObjectException}, never served as the model.
   */
  public Optional<ModelVersionDoc> version(String model, int version) {
    Optional<Documents.Decoded<ModelVersionDoc>> found = store.readDocument(Keys.modelVersion(model, version),
        Format.MODEL_VERSION, ModelVersionDoc.class);
    found.ifPresent(v -> store.readDocument(Keys.modelVersion(model, version + 1), Format.MODEL_VERSION,
        ModelVersionDoc.class).ifPresent(next -> Chains.link(next.doc().storedAt(), next.doc().prev(),
            v.doc().storedAt(), v.checksum(), v.doc().prev() != null)));
    return found.map(Documents.Decoded::doc);
  }

  /** A model's readable versions, oldest first, and what could not be read or is missing below a later one. */
  public record Versions(List<ModelVersionDoc> versions, List<StoreProblem> problems) {}

  /**
   * Every version of the model, oldest first. Versions are numbered from 1 without a gap (each is put once, the
   * next number after the highest); one that is damaged, or missing while a later one remains, is left out and
   * named among the problems, for this model alone.
   */
  public Versions versions(String model) {
    List<ModelVersionDoc> out = new ArrayList<>();
    List<StoreProblem> problems = new ArrayList<>();
    TreeSet<Integer> numbers = new TreeSet<>();
    Documents.Decoded<ModelVersionDoc> before = null;
    for (ObjectInfo o : store.list(Keys.modelVersions(model), null)) {
      int number = Keys.versionOf(o.key());
      numbers.add(number);
      try {
        Documents.Decoded<ModelVersionDoc> v = store.requireDocument(o.key(), Format.MODEL_VERSION,
            ModelVersionDoc.class);
        Documents.Decoded<ModelVersionDoc> predecessor = before;
        before = v;
        if (predecessor != null && predecessor.doc().number() == number - 1) {
          try {
            Chains.link(o.key(), v.doc().prev(), predecessor.doc().storedAt(), predecessor.checksum(),
                predecessor.doc().prev() != null);
          } catch (CorruptObjectException e) {
            // Either end of a broken link may be the rewritten one: neither is served.
            if (out.remove(predecessor.doc())) {
              problems.add(StoreProblem.of(predecessor.doc().storedAt(), Optional.empty(), new CorruptObjectException(
                  predecessor.doc().storedAt(), "is not the version " + number + " names as its predecessor")));
            }
            problems.add(StoreProblem.of(o.key(), Optional.empty(), e));
            continue;
          }
        }
        out.add(v.doc());
      } catch (StorageException e) {
        problems.add(StoreProblem.of(o.key(), Optional.empty(), e));
        before = null;
      }
    }
    versionGaps(model, numbers, problems);
    return new Versions(out, problems);
  }

  /** Each version of {@code model} missing below its highest one ({@code numbers} are those listed). */
  private static void versionGaps(String model, TreeSet<Integer> numbers, List<StoreProblem> problems) {
    if (numbers.isEmpty()) {
      return;
    }
    for (int n = 1; n < numbers.last(); n++) {
      if (!numbers.contains(n)) {
        problems.add(new StoreProblem(Keys.modelVersion(model, n), Optional.empty(), StoreProblem.Kind.DANGLING,
            "version " + n + " of model '" + model + "' is missing while version " + numbers.last()
            + " remains (deleted?)"));
      }
    }
  }

  /**
   * The newest move of an alias, with its checksum (which the next move names); a damaged one is an exception
   * naming it, for this alias alone.
   */
  public Optional<Documents.Decoded<AliasMoveDoc>> head(String model, String alias) {
    List<ObjectInfo> moves = store.list(Keys.aliasMoves(model, alias), null);
    if (moves.isEmpty()) {
      return Optional.empty();
    }
    String key = moves.get(moves.size() - 1).key();
    return Optional.of(store.requireDocument(key, Format.ALIAS_MOVE, AliasMoveDoc.class));
  }

  public boolean putMove(AliasMoveDoc doc) {
    return store.commit(Keys.aliasMove(doc.model(), doc.alias(), doc.seq()), Documents.encode(Format.ALIAS_MOVE, doc),
        true).ours();
  }

  /**
   * Every move of the alias, oldest first. Moves are numbered from 1 without a gap; one missing while a later one
   * remains is a {@link dev.lineage.CorruptObjectException} naming it, never a silently shorter history.
   */
  public List<AliasMoveDoc> history(String model, String alias) {
    List<AliasMoveDoc> out = new ArrayList<>();
    Documents.Decoded<AliasMoveDoc> before = null;
    for (ObjectInfo o : store.list(Keys.aliasMoves(model, alias), null)) {
      Documents.Decoded<AliasMoveDoc> decoded = store.requireDocument(o.key(), Format.ALIAS_MOVE, AliasMoveDoc.class);
      AliasMoveDoc move = decoded.doc();
      long expected = out.size() + 1L;
      if (move.seq() != expected) {
        throw new dev.lineage.CorruptObjectException(Keys.aliasMove(model, alias, expected), "move " + expected
            + " of alias '" + alias + "' of model '" + model + "' is missing while move " + move.seq()
            + " remains (deleted?)");
      }
      if (before != null) {
        Chains.link(o.key(), move.prev(), before.doc().storedAt(), before.checksum(), before.doc().prev() != null);
      }
      out.add(move);
      before = decoded;
    }
    return out;
  }

  /** The newest version of the registry's promotion policy, with its checksum; empty if none was ever set. */
  public Optional<Documents.Decoded<PolicyDoc>> policy() {
    List<ObjectInfo> versions = store.list(Keys.POLICY, null);
    if (versions.isEmpty()) {
      return Optional.empty();
    }
    String key = versions.get(versions.size() - 1).key();
    return Optional.of(store.requireDocument(key, Format.REGISTRY_POLICY, PolicyDoc.class));
  }

  /** True if this call's policy version now holds its number. */
  public boolean putPolicy(PolicyDoc doc) {
    return store.commit(Keys.policy(doc.seq()), Documents.encode(Format.REGISTRY_POLICY, doc), true).ours();
  }

  /** The names of the model's aliases (every alias that was ever moved), sorted. */
  public List<String> aliases(String model) {
    TreeSet<String> names = new TreeSet<>();
    String prefix = Keys.aliases(model);
    for (ObjectInfo o : store.list(prefix, null)) {
      String rest = o.key().substring(prefix.length());
      if (rest.indexOf('/') > 0) {
        names.add(rest.substring(0, rest.indexOf('/')));
      }
    }
    return List.copyOf(names);
  }

  public List<String> models() {
    TreeSet<String> names = new TreeSet<>();
    for (ObjectInfo o : store.list(Keys.REGISTRY, null)) {
      String rest = o.key().substring(Keys.REGISTRY.length());
      names.add(rest.substring(0, rest.indexOf('/')));
    }
    return List.copyOf(names);
  }

  /**
   * Every readable version and each alias's newest readable move ({@code model:alias}), with what could not be
   * read: one damaged object costs its own answer, not the registry's.
   */
  public record Scan(List<ModelVersionDoc> versions, Map<String, AliasMoveDoc> heads, List<StoreProblem> problems) {}

  public Scan scan() {
    List<ModelVersionDoc> versions = new ArrayList<>();
    Map<String, AliasMoveDoc> heads = new TreeMap<>();
    List<StoreProblem> problems = new ArrayList<>();
    java.util.Set<String> unknownAliases = new TreeSet<>();
    Map<String, TreeSet<Integer>> numbers = new TreeMap<>();
    for (ObjectInfo o : store.list(Keys.REGISTRY, null)) {
      try {
        if (o.key().contains("/versions/")) {
          String model = o.key().substring(Keys.REGISTRY.length(), o.key().indexOf('/', Keys.REGISTRY.length()));
          numbers.computeIfAbsent(model, m -> new TreeSet<>()).add(Keys.versionOf(o.key()));
          versions.add(store.requireDocument(o.key(), Format.MODEL_VERSION, ModelVersionDoc.class).doc());
        } else if (o.key().contains("/aliases/")) {
          AliasMoveDoc d = store.requireDocument(o.key(), Format.ALIAS_MOVE, AliasMoveDoc.class).doc();
          heads.merge(d.model() + ":" + d.alias(), d, (a, b) -> a.seq() >= b.seq() ? a : b);
        } else {
          problems.add(new StoreProblem(o.key(), Optional.empty(), StoreProblem.Kind.STRAY,
              "not a registry object"));
        }
      } catch (StorageException e) {
        problems.add(StoreProblem.of(o.key(), Optional.empty(), e));
        String[] parts = o.key().substring(Keys.REGISTRY.length()).split("/");
        if (parts.length == 4 && parts[1].equals("aliases")) {
          unknownAliases.add(parts[0] + ":" + parts[2]); // where it points now cannot be told: not guessed
        }
      }
    }
    heads.keySet().removeAll(unknownAliases);
    numbers.forEach((model, listed) -> versionGaps(model, listed, problems));
    return new Scan(versions, heads, problems);
  }
}
