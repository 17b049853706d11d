package dev.lineage.internal.env;

import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.Fingerprint;
import dev.lineage.GitState;
import dev.lineage.SourceState;
import dev.lineage.internal.hash.Sha256;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Captures a run's reproducibility fingerprint from the JVM, the OS and the git working tree. */
public final class FingerprintCapture {
  /** Recorded by default; a builder option replaces the list. */
  public static final Set<String> DEFAULT_ENVIRONMENT = Set.of(
      "JAVA_HOME", "CUDA_VISIBLE_DEVICES", "CUDA_VERSION", "SPARK_HOME", "SPARK_VERSION", "HADOOP_CONF_DIR",
      "OMP_NUM_THREADS", "MKL_NUM_THREADS", "LANG", "TZ");

  private static final Pattern SECRET = Pattern.compile("KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL");
  static final long GIT_TIMEOUT_SECONDS = 2;

  private FingerprintCapture() {}

  public static boolean looksSecret(String variable) {
    return SECRET.matcher(variable.toUpperCase(Locale.ROOT)).find();
  }

  /**
   * The fingerprint, with the JVM's command ({@link CommandCapture}) and the working tree beyond its commit
   * ({@link SourceState}) when {@code code} says so; the diff it names comes with it, to be stored.
   */
  public static Captured capture(Set<String> allowlist, Map<String, String> environment, Path workDir,
      boolean code) {
    return capture(allowlist, environment, workDir, "git", code);
  }

  static Captured capture(Set<String> allowlist, Map<String, String> environment, Path workDir, String git,
      boolean code) {
    // One git status says the commit, whether tracked files changed and what is untracked: a git process costs
    // milliseconds, and the first run of each Lineage waits for them.
    Optional<Status> status = status(git, workDir, code);
    Optional<String> answered = status.flatMap(Status::commit);
    Optional<String> commit = answered.or(() -> GitDirectory.headCommit(workDir));
    GitState state = answered.isEmpty() ? GitState.UNKNOWN : status.get().dirty() ? GitState.DIRTY : GitState.CLEAN;
    Optional<byte[]> diff = Optional.empty();
    Optional<SourceState> source = Optional.empty();
    if (code && state != GitState.UNKNOWN) {
      diff = state == GitState.DIRTY ? runBytes(git, workDir, SourceState.MAX_DIFF_BYTES + 1, "diff", "HEAD",
          "--binary").filter(d -> d.length <= SourceState.MAX_DIFF_BYTES && d.length > 0) : Optional.empty();
      source = Optional.of(new SourceState(remote(git, workDir), diff.map(d -> new Artifact(Sha256.of(d),
          ArtifactKind.FILE, d.length, Optional.of(SourceState.DIFF_NAME))), status.get().untracked()));
    }
    return new Captured(fingerprint(allowlist, environment, commit, state, code, source), diff);
  }

  /** A fingerprint, and the bytes of the diff its {@link SourceState} names, if any. */
  public record Captured(Fingerprint fingerprint, Optional<byte[]> diff) {}

  /** What can be captured without starting a process: the commit read from {@code .git}, and state UNKNOWN. */
  static Captured withoutGit(Set<String> allowlist, Map<String, String> environment, Path workDir, boolean code) {
    return new Captured(fingerprint(allowlist, environment, GitDirectory.headCommit(workDir), GitState.UNKNOWN, code,
        Optional.empty()), Optional.empty());
  }

  private static Fingerprint fingerprint(Set<String> allowlist, Map<String, String> environment,
      Optional<String> commit, GitState state, boolean code, Optional<SourceState> source) {
    Map<String, String> env = new HashMap<>();
    for (String name : allowlist) {
      String value = environment.get(name);
      if (value != null && !looksSecret(name)) {
        env.put(name, value);
      }
    }
    return new Fingerprint(commit, state,
        System.getProperty("java.vendor", "unknown"),
        System.getProperty("java.runtime.version", System.getProperty("java.version", "unknown")),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        hostName(),
        System.getProperty("user.name", "unknown"),
        mainClass(),
        classpathDigest(System.getProperty("java.class.path", "")),
        env,
        Frameworks.on(frameworkLoader()),
        code ? CommandCapture.capture() : Optional.empty(),
        source,
        Optional.empty()); // captured per run, off the caller's thread: see RunOwner
  }

  /** What one {@code git status} says: HEAD's commit (empty before the first), tracked changes, untracked paths. */
  record Status(Optional<String> commit, boolean dirty, List<String> untracked) {}

  /**
   * {@code git status --porcelain=v2}, untracked paths listed (a wholly untracked directory as {@code dir/}) only
   * when asked; empty if git did not answer. DIRTY means a tracked file changed: untracked files do not count.
   */
  static Optional<Status> status(String git, Path workDir, boolean untracked) {
    return runBytes(git, workDir, 16 << 20, "status", "--porcelain=v2", "-z", "--branch",
        untracked ? "--untracked-files=normal" : "--untracked-files=no")
        .map(out -> parseStatus(new String(out, StandardCharsets.UTF_8)));
  }

  static Status parseStatus(String porcelain) {
    Optional<String> commit = Optional.empty();
    boolean dirty = false;
    List<String> untracked = new java.util.ArrayList<>();
    String[] fields = porcelain.split("\0");
    for (int i = 0; i < fields.length; i++) {
      String f = fields[i];
      if (f.startsWith("# branch.oid ")) {
        commit = Optional.of(f.substring("# branch.oid ".length()).trim()).filter(c -> c.matches("[0-9a-f]{40,64}"));
      } else if (f.startsWith("1 ") || f.startsWith("u ")) {
        dirty = true;
      } else if (f.startsWith("2 ")) {
        dirty = true;
        i++; // a rename's original path follows as a field of its own
      } else if (f.startsWith("? ") && untracked.size() < SourceState.MAX_UNTRACKED) {
        untracked.add(f.substring(2));
      }
    }
    return new Status(commit, dirty, List.copyOf(untracked));
  }

  /**
   * The {@code origin} remote's URL without the user name and password a URL may carry: read from
   * {@code .git/config} where there is one (no process), else asked of git.
   */
  static Optional<String> remote(String git, Path workDir) {
    Optional<String> url = GitDirectory.originUrl(workDir)
        .or(() -> run(git, workDir, "config", "--get", "remote.origin.url").map(String::trim));
    return url.filter(u -> !u.isEmpty()).map(u -> u.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1"));
  }

  private static Optional<String> run(String git, Path workDir, String... args) {
    return runBytes(git, workDir, 1 << 20, args).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /**
   * Runs git with a real deadline: its output (at most {@code max} bytes) is read on a daemon thread, so neither a
   * git that hangs nor one that writes more than a pipe holds can keep the caller past
   * {@link #GIT_TIMEOUT_SECONDS}.
   */
  private static Optional<byte[]> runBytes(String git, Path workDir, long max, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(git);
    command.addAll(List.of(args));
    Process process = null;
    try {
      process = new ProcessBuilder(command).directory(workDir.toAbsolutePath().toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      process.getOutputStream().close();
      java.util.concurrent.CompletableFuture<byte[]> out = new java.util.concurrent.CompletableFuture<>();
      InputStream in = process.getInputStream();
      Thread reader = new Thread(() -> {
        try (in) {
          out.complete(in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 8)));
        } catch (IOException e) {
          out.completeExceptionally(e);
        }
      }, "lineage-git-output");
      reader.setDaemon(true);
      reader.start();
      if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.empty();
      }
      return Optional.of(out.get(1, TimeUnit.SECONDS));
    } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return Optional.empty(); // no git on PATH, or it did not answer in time
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (process != null) {
        process.destroyForcibly();
      }
    }
  }

  /** The context class loader (a Spark executor's, a test's), else Lineage's own. */
  private static ClassLoader frameworkLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : FingerprintCapture.class.getClassLoader();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown");
    }
  }

  private static Optional<String> mainClass() {
    return MainClass.find(System.getProperty("sun.java.command"), Thread.getAllStackTraces());
  }

  /** SHA-256 over each entry's path, size and modification time: cheap, and changes when a jar changes. */
  static String classpathDigest(String classpath) {
    MessageDigest md = Sha256.newDigest();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path p = Path.of(entry);
      long size = -1;
      long modified = -1;
      try {
        if (Files.isRegularFile(p)) {
          size = Files.size(p);
          modified = Files.getLastModifiedTime(p).toMillis();
        }
      } catch (IOException e) {
        // an unreadable entry still contributes its path
      }
      byte[] path = entry.getBytes(StandardCharsets.UTF_8);
      md.update((path.length + ":").getBytes(StandardCharsets.US_ASCII));
      md.update(path);
      md.update((" " + size + " " + modified + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    return Sha256.toDigest(md.digest()).toString();
  }
}
