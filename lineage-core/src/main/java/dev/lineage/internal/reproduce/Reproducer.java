package dev.lineage.internal.reproduce;

import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.ClasspathEntry;
import dev.lineage.Command;
import dev.lineage.Fingerprint;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.LineageException;
import dev.lineage.NotFoundException;
import dev.lineage.ReproduceRequest;
import dev.lineage.RunRecord;
import dev.lineage.SourceState;
import dev.lineage.StorageException;
import dev.lineage.Workspace;
import dev.lineage.internal.env.MavenLayout;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds a run's workspace (docs/reproduce.md): its class path from the store and Maven repositories, its file
 * inputs restored, its source checked out, and {@code run.sh}. Everything is written into a sibling directory that
 * takes the workspace's name only once whole, so a failure leaves nothing behind that looks like a workspace.
 */
public final class Reproducer {
  static final String SCRIPT = "run.sh";
  /** The system property a workspace's script sets: every run that JVM starts records that it reproduces this one. */
  public static final String REPRODUCES_PROPERTY = "lineage.reproduces";

  private final Lineage lineage;

  public Reproducer(Lineage lineage) {
    this.lineage = lineage;
  }

  public Workspace reproduce(ReproduceRequest request) {
    RunRecord record = lineage.runRecord(request.run());
    Fingerprint fp = record.fingerprint();
    Command command = fp.command().orElseThrow(() -> new InvalidInputException("run", request.run()
        + " recorded no command (it ran with recordCode(false), or before commands were recorded)"));
    if (fp.classpath().isEmpty()) {
      throw new InvalidInputException("run", request.run() + " recorded no class path (it ran with"
          + " recordCode(false), before class paths were recorded, or its capture never finished)");
    }
    if (command.program().size() > 0 && List.of("-m", "--module").contains(command.program().get(0))) {
      throw new InvalidInputException("run", request.run() + " ran a module (" + String.join(" ", command.program())
          + "): its module path is not recorded, so it cannot be started again");
    }
    Path into = request.into();
    checkEmpty(into);
    Path partial = into.resolveSibling("." + into.getFileName() + ".partial-" + UUID.randomUUID());
    try {
      Files.createDirectories(partial);
      Built built = build(request, record, command, partial);
      if (Files.isDirectory(into)) {
        Files.delete(into); // empty, checked above
      }
      Files.move(partial, into, StandardCopyOption.ATOMIC_MOVE);
      return built.at(into);
    } catch (IOException | RuntimeException e) {
      deleteTree(partial);
      if (e instanceof LineageException l) {
        throw l;
      }
      throw new StorageException("cannot build the workspace of " + request.run() + " in " + into + ": " + e, e);
    }
  }

  /** What was built, with paths relative to the workspace. */
  private record Built(RunRecord run, Path script, Path work, List<Path> classpath, Map<Artifact, Path> inputs,
      Map<String, String> secrets, Optional<Path> source) {
    Workspace at(Path dir) {
      Map<Artifact, Path> in = new LinkedHashMap<>();
      inputs.forEach((a, p) -> in.put(a, dir.resolve(p)));
      return new Workspace(run.id(), dir, dir.resolve(script), dir.resolve(work),
          classpath.stream().map(p -> p.isAbsolute() ? p : dir.resolve(p)).toList(), in, secrets,
          source.map(dir::resolve));
    }
  }

  private Built build(ReproduceRequest request, RunRecord record, Command command, Path dir) throws IOException {
    Path work = Path.of("work");
    Files.createDirectories(dir.resolve(work));
    LaunchScript script = new LaunchScript();
    Fingerprint fp = record.fingerprint();
    script.comment("Reproduces run " + record.id() + " \"" + record.name() + "\", started " + record.startedAt()
        + " on " + fp.host() + " by " + fp.user() + " with " + fp.jvmVendor() + " " + fp.jvmVersion() + ".");
    script.comment("Written by lineage reproduce; the workspace can be moved, the script finds it by its own place.");

    Path originalWork = Path.of(command.workingDirectory());
    // Each placed entry's word in the script, by the path the run had it at (java -jar names its jar so).
    Map<Path, String> classpathWords = new LinkedHashMap<>();
    List<Path> classpath = new ArrayList<>();
    List<ClasspathEntry> entries = lineage.classpath(record.id());
    LibraryFetcher libraries = new LibraryFetcher(MavenLayout.localRepositories(), request.repositories());
    for (int i = 0; i < entries.size(); i++) {
      ClasspathEntry e = entries.get(i);
      Optional<Path> placed = place(e, i, dir, libraries);
      placed.ifPresent(p -> {
        classpath.add(p);
        classpathWords.put(originalWork.resolve(e.path()).normalize(),
            p.isAbsolute() ? p.toString() : LaunchScript.HERE + "/" + slashes(p));
      });
      if (placed.isEmpty()) {
        script.comment("Left out of the class path: " + e.path() + " (it did not exist when the run started).");
      }
    }

    // An argument that is exactly an input's or an output's path follows it into the workspace; no other path is
    // touched (a prefix rule would move a store or a cache that merely lies beside them).
    Rewrites rewrites = new Rewrites();
    Map<Artifact, Path> inputs = new LinkedHashMap<>();
    for (Artifact input : record.inputs()) {
      Optional<Path> at = fileLocation(input);
      if (at.isEmpty()) {
        script.comment("Not restored: input " + input.name().orElse(input.digest().toString()) + " ("
            + input.location().map(Object::toString).orElse("recorded without a location") + ").");
        continue;
      }
      Path relative = at.get().startsWith(originalWork) ? work.resolve(originalWork.relativize(at.get()))
          : Path.of("inputs").resolve(withoutRoot(at.get()));
      rewrites.add(at.get(), LaunchScript.HERE + "/" + slashes(relative));
      Files.createDirectories(dir.resolve(relative).getParent());
      try {
        lineage.restore(input, dir.resolve(relative));
      } catch (NotFoundException e) {
        throw new NotFoundException("input " + input.name().orElse(at.get().toString()) + " (" + input.digest()
            + ", read from " + at.get() + ") is not in the store: " + e.getMessage());
      }
      inputs.put(input, relative);
    }
    for (Artifact output : record.outputs()) {
      Optional<Path> at = fileLocation(output);
      if (at.isPresent()) {
        // A rerun writes in the workspace, never over what the run once wrote.
        Path relative = at.get().startsWith(originalWork) ? work.resolve(originalWork.relativize(at.get()))
            : Path.of("outputs").resolve(withoutRoot(at.get()));
        Files.createDirectories(dir.resolve(relative).getParent());
        rewrites.add(at.get(), LaunchScript.HERE + "/" + slashes(relative));
      }
    }

    Map<String, String> secrets = new LinkedHashMap<>();
    List<String> words = new ArrayList<>();
    if (request.debug()) {
      words.add("-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=*:5005");
      script.comment("Waits for a debugger on port 5005 before the program starts (--debug).");
    }
    List<String> jvm = command.jvmArguments();
    for (int i = 0; i < jvm.size(); i++) {
      String a = jvm.get(i);
      if (List.of("-cp", "-classpath", "--class-path").contains(a)) {
        i++; // the class path is the workspace's, given below
      } else if (a.startsWith("-javaagent:") || a.startsWith("-agentlib:") || a.startsWith("-agentpath:")) {
        script.comment("Left out: " + a + " (an agent of the machine the run started on).");
      } else if (request.store().isPresent() && a.startsWith("-D" + Lineage.STORE_PROPERTY + "=")
          || a.startsWith("-D" + REPRODUCES_PROPERTY + "=")) {
        continue; // replaced: the store asked for, the run this reproduces
      } else {
        words.add(secret(a, i > 0 ? jvm.get(i - 1) : "a JVM option", secrets, script, rewrites));
      }
    }
    request.store().ifPresent(s -> words.add("-D" + Lineage.STORE_PROPERTY + "=" + s));
    words.add("-D" + REPRODUCES_PROPERTY + "=" + record.id());
    List<String> program = command.program();
    List<String> args = command.arguments();
    Optional<String> main = fp.mainClass();
    if (entries.stream().anyMatch(ClasspathEntry::fromLoader) && main.isPresent() && !program.isEmpty()
        && !program.get(0).equals("-jar") && !program.get(0).equals(main.get())) {
      // A launcher (mvn exec:java, a plugin host) loaded the program: start its main class directly. The launcher's
      // arguments were the launcher's; the program's own arrived some other way, and are not known.
      script.comment("Started by " + program.get(0) + " " + String.join(" ", args) + ": the script starts "
          + main.get() + " directly, without the launcher's arguments.");
      program = List.of(main.get());
      args = List.of();
    }
    if (!program.isEmpty() && program.get(0).equals("-jar")) {
      // java -jar: the jar restored like any class path entry (a launcher that set java.class.path itself, as
      // surefire's booter does, keeps its jar where it was).
      words.add("-jar");
      words.add(classpathWords.getOrDefault(originalWork.resolve(program.get(1)).normalize(), program.get(1)));
    } else {
      words.add("-cp");
      words.add(String.join(File.pathSeparator, classpathWords.values()));
      words.addAll(program);
    }
    for (int i = 0; i < args.size(); i++) {
      words.add(secret(args.get(i), i > 0 ? args.get(i - 1) : "the first argument", secrets, script, rewrites));
    }

    Optional<Path> source = request.source().map(clone -> checkout(clone, fp, dir.resolve("source")))
        .map(p -> Path.of("source"));
    Path scriptPath = Path.of(SCRIPT);
    Files.writeString(dir.resolve(scriptPath), script.text(LaunchScript.HERE + "/work", words),
        StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(dir.resolve(scriptPath), PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException notPosix) {
      // started with sh run.sh, as the docs say
    }
    return new Built(record, scriptPath, work, classpath, inputs, secrets, source);
  }

  /** Where the entry goes in the workspace (relative), or, for a large unstored entry still there, its own path. */
  private Optional<Path> place(ClasspathEntry e, int index, Path dir, LibraryFetcher libraries) throws IOException {
    if (e.content().isEmpty()) {
      return Optional.empty();
    }
    Artifact content = e.content().get();
    Path relative = Path.of("classpath", String.format(Locale.ROOT, "%03d-%s", index,
        content.name().orElse(content.kind() == ArtifactKind.DIRECTORY ? "classes" : "entry.jar")));
    Files.createDirectories(dir.resolve("classpath"));
    if (e.stored()) {
      try {
        lineage.restore(content, dir.resolve(relative));
      } catch (NotFoundException missing) {
        throw new NotFoundException("class path entry " + e.path() + " (" + content.digest() + ") was stored and"
            + " is gone from the store: " + missing.getMessage());
      }
      return Optional.of(relative);
    }
    if (e.coordinates().isPresent()) {
      // In a repository's layout, its POM beside it: the rerun records it as the same library, not as code.
      Path library = Path.of("classpath", "repository").resolve(LibraryFetcher.layoutPath(e.coordinates().get()));
      Files.createDirectories(dir.resolve(library).getParent());
      libraries.fetch(e.coordinates().get(), content, dir.resolve(library));
      String[] c = e.coordinates().get().split(":");
      Files.writeString(dir.resolve(library).resolveSibling(c[1] + "-" + c[2] + ".pom"), "<project><groupId>" + c[0]
          + "</groupId><artifactId>" + c[1] + "</artifactId><version>" + c[2] + "</version></project>\n");
      return Optional.of(library);
    }
    Path original = Path.of(e.path());
    if (content.kind() == ArtifactKind.FILE && LibraryFetcher.matches(original, content.digest())) {
      return Optional.of(original.toAbsolutePath());
    }
    throw new NotFoundException("class path entry " + e.path() + " (" + content.digest() + ", "
        + content.size() + " bytes) was too large to store, has no Maven coordinates, and is not at its path with"
        + " those bytes any more");
  }

  /** The argument with each recorded {@code <redacted>} read from an environment variable, paths rewritten. */
  private static String secret(String word, String before, Map<String, String> secrets, LaunchScript script,
      Rewrites rewrites) {
    String rewritten = rewrites.apply(word);
    if (!rewritten.contains(Command.REDACTED)) {
      return rewritten;
    }
    StringBuilder out = new StringBuilder();
    String[] parts = rewritten.split(java.util.regex.Pattern.quote(Command.REDACTED), -1);
    for (int i = 0; i < parts.length; i++) {
      out.append(parts[i]);
      if (i < parts.length - 1) {
        String name = "LINEAGE_SECRET_" + (secrets.size() + 1);
        String what = word.equals(Command.REDACTED) ? "the value after " + before : "the secret in " + word;
        secrets.put(name, what);
        script.require(name, what + " was not recorded: set " + name);
        out.append(LaunchScript.env(name));
      }
    }
    return out.toString();
  }

  /** Clones {@code clone} into {@code target} at the run's commit and applies its recorded uncommitted change. */
  private Path checkout(Path clone, Fingerprint fp, Path target) {
    String commit = fp.gitCommit().orElseThrow(() -> new InvalidInputException("source",
        "the run recorded no git commit, so there is nothing to check out of " + clone));
    git(clone.getParent() == null ? clone : clone.getParent(), "the clone " + clone + " cannot be cloned", "clone",
        "--quiet", "--no-checkout", clone.toString(), target.toString());
    if (!gitOk(target, "cat-file", "-e", commit + "^{commit}")) {
      throw new NotFoundException("commit " + commit + " is not in " + clone + " (fetch it there first)");
    }
    git(target, "cannot check out " + commit, "checkout", "--quiet", "--detach", commit);
    Optional<Artifact> diff = fp.source().flatMap(SourceState::diff);
    if (diff.isPresent()) {
      Path patch = target.resolve(".git").resolve(SourceState.DIFF_NAME);
      try (InputStream in = lineage.openArtifact(diff.get())) {
        Files.copy(in, patch, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      git(target, "the run's uncommitted change does not apply to " + commit, "apply", "--binary", patch.toString());
    }
    return target;
  }

  private static void git(Path dir, String failure, String... args) {
    if (!gitOk(dir, args)) {
      throw new InvalidInputException("source", failure);
    }
  }

  private static boolean gitOk(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      throw new InvalidInputException("source", "git cannot be started: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Optional<Path> fileLocation(Artifact a) {
    return a.location().filter(u -> "file".equals(u.getScheme())).map(Path::of);
  }

  private static Path withoutRoot(Path p) {
    return p.getRoot() == null ? p : p.getRoot().relativize(p);
  }

  private static String slashes(Path p) {
    return p.toString().replace(File.separatorChar, '/');
  }

  private static void checkEmpty(Path into) {
    if (Files.isRegularFile(into)) {
      throw new InvalidInputException("into", into + " is a file");
    }
    if (Files.isDirectory(into)) {
      try (Stream<Path> s = Files.list(into)) {
        if (s.findAny().isPresent()) {
          throw new InvalidInputException("into", into + " is not empty");
        }
      } catch (IOException e) {
        throw new InvalidInputException("into", into + " cannot be read: " + e.getMessage());
      }
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // left for the user: its name says it is partial
    }
  }

  /** Paths of the machine the run started on, and what they are in the workspace: longest first. */
  static final class Rewrites {
    private final Map<String, String> prefixes = new LinkedHashMap<>();

    void add(Path original, String replacement) {
      prefixes.putIfAbsent(original.toString(), replacement);
    }

    String apply(String word) {
      List<Map.Entry<String, String>> byLength = new ArrayList<>(prefixes.entrySet());
      byLength.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
      for (Map.Entry<String, String> p : byLength) {
        String from = p.getKey();
        int at = word.indexOf(from);
        while (at >= 0) {
          int end = at + from.length();
          boolean startsPath = at == 0 || "=:,".indexOf(word.charAt(at - 1)) >= 0;
          boolean endsPath = end == word.length() || word.charAt(end) == '/' || word.charAt(end) == File.separatorChar
              || ":,".indexOf(word.charAt(end)) >= 0;
          if (startsPath && endsPath) {
            word = word.substring(0, at) + p.getValue() + word.substring(end);
            at = word.indexOf(from, at + p.getValue().length());
          } else {
            at = word.indexOf(from, at + 1);
          }
        }
      }
      return word;
    }
  }
}
