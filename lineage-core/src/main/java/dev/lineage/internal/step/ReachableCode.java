package dev.lineage.internal.step;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.StorageException;
import dev.lineage.internal.hash.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Walks the bytecode a step can reach and lists it, one line a part (docs/step-cache.md, "The code fingerprint"):
 * the body's method and the methods of its class it reaches; every class of the user's own code sources that
 * is reached, whole; each library jar on the way by its digest, not walked; the JDK by its version; Lineage by
 * its version. One walk per fingerprint; each class file is read by ASM once per distinct content.
 */
final class ReachableCode {
  /** Lineage's own packages: a step calls its API, whose internals do not change what the step computes. */
  static final String MANIFEST = "lineage-step-code/1";
  private static final String LINEAGE = "dev/lineage/";
  private static final Set<String> LINEAGE_API = Set.of("dev/lineage", "dev/lineage/step", "dev/lineage/query",
      "dev/lineage/registry", "dev/lineage/maintenance", "dev/lineage/spi", "dev/lineage/spi/gpu");

  private final ClassLoader loader;
  private final Function<byte[], ClassFile> classFiles;
  private final Function<Path, Digest> jarDigests;
  private final Function<Path, BundledLibraries> bundled;
  private final Set<Path> ownJars;
  private final Set<String> rootClasses = new HashSet<>();
  private final Map<String, String> parts = new TreeMap<>();
  private final Set<String> wholeClasses = new HashSet<>();
  private final Set<String> methods = new HashSet<>();
  private final Deque<String> classQueue = new ArrayDeque<>();
  private final Deque<String[]> methodQueue = new ArrayDeque<>();

  /**
   * @param ownJars the jars walked like directories (the body's own jar): every other jar is a library
   * @param classFiles reads a class file, cached by its content
   * @param jarDigests a library jar's digest
   * @param bundled the libraries an own jar bundles (a fat jar's)
   */
  ReachableCode(ClassLoader loader, Set<Path> ownJars, Function<byte[], ClassFile> classFiles,
      Function<Path, Digest> jarDigests, Function<Path, BundledLibraries> bundled) {
    this.loader = loader == null ? ClassLoader.getPlatformClassLoader() : loader;
    this.ownJars = ownJars;
    this.classFiles = classFiles;
    this.jarDigests = jarDigests;
    this.bundled = bundled;
  }

  /** Adds a class, whole, and what it reaches; a root is never taken for a bundled library. */
  ReachableCode addClass(String internalName) {
    rootClasses.add(internalName);
    classQueue.add(internalName);
    return this;
  }

  /** Adds one method of an own class ({@code name + descriptor}) and what it reaches. */
  ReachableCode addMethod(String owner, String nameAndDescriptor) {
    rootClasses.add(owner);
    methodQueue.add(new String[] {owner, nameAndDescriptor});
    return this;
  }

  /** Adds a jar whole, by its digest. */
  ReachableCode addJar(Path jar) {
    parts.put("jar " + jar.getFileName(), jarDigests.apply(jar).toString());
    return this;
  }

  /** Walks everything added; returns the parts, sorted: {@code "class a/B" -> "sha256:..."} and so on. */
  Map<String, String> walk() {
    while (!classQueue.isEmpty() || !methodQueue.isEmpty()) {
      while (!methodQueue.isEmpty()) {
        String[] m = methodQueue.poll();
        walkMethod(m[0], m[1]);
      }
      if (!classQueue.isEmpty()) {
        walkClass(classQueue.poll());
      }
    }
    // A class reached whole covers its methods reached one by one before, whichever came first.
    parts.keySet().removeIf(p -> p.startsWith("method ")
        && wholeClasses.contains(p.substring("method ".length(), p.lastIndexOf('.', p.indexOf('(')))));
    return parts;
  }

  private void walkClass(String name) {
    if (!wholeClasses.add(name)) {
      return;
    }
    ClassFile c = own(name);
    if (c == null) {
      return;
    }
    parts.put("class " + name, c.digest().toString());
    c.references().forEach(classQueue::add);
  }

  private void walkMethod(String owner, String method) {
    if (wholeClasses.contains(owner) || !methods.add(owner + "." + method)) {
      return;
    }
    ClassFile c = own(owner);
    if (c == null) {
      return;
    }
    ClassFile.Method m = c.methods().get(method);
    if (m == null) { // inherited, or a class changed under us: its supertypes decide
      if (c.superName() != null) {
        classQueue.add(c.superName());
      }
      c.interfaces().forEach(classQueue::add);
      return;
    }
    parts.put("method " + owner + "." + method, m.digest().toString());
    m.references().forEach(classQueue::add);
    m.selfCalls().forEach(call -> methodQueue.add(new String[] {owner, call}));
    if (m.staticFields() && c.methods().containsKey("<clinit>()V")) {
      methodQueue.add(new String[] {owner, "<clinit>()V"});
    }
    if (m.instanceFields()) {
      c.methods().keySet().stream().filter(k -> k.startsWith("<init>"))
          .forEach(k -> methodQueue.add(new String[] {owner, k}));
    }
  }

  /** The class file of an own class; null, with its part noted, for the JDK, Lineage and libraries. */
  private ClassFile own(String name) {
    if (name.startsWith(LINEAGE) && isLineage(name)) {
      parts.put("lineage", lineageVersion());
      return null;
    }
    URL url = loader.getResource(name + ".class");
    if (url == null) {
      parts.put("missing " + name, "not found");
      return null;
    }
    switch (url.getProtocol()) {
      case "jrt":
        parts.put("jdk", Runtime.version() + " " + System.getProperty("java.vendor"));
        return null;
      case "jar":
        Path jar = jarOf(url);
        if (jar != null && !ownJars.contains(jar)) {
          addJar(jar);
          return null;
        }
        if (jar != null && !inRootNamespace(name)) { // a library the jar bundles
          String library = BundledLibraries.libraryOf(name);
          parts.put("bundled " + library, bundled.apply(jar).digest(library));
          return null;
        }
        break;
      default:
        break;
    }
    byte[] bytes = read(url, name);
    if (bytes.length == 0) {
      throw new InvalidInputException("step code", "the class file of " + name + " at " + url + " is empty");
    }
    return classFiles.apply(bytes);
  }

  /** Whether the class shares its first two package names (its package, if shallower) with a root. */
  private boolean inRootNamespace(String name) {
    String ns = namespace(name);
    return rootClasses.contains(name) || rootClasses.stream().anyMatch(r -> ns.equals(namespace(r)));
  }

  private static String namespace(String name) {
    return BundledLibraries.packagePrefix(name, 2);
  }

  private static boolean isLineage(String name) {
    String pkg = name.substring(0, name.lastIndexOf('/'));
    return LINEAGE_API.contains(pkg) || pkg.startsWith("dev/lineage/internal") || pkg.startsWith("dev/lineage/storage");
  }

  private static String lineageVersion() {
    String v = ReachableCode.class.getPackage().getImplementationVersion();
    return v == null ? "unversioned" : v;
  }

  /** The local jar a {@code jar:} URL points into; null if it is not a plain local file (nested, remote). */
  static Path jarOf(URL url) {
    String spec = url.getPath(); // file:/x/y.jar!/a/B.class
    int bang = spec.indexOf("!/");
    if (!spec.startsWith("file:") || bang < 0 || spec.indexOf("!/", bang + 2) >= 0) {
      return null;
    }
    try {
      return Path.of(new URL(spec.substring(0, bang)).toURI()).toAbsolutePath().normalize();
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] read(URL url, String name) {
    try {
      var connection = url.openConnection();
      if (connection instanceof JarURLConnection jar) {
        jar.setUseCaches(true); // the class loader's open jar, not a new one per class
      }
      try (InputStream in = connection.getInputStream()) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new StorageException("cannot read the class file of " + name + " at " + url + " for the step's code "
          + "fingerprint: " + e.getMessage(), e);
    }
  }

  /** The digest of the sorted parts: the fingerprint's text, {@code bytecode:sha256:...}. */
  static String fingerprint(Map<String, String> parts) {
    return "bytecode:" + Sha256.of(manifest(parts).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The parts as text, format {@value #MANIFEST}: one {@code {len}:{part} {value}} line each, {@code len} the
   * part's UTF-8 length, sorted by the parts' UTF-8 bytes (docs/step-cache.md).
   */
  static String manifest(Map<String, String> parts) {
    Map<String, String> sorted = new TreeMap<>((a, b) -> java.util.Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    sorted.putAll(parts);
    StringBuilder out = new StringBuilder(MANIFEST).append('\n');
    sorted.forEach((part, value) -> out.append(part.getBytes(StandardCharsets.UTF_8).length).append(':')
        .append(part).append(' ').append(value).append('\n'));
    return out.toString();
  }
}
