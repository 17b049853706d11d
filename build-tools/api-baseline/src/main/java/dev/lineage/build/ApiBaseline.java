package dev.lineage.build;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A module's public API as text, one line per type and per public or protected member, in binary (erased) form:
 * what a compiled caller links against. The file checked in beside the module ({@code api/<artifactId>.api}) is
 * the promise; {@link #check} fails when the compiled classes say anything else, so an incompatible change (and
 * an addition too, which must be reviewed) cannot land without the file changing in the same commit, in the
 * manner of OkHttp's API signature files (docs/compatibility.md).
 */
public final class ApiBaseline {
  /** The system property that rewrites the file from the classes instead of comparing. */
  public static final String UPDATE = "api.update";

  private static final String EXPERIMENTAL = "dev.lineage.Experimental";

  private ApiBaseline() {}

  /**
   * Compares the public API of the classes under {@code classes} (packages outside {@code .internal}) with the
   * baseline {@code file}, and checks that every public top-level type's source under {@code sources} says
   * {@code @since}. With {@code -Dapi.update=true} it writes the baseline instead.
   *
   * @throws AssertionError naming every difference, and how to accept it
   */
  public static void check(Path classes, Path sources, Path file, String module, String... frameworks) {
    JavaClasses imported = new ClassFileImporter().importPath(classes);
    List<String> foreign = foreign(imported, List.of(frameworks));
    if (!foreign.isEmpty()) {
      throw new AssertionError("the public API of " + module + " names types that are neither the JDK's nor "
          + "Lineage's API" + (frameworks.length == 0 ? "" : " nor of " + List.of(frameworks)) + " (docs/compatibility.md): "
          + foreign);
    }
    String actual = describe(imported);
    List<String> undated = undated(imported, sources);
    if (!undated.isEmpty()) {
      throw new AssertionError("public types without @since in their javadoc (docs/compatibility.md): " + undated);
    }
    List<String> undocumented = new ArrayList<>(undescribedPackages(imported, sources));
    undocumented.addAll(DocCoverage.undocumented(apiSources(imported, sources)));
    if (!undocumented.isEmpty()) {
      throw new AssertionError(undocumented.size() + " public packages and members of " + module + " have no javadoc "
          + "comment (docs/compatibility.md, the documentation gate): " + undocumented);
    }
    try {
      if (Boolean.getBoolean(UPDATE)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(file)) {
        throw new AssertionError("no API baseline " + file + "; create it with " + how(module));
      }
      String expected = Files.readString(file, StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        throw new AssertionError("the public API of " + module + " differs from " + file + ":\n"
            + diff(expected, actual) + "\nIf the change is intended (docs/compatibility.md says what stable, "
            + "experimental and SPI types may change), run " + how(module) + " and commit the file with it.");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String how(String module) {
    return "mvn -pl " + module + " test -Dtest=ApiBaselineTest -Dapi.update=true";
  }

  /** The API text of the classes under {@code classes}. */
  public static String describe(Path classes) {
    return describe(new ClassFileImporter().importPath(classes));
  }

  private static String describe(JavaClasses classes) {
    TreeMap<String, List<String>> types = new TreeMap<>();
    for (JavaClass type : classes) {
      if (visible(type)) {
        types.put(type.getName(), members(type));
      }
    }
    StringBuilder out = new StringBuilder();
    types.forEach((name, lines) -> lines.forEach(l -> out.append(l).append('\n')));
    return out.toString();
  }

  /** Public (or, nested in a public type, protected) types outside any {@code internal} package. */
  private static boolean visible(JavaClass type) {
    if (type.getPackageName().contains(".internal") || type.isAnonymousClass() || type.isLocalClass()
        || type.getModifiers().contains(JavaModifier.SYNTHETIC) || type.getSimpleName().equals("package-info")) {
      return false;
    }
    Set<JavaModifier> m = type.getModifiers();
    if (!m.contains(JavaModifier.PUBLIC) && !m.contains(JavaModifier.PROTECTED)) {
      return false;
    }
    return type.getEnclosingClass().map(ApiBaseline::visible).orElse(true);
  }

  private static List<String> members(JavaClass type) {
    List<String> lines = new ArrayList<>();
    lines.add(header(type));
    List<String> body = new ArrayList<>();
    for (JavaMember member : shownMembers(type)) {
      body.add("  " + annotated(member.isAnnotatedWith(EXPERIMENTAL)) + modifiers(member.getModifiers())
          + signature(member));
    }
    body.sort(null);
    lines.addAll(body);
    return lines;
  }

  /** The members a caller can reach: public ones, and protected ones where the type can be extended. */
  private static List<JavaMember> shownMembers(JavaClass type) {
    boolean extendable = !type.getModifiers().contains(JavaModifier.FINAL) && !type.isEnum() && !type.isRecord();
    List<JavaMember> shown = new ArrayList<>();
    for (JavaMember member : type.getMembers()) {
      Set<JavaModifier> m = member.getModifiers();
      if ((m.contains(JavaModifier.PUBLIC) || (extendable && m.contains(JavaModifier.PROTECTED)))
          && !m.contains(JavaModifier.SYNTHETIC) && !m.contains(JavaModifier.BRIDGE)) {
        shown.add(member);
      }
    }
    return shown;
  }

  private static String header(JavaClass type) {
    String kind = type.isAnnotation() ? "@interface" : type.isInterface() ? "interface" : type.isEnum() ? "enum"
        : type.isRecord() ? "record" : "class";
    Set<JavaModifier> m = new LinkedHashSet<>(type.getModifiers());
    if (type.isInterface()) {
      m.remove(JavaModifier.ABSTRACT);
    }
    if (type.isEnum() || type.isRecord()) {
      m.remove(JavaModifier.FINAL);
      m.remove(JavaModifier.STATIC);
    }
    StringBuilder h = new StringBuilder(annotated(type.isAnnotatedWith(EXPERIMENTAL)) + modifiers(m) + kind + " "
        + type.getName());
    type.getRawSuperclass().map(JavaClass::getName)
        .filter(s -> !s.equals("java.lang.Object") && !s.equals("java.lang.Enum") && !s.equals("java.lang.Record"))
        .ifPresent(s -> h.append(" extends ").append(s));
    List<String> interfaces = type.getRawInterfaces().stream().map(JavaClass::getName).sorted().toList();
    if (!interfaces.isEmpty() && !type.isAnnotation()) {
      h.append(type.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
    }
    return h.toString();
  }

  private static String annotated(boolean experimental) {
    return experimental ? "@Experimental " : "";
  }

  private static String modifiers(Set<JavaModifier> m) {
    StringBuilder s = new StringBuilder();
    for (JavaModifier k : List.of(JavaModifier.PUBLIC, JavaModifier.PROTECTED, JavaModifier.ABSTRACT,
        JavaModifier.STATIC, JavaModifier.FINAL)) {
      if (m.contains(k)) {
        s.append(k.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
      }
    }
    return s.toString();
  }

  private static String signature(JavaMember member) {
    if (member instanceof JavaField f) {
      return name(f.getRawType()) + " " + f.getName();
    }
    JavaCodeUnit unit = (JavaCodeUnit) member;
    String params = unit.getRawParameterTypes().stream().map(ApiBaseline::name).collect(Collectors.joining(", "));
    return unit.isConstructor() ? "<init>(" + params + ")"
        : name(unit.getRawReturnType()) + " " + unit.getName() + "(" + params + ")";
  }

  /** A type as source spells it: {@code dev.lineage.ArtifactKind[]}, not {@code [Ldev.lineage.ArtifactKind;}. */
  private static String name(JavaClass type) {
    return type.isArray() ? name(type.getComponentType()) + "[]" : type.getName();
  }

  /**
   * Each public signature that names a type from outside the JDK and Lineage's API (a library's, or one of
   * Lineage's internals), generic arguments included, as {@code Type.member: foreign.Type}. {@code frameworks} are
   * the package prefixes of what the module integrates with (Spark, DL4J, JUnit), whose types its API must name.
   */
  static List<String> foreign(JavaClasses classes, List<String> frameworks) {
    Set<String> found = new java.util.TreeSet<>();
    for (JavaClass type : classes) {
      if (!visible(type)) {
        continue;
      }
      List<JavaClass> supertypes = new ArrayList<>(type.getRawInterfaces());
      type.getRawSuperclass().ifPresent(supertypes::add);
      supertypes.forEach(t -> flag(type.getName(), t, frameworks, found));
      for (JavaMember member : shownMembers(type)) {
        String where = type.getName() + "." + member.getName();
        if (member instanceof JavaField f) {
          f.getType().getAllInvolvedRawTypes().forEach(t -> flag(where, t, frameworks, found));
        } else if (member instanceof JavaCodeUnit unit) {
          unit.getReturnType().getAllInvolvedRawTypes().forEach(t -> flag(where, t, frameworks, found));
          unit.getParameterTypes().forEach(p -> p.getAllInvolvedRawTypes()
              .forEach(t -> flag(where, t, frameworks, found)));
        }
      }
    }
    return new ArrayList<>(found);
  }

  private static void flag(String where, JavaClass used, List<String> frameworks, Set<String> found) {
    JavaClass base = used.isArray() ? used.getBaseComponentType() : used;
    String name = base.getName();
    if (base.isPrimitive() || name.startsWith("java.") || name.startsWith("javax.")
        || (name.startsWith("dev.lineage.") && !name.contains(".internal.")) || frameworks.stream()
        .anyMatch(name::startsWith)) {
      return;
    }
    found.add(where + ": " + name);
  }

  /** The packages of the public types whose {@code package-info.java} is missing or has no javadoc comment. */
  private static List<String> undescribedPackages(JavaClasses classes, Path sources) {
    java.util.TreeSet<String> packages = new java.util.TreeSet<>();
    for (JavaClass type : classes) {
      if (visible(type)) {
        packages.add(type.getPackageName());
      }
    }
    List<String> missing = new ArrayList<>();
    for (String name : packages) {
      Path info = sources.resolve(name.replace('.', '/')).resolve("package-info.java");
      try {
        if (!Files.exists(info) || !Files.readString(info, StandardCharsets.UTF_8).contains("/**")) {
          missing.add("package " + name);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return missing;
  }

  /** The source files of the public top-level types, the ones the API is made of. */
  private static List<Path> apiSources(JavaClasses classes, Path sources) {
    List<Path> files = new ArrayList<>();
    for (JavaClass type : classes) {
      if (visible(type) && type.getEnclosingClass().isEmpty()) {
        Path source = sources.resolve(type.getName().replace('.', '/') + ".java");
        if (Files.exists(source)) {
          files.add(source);
        }
      }
    }
    files.sort(null);
    return files;
  }

  /** Public top-level types whose source does not say {@code @since}. */
  private static List<String> undated(JavaClasses classes, Path sources) {
    List<String> missing = new ArrayList<>();
    for (JavaClass type : classes) {
      if (!visible(type) || type.getEnclosingClass().isPresent()) {
        continue;
      }
      Path source = sources.resolve(type.getName().replace('.', '/') + ".java");
      try {
        if (!Files.exists(source) || !Files.readString(source, StandardCharsets.UTF_8).contains("@since")) {
          missing.add(type.getName());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    missing.sort(null);
    return missing;
  }

  /** Each member line prefixed with its type's line, so that the same member of two types is two lines. */
  private static Set<String> qualified(String text) {
    Set<String> out = new LinkedHashSet<>();
    String type = "";
    for (String line : text.lines().toList()) {
      if (line.startsWith("  ")) {
        out.add(type + " {" + line.strip() + "}");
      } else {
        type = line;
        out.add(line);
      }
    }
    return out;
  }

  /** The lines only one side has: {@code -} the baseline's, {@code +} the classes'. */
  static String diff(String expected, String actual) {
    Set<String> was = qualified(expected);
    Set<String> is = qualified(actual);
    StringBuilder d = new StringBuilder();
    was.stream().filter(l -> !is.contains(l)).forEach(l -> d.append("- ").append(l).append('\n'));
    is.stream().filter(l -> !was.contains(l)).forEach(l -> d.append("+ ").append(l).append('\n'));
    return d.toString();
  }
}
