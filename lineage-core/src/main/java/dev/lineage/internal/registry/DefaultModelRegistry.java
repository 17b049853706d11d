package dev.lineage.internal.registry;

import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.ConflictException;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.NotFoundException;
import dev.lineage.ParamValue;
import dev.lineage.RunId;
import dev.lineage.internal.Json;
import dev.lineage.internal.Names;
import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.store.PutOnce;
import dev.lineage.internal.store.Records;
import dev.lineage.internal.store.StoreLayout;
import dev.lineage.registry.AliasMove;
import dev.lineage.registry.ModelRegistry;
import dev.lineage.registry.ModelVersion;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The registry over the store: version N is the object {@code versions/N}, and alias move K is the object
 * {@code aliases/{alias}/K}, each created with put-if-absent, so racing processes get dense versions and one
 * linear history per alias.
 */
public final class DefaultModelRegistry implements ModelRegistry {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final int MAX_ATTEMPTS = 1000;

  private final StorageBackend backend;
  private final ArtifactStore artifacts;
  private final Clock clock;
  private final String principal;
  private final boolean reasonRequired;

  public DefaultModelRegistry(StorageBackend backend, ArtifactStore artifacts, Clock clock, String principal,
      boolean reasonRequired) {
    this.backend = backend;
    this.artifacts = artifacts;
    this.clock = clock;
    this.principal = principal;
    this.reasonRequired = reasonRequired;
  }

  static String checkName(String field, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidInputException(field, "must be 1 to 100 characters of [A-Za-z0-9._-] starting with a letter "
          + "or digit, was " + (name == null ? "null" : "'" + name + "'"));
    }
    return name;
  }

  @Override
  public ModelVersion register(String model, Artifact artifact, RunId producedBy) {
    if (producedBy == null) {
      throw new InvalidInputException("run", "must not be null; use register(model, artifact) for none");
    }
    return registerVersion(model, artifact, producedBy);
  }

  @Override
  public ModelVersion register(String model, Artifact artifact) {
    return registerVersion(model, artifact, null);
  }

  private ModelVersion registerVersion(String model, Artifact artifact, RunId run) {
    checkName("model", model);
    if (artifact == null) {
      throw new InvalidInputException("artifact", "must not be null");
    }
    if (!artifacts.has(artifact)) {
      throw new InvalidInputException("artifact", "its content " + artifact.digest() + " is not in the store; "
          + "record it with run.produce(...) first");
    }
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      int next = lastVersion(model) + 1;
      Records.ModelVersionDoc doc = new Records.ModelVersionDoc(Records.MODEL_VERSION_FORMAT,
          StoreLayout.FORMAT_VERSION, model, next, artifact.digest().toString(), artifact.kind().name(),
          artifact.size(), artifact.name().orElse(null), run == null ? null : run.value(), principal, clock.millis());
      if (backend.putIfAbsent(StoreLayout.modelVersion(model, next), Payload.of(Json.write(doc)))
          == PutResult.CREATED) {
        return toVersion(doc);
      }
      // Another process took this number: count again and take the next.
    }
    throw new ConflictException("could not register a version of '" + model + "' in " + MAX_ATTEMPTS + " attempts");
  }

  private int lastVersion(String model) {
    List<ObjectInfo> all = backend.listAll(StoreLayout.modelVersions(model));
    return all.isEmpty() ? 0 : versionOf(all.get(all.size() - 1).key());
  }

  private static int versionOf(String key) {
    String file = key.substring(key.lastIndexOf('/') + 1);
    return Integer.parseInt(file.substring(0, file.length() - ".json".length()));
  }

  @Override
  public List<ModelVersion> versions(String model) {
    checkName("model", model);
    List<ModelVersion> out = new ArrayList<>();
    for (ObjectInfo o : backend.listAll(StoreLayout.modelVersions(model))) {
      out.add(toVersion(Json.read(PutOnce.read(backend, o.key()), Records.ModelVersionDoc.class, o.key())));
    }
    if (out.isEmpty()) {
      throw new NotFoundException("no model '" + model + "' in " + backend.uri());
    }
    return out;
  }

  @Override
  public ModelVersion version(String model, int version) {
    checkName("model", model);
    return backend.get(StoreLayout.modelVersion(model, version))
        .map(in -> toVersion(Json.read(in, Records.ModelVersionDoc.class, "model version")))
        .orElseThrow(() -> new NotFoundException("model '" + model + "' has no version " + version));
  }

  @Override
  public AliasMove moveAlias(String model, String alias, OptionalInt expected, int to, String reason,
      Optional<String> source) {
    checkName("model", model);
    checkName("alias", alias);
    if (expected == null || source == null) {
      throw new InvalidInputException(expected == null ? "expected" : "source", "must not be null (use empty)");
    }
    if (reason == null || (reasonRequired && reason.isBlank())) {
      throw new InvalidInputException("reason", "a reason is required by configuration for moving an alias");
    }
    Names.checkText("reason", reason, ParamValue.MAX_STRING_BYTES);
    source.ifPresent(s -> Names.checkText("source", s, Names.MAX_NAME_BYTES));
    if (backend.stat(StoreLayout.modelVersion(model, to)).isEmpty()) {
      throw new InvalidInputException("version", "model '" + model + "' has no version " + to);
    }
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Records.AliasMoveDoc> head = head(model, alias);
      OptionalInt current = head.map(h -> OptionalInt.of(h.to())).orElse(OptionalInt.empty());
      if (!current.equals(expected)) {
        throw new ConflictException("alias '" + alias + "' of '" + model + "' points to "
            + describe(current) + ", not " + describe(expected) + "; refresh and retry");
      }
      long seq = head.map(h -> h.seq() + 1).orElse(1L);
      Records.AliasMoveDoc doc = new Records.AliasMoveDoc(Records.ALIAS_MOVE_FORMAT, StoreLayout.FORMAT_VERSION,
          model, alias, seq, current.isPresent() ? current.getAsInt() : null, to, principal, clock.millis(), reason,
          source.orElse(null));
      if (backend.putIfAbsent(StoreLayout.aliasMove(model, alias, seq), Payload.of(Json.write(doc)))
          == PutResult.CREATED) {
        return toMove(doc);
      }
      // Someone appended first; the loop re-reads the head and fails unless it still points to expected.
    }
    throw new ConflictException("could not move alias '" + alias + "' in " + MAX_ATTEMPTS + " attempts");
  }

  private static String describe(OptionalInt version) {
    return version.isPresent() ? "version " + version.getAsInt() : "no version";
  }

  private Optional<Records.AliasMoveDoc> head(String model, String alias) {
    List<ObjectInfo> moves = backend.listAll(StoreLayout.aliasMoves(model, alias));
    if (moves.isEmpty()) {
      return Optional.empty();
    }
    String key = moves.get(moves.size() - 1).key();
    return Optional.of(Json.read(PutOnce.read(backend, key), Records.AliasMoveDoc.class, key));
  }

  @Override
  public Optional<ModelVersion> alias(String model, String alias) {
    checkName("model", model);
    checkName("alias", alias);
    return head(model, alias).map(h -> version(model, h.to()));
  }

  @Override
  public List<AliasMove> aliasHistory(String model, String alias) {
    checkName("model", model);
    checkName("alias", alias);
    List<AliasMove> out = new ArrayList<>();
    for (ObjectInfo o : backend.listAll(StoreLayout.aliasMoves(model, alias))) {
      out.add(toMove(Json.read(PutOnce.read(backend, o.key()), Records.AliasMoveDoc.class, o.key())));
    }
    return out;
  }

  @Override
  public List<String> models() {
    TreeSet<String> names = new TreeSet<>();
    for (ObjectInfo o : backend.listAll(StoreLayout.REGISTRY)) {
      String rest = o.key().substring(StoreLayout.REGISTRY.length());
      names.add(rest.substring(0, rest.indexOf('/')));
    }
    return List.copyOf(names);
  }

  static ModelVersion toVersion(Records.ModelVersionDoc d) {
    return new ModelVersion(d.model(), d.number(), new Artifact(Digest.parse(d.digest()), ArtifactKind.valueOf(d.kind()),
        d.size(), Optional.ofNullable(d.name())), Optional.ofNullable(d.run()).map(RunId::of), d.registeredBy(),
        Instant.ofEpochMilli(d.registeredAt()));
  }

  static AliasMove toMove(Records.AliasMoveDoc d) {
    return new AliasMove(d.model(), d.alias(), d.seq(), d.from() == null ? OptionalInt.empty() : OptionalInt.of(d.from()),
        d.to(), d.principal(), Instant.ofEpochMilli(d.at()), d.reason(), Optional.ofNullable(d.source()));
  }

  /** Every version and every alias's current target, for the lineage graph. */
  public RegistrySnapshot snapshot() {
    List<ModelVersion> versions = new ArrayList<>();
    java.util.Map<String, Records.AliasMoveDoc> heads = new java.util.TreeMap<>();
    for (ObjectInfo o : backend.listAll(StoreLayout.REGISTRY)) {
      if (o.key().contains("/versions/")) {
        versions.add(toVersion(Json.read(PutOnce.read(backend, o.key()), Records.ModelVersionDoc.class, o.key())));
      } else if (o.key().contains("/aliases/")) {
        Records.AliasMoveDoc d = Json.read(PutOnce.read(backend, o.key()), Records.AliasMoveDoc.class, o.key());
        heads.merge(d.model() + ":" + d.alias(), d, (a, b) -> a.seq() >= b.seq() ? a : b);
      }
    }
    java.util.Map<String, Integer> aliases = new java.util.TreeMap<>();
    heads.forEach((k, d) -> aliases.put(k, d.to()));
    return new RegistrySnapshot(versions, aliases);
  }

  /** Versions, and aliases as {@code model:alias -> version}. */
  public record RegistrySnapshot(List<ModelVersion> versions, java.util.Map<String, Integer> aliases) {}
}
