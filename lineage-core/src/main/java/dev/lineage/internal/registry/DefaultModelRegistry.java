package dev.lineage.internal.registry;

import dev.lineage.Artifact;
import dev.lineage.ConflictException;
import dev.lineage.CorruptObjectException;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.NotFoundException;
import dev.lineage.ParamValue;
import dev.lineage.RunId;
import dev.lineage.StoreProblem;
import dev.lineage.internal.Names;
import dev.lineage.internal.Ulid;
import dev.lineage.internal.store.AliasMoveDoc;
import dev.lineage.internal.store.Documents;
import dev.lineage.internal.store.Keys;
import dev.lineage.internal.store.ModelVersionDoc;
import dev.lineage.internal.store.PolicyDoc;
import dev.lineage.internal.store.RegistryObjects;
import dev.lineage.internal.store.Store;
import dev.lineage.registry.AliasMove;
import dev.lineage.registry.AliasMoveRequest;
import dev.lineage.registry.AliasProtection;
import dev.lineage.registry.ModelRegistry;
import dev.lineage.registry.ModelVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The registry over the store: version N is the object {@code versions/N}, and alias move K is the object
 * {@code aliases/{alias}/K}, each put once and read back, so racing processes get dense versions and one linear
 * history per alias.
 */
public final class DefaultModelRegistry implements ModelRegistry {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final int MAX_ATTEMPTS = 1000;

  private final Store store;
  private final RegistryObjects objects;
  private final Clock clock;
  private final String principal;
  private final boolean reasonRequired;
  /** Told of each damaged or missing registry object a listing leaves out. */
  private final Consumer<StoreProblem> problems;

  public DefaultModelRegistry(Store store, Clock clock, String principal, boolean reasonRequired,
      Consumer<StoreProblem> problems) {
    this.problems = problems;
    this.store = store;
    this.objects = store.registry();
    this.clock = clock;
    this.principal = principal;
    this.reasonRequired = reasonRequired;
  }

  /** A model or alias name, checked: 1 to 100 of {@code [A-Za-z0-9._-]}, a letter or digit first. */
  public static String checkName(String field, String name) {
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
    if (run != null && !store.runs().exists(run)) {
      throw new InvalidInputException("run", "no run " + run + " in " + store.uri()
          + "; name the run that produced the artifact");
    }
    if (!store.blobs().exists(artifact.digest())) {
      throw new InvalidInputException("artifact", "its content " + artifact.digest() + " is not in the store; "
          + "record it with run.produce(...) first");
    }
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      RegistryObjects.Tip tip = objects.tip(model);
      long now = clock.millis();
      ModelVersionDoc doc = new ModelVersionDoc(model, tip.number() + 1, artifact.digest().toString(),
          artifact.kind(), artifact.size(), artifact.name().orElse(null), run == null ? null : run.value(), principal,
          now, Ulid.next(now), tip.checksum());
      if (objects.putVersion(doc)) {
        return toVersion(doc);
      }
      // Another process took this number: count again and take the next.
    }
    throw new ConflictException("could not register a version of '" + model + "' in " + MAX_ATTEMPTS + " attempts");
  }

  @Override
  public List<ModelVersion> versions(String model) {
    checkName("model", model);
    RegistryObjects.Versions found = objects.versions(model);
    found.problems().forEach(problems);
    List<ModelVersion> out = found.versions().stream().map(DefaultModelRegistry::toVersion).toList();
    if (out.isEmpty() && found.problems().isEmpty()) {
      throw new NotFoundException("no model '" + model + "' in " + store.uri());
    }
    return out;
  }

  @Override
  public ModelVersion version(String model, int version) {
    checkName("model", model);
    return objects.version(model, version).map(DefaultModelRegistry::toVersion)
        .orElseThrow(() -> new NotFoundException("model '" + model + "' has no version " + version));
  }

  @Override
  public AliasMove moveAlias(AliasMoveRequest request) {
    Optional<PolicyDoc.Protection> protection = checked(request);
    if (protection.isPresent() && protection.get().approval()) {
      throw new InvalidInputException("alias", "'" + request.alias() + "' is protected: it moves when a second "
          + "principal approves; propose the move (proposeMove, 'lineage promote' proposes) and have another "
          + "principal approve it");
    }
    return append(request, null);
  }

  @Override
  public AliasMove proposeMove(AliasMoveRequest request) {
    Optional<PolicyDoc.Protection> protection = checked(request);
    if (protection.isEmpty() || !protection.get().approval()) {
      throw new InvalidInputException("alias", "'" + request.alias() + "' needs no approval: move it (moveAlias)");
    }
    return append(request, AliasMoveDoc.PROPOSAL);
  }

  /** Checks a request's names, reason and target; returns the alias's protection, if any. */
  private Optional<PolicyDoc.Protection> checked(AliasMoveRequest request) {
    if (request == null) {
      throw new InvalidInputException("request", "must not be null");
    }
    Optional<PolicyDoc.Protection> protection = protection(request.alias());
    String reason = request.reason();
    if (reasonRequired && reason.isBlank()) {
      throw new InvalidInputException("reason", "must not be blank: this Lineage is configured with "
          + "requireReason(true)");
    }
    if (protection.isPresent() && reason.isBlank()) {
      throw new InvalidInputException("reason", "must not be blank: alias '" + request.alias() + "' is protected");
    }
    Names.checkText("reason", reason, ParamValue.MAX_STRING_BYTES);
    request.source().ifPresent(s -> Names.checkText("source", s, Names.MAX_NAME_BYTES));
    if (!objects.versionExists(request.model(), request.to())) {
      throw objects.lastVersion(request.model()) == 0
          ? new NotFoundException("no model '" + request.model() + "' in " + store.uri())
          : new NotFoundException("model '" + request.model() + "' has no version " + request.to());
    }
    return protection;
  }

  /** Appends a move or a proposal: compare-and-set on where the alias points now. */
  private AliasMove append(AliasMoveRequest request, String kind) {
    String model = request.model();
    String alias = request.alias();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Documents.Decoded<AliasMoveDoc>> head = objects.head(model, alias);
      OptionalInt current = head.map(h -> h.doc().target()).map(OptionalInt::of).orElse(OptionalInt.empty());
      if (!current.equals(request.expected())) {
        throw new ConflictException("alias '" + alias + "' of '" + model + "' points to "
            + describe(current) + ", not " + describe(request.expected()) + "; refresh and retry");
      }
      AliasMoveDoc doc = next(model, alias, head, current, request.to(), request.reason(),
          request.source().orElse(null), kind);
      if (objects.putMove(doc)) {
        return toMove(doc);
      }
      // Someone appended first; the loop re-reads the head and fails unless it still points to expected.
    }
    throw new ConflictException("could not move alias '" + alias + "' in " + MAX_ATTEMPTS + " attempts");
  }

  private AliasMoveDoc next(String model, String alias, Optional<Documents.Decoded<AliasMoveDoc>> head,
      OptionalInt current, int to, String reason, String source, String kind) {
    long now = clock.millis();
    return new AliasMoveDoc(model, alias, head.map(h -> h.doc().seq() + 1).orElse(1L),
        current.isPresent() ? current.getAsInt() : null, to, principal, now, reason, source, Ulid.next(now),
        head.map(Documents.Decoded::checksum).orElse(null), kind);
  }

  @Override
  public AliasMove approveMove(String model, String alias, long proposal, String reason) {
    checkName("model", model);
    checkName("alias", alias);
    if (reason == null) {
      throw new InvalidInputException("reason", "must not be null (pass \"\" for none)");
    }
    Names.checkText("reason", reason, ParamValue.MAX_STRING_BYTES);
    Optional<Documents.Decoded<AliasMoveDoc>> head = objects.head(model, alias);
    AliasMoveDoc proposed = head.map(Documents.Decoded::doc).filter(h -> h.seq() == proposal
        && AliasMoveDoc.PROPOSAL.equals(h.kind())).orElseThrow(() -> new ConflictException("alias '" + alias
            + "' of '" + model + "' has no pending proposal " + proposal + "; its newest entry is "
            + head.map(h -> h.doc().seq() + " (" + (h.doc().kind() == null ? "a move" : h.doc().kind()
                .toLowerCase(java.util.Locale.ROOT)) + ")").orElse("none") + ": refresh and retry"));
    if (proposed.principal().equals(principal)) {
      throw new InvalidInputException("principal", "'" + principal + "' proposed move " + proposal + " of alias '"
          + alias + "' and cannot approve it: a second principal must");
    }
    AliasMoveDoc doc = next(model, alias, head, proposed.from() == null ? OptionalInt.empty()
        : OptionalInt.of(proposed.from()), proposed.to(), reason, "approves move " + proposal, AliasMoveDoc.APPROVAL);
    if (!objects.putMove(doc)) {
      throw new ConflictException("alias '" + alias + "' of '" + model + "' changed while move " + proposal
          + " was being approved; refresh and retry");
    }
    return toMove(doc);
  }

  @Override
  public Optional<AliasMove> pendingMove(String model, String alias) {
    checkName("model", model);
    checkName("alias", alias);
    return objects.head(model, alias).map(Documents.Decoded::doc).filter(h -> AliasMoveDoc.PROPOSAL.equals(h.kind()))
        .map(DefaultModelRegistry::toMove);
  }

  @Override
  public AliasProtection protectAlias(String alias, boolean secondApproval, String reason) {
    checkName("alias", alias);
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException("reason", "must not be blank: a protection is part of the audited history");
    }
    Names.checkText("reason", reason, ParamValue.MAX_STRING_BYTES);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Documents.Decoded<PolicyDoc>> policy = objects.policy();
      List<PolicyDoc.Protection> protections = new ArrayList<>(policy.map(p -> p.doc().protections())
          .orElse(List.of()));
      Optional<PolicyDoc.Protection> now = protections.stream().filter(p -> p.alias().equals(alias)).findFirst();
      if (now.isPresent() && now.get().approval() && !secondApproval) {
        throw new InvalidInputException("secondApproval", "alias '" + alias + "' is protected with a second "
            + "approval; a protection is never weakened");
      }
      if (now.isPresent() && now.get().approval() == secondApproval) {
        return new AliasProtection(alias, secondApproval); // already so
      }
      protections.removeIf(p -> p.alias().equals(alias));
      protections.add(new PolicyDoc.Protection(alias, secondApproval));
      protections.sort(java.util.Comparator.comparing(PolicyDoc.Protection::alias));
      long at = clock.millis();
      PolicyDoc doc = new PolicyDoc(policy.map(p -> p.doc().seq() + 1).orElse(1L), protections, principal, at,
          reason, policy.map(Documents.Decoded::checksum).orElse(null), Ulid.next(at));
      if (objects.putPolicy(doc)) {
        return new AliasProtection(alias, secondApproval);
      }
    }
    throw new ConflictException("could not change the registry's policy in " + MAX_ATTEMPTS + " attempts");
  }

  @Override
  public List<AliasProtection> protections() {
    return objects.policy().map(p -> p.doc().protections().stream()
        .map(x -> new AliasProtection(x.alias(), x.approval())).toList()).orElse(List.of());
  }

  private Optional<PolicyDoc.Protection> protection(String alias) {
    checkName("alias", alias);
    return objects.policy().flatMap(p -> p.doc().protections().stream().filter(x -> x.alias().equals(alias))
        .findFirst());
  }

  private static String describe(OptionalInt version) {
    return version.isPresent() ? "version " + version.getAsInt() : "nowhere";
  }

  @Override
  public Optional<ModelVersion> alias(String model, String alias) {
    checkName("model", model);
    checkName("alias", alias);
    return objects.head(model, alias).map(Documents.Decoded::doc).map(AliasMoveDoc::target)
        .map(to -> objects.version(model, to).map(DefaultModelRegistry::toVersion)
        .orElseThrow(() -> new CorruptObjectException(Keys.modelVersion(model, to), "alias '" + alias
            + "' of model '" + model + "' points to version " + to + ", which is missing (deleted?)")));
  }

  @Override
  public List<AliasMove> aliasHistory(String model, String alias) {
    checkName("model", model);
    checkName("alias", alias);
    return objects.history(model, alias).stream().map(DefaultModelRegistry::toMove).toList();
  }

  @Override
  public List<String> models() {
    return objects.models();
  }

  @Override
  public List<String> aliases(String model) {
    checkName("model", model);
    return objects.aliases(model);
  }

  static ModelVersion toVersion(ModelVersionDoc d) {
    return new ModelVersion(d.model(), d.number(), new Artifact(Digest.parse(d.digest()), d.kind(), d.size(),
        Optional.ofNullable(d.name())), Optional.ofNullable(d.run()).map(RunId::of), d.registeredBy(),
        Instant.ofEpochMilli(d.registeredAt()));
  }

  static AliasMove toMove(AliasMoveDoc d) {
    return new AliasMove(d.model(), d.alias(), d.seq(), d.from() == null ? OptionalInt.empty()
        : OptionalInt.of(d.from()), d.to(), d.principal(), Instant.ofEpochMilli(d.at()), d.reason(),
        Optional.ofNullable(d.source()), d.kind() == null ? AliasMove.Kind.MOVE : AliasMove.Kind.valueOf(d.kind()));
  }

  /** Every readable version and every alias's current target, for the lineage graph; damage is reported. */
  public RegistrySnapshot snapshot() {
    RegistryObjects.Scan scan = objects.scan();
    List<ModelVersion> versions = new ArrayList<>();
    scan.versions().forEach(v -> versions.add(toVersion(v)));
    Map<String, Integer> aliases = new TreeMap<>();
    scan.heads().forEach((k, d) -> {
      if (d.target() != null) { // a first proposal not yet approved points the alias nowhere
        aliases.put(k, d.target());
      }
    });
    return new RegistrySnapshot(versions, aliases, scan.problems());
  }

  /** Versions, aliases as {@code model:alias -> version}, and the registry objects that could not be read. */
  public record RegistrySnapshot(List<ModelVersion> versions, Map<String, Integer> aliases,
      List<StoreProblem> problems) {}
}
