package dev.lineage.build;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The public members that have no javadoc comment at all: every public or protected type, constructor, method, field
 * and enum constant of the given sources, except a method that overrides (it inherits its comment) and a record's
 * compact constructor (its components are the record's {@code @param}s). The sources are parsed, not compiled, so a
 * module's check costs a second or so. Whether the comments are well formed is javac's doclint, as it compiles.
 */
final class DocCoverage {
  private DocCoverage() {}

  /** Each undocumented member as {@code Type.member} (a type as its name alone), in source order. */
  static List<String> undocumented(Collection<Path> sources) {
    if (sources.isEmpty()) {
      return List.of();
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavacTask task = (JavacTask) javac.getTask(null, files, d -> { }, List.of("-proc:none"), null,
          files.getJavaFileObjectsFromPaths(sources));
      DocTrees docs = DocTrees.instance(task);
      List<String> missing = new ArrayList<>();
      for (CompilationUnitTree unit : task.parse()) {
        for (Tree type : unit.getTypeDecls()) {
          if (type instanceof ClassTree c) {
            visit(unit, c, "", false, docs, missing);
          }
        }
      }
      return missing;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void visit(CompilationUnitTree unit, ClassTree type, String outer, boolean inInterface,
      DocTrees docs, List<String> missing) {
    if (!exported(type.getModifiers(), inInterface)) {
      return;
    }
    String name = outer + type.getSimpleName();
    if (comment(unit, type, docs) == null) {
      missing.add(name);
    }
    boolean members = type.getKind() == Tree.Kind.INTERFACE || type.getKind() == Tree.Kind.ANNOTATION_TYPE;
    for (Tree member : type.getMembers()) {
      if (member instanceof ClassTree nested) {
        visit(unit, nested, name + ".", members, docs, missing);
      } else if (member instanceof MethodTree method) {
        boolean constructor = method.getName().contentEquals("<init>");
        boolean compact = constructor && type.getKind() == Tree.Kind.RECORD && compact(unit, method, docs);
        if (exported(method.getModifiers(), members) && !overrides(method) && !compact
            && comment(unit, method, docs) == null) {
          missing.add(name + "." + (constructor ? type.getSimpleName() + "(…)" : method.getName() + "(…)"));
        }
      } else if (member instanceof VariableTree field && exported(field.getModifiers(), members)
          && comment(unit, field, docs) == null) {
        missing.add(name + "." + field.getName());
      }
    }
  }

  /** A record's compact constructor: no parameter list between its modifiers and its body. */
  private static boolean compact(CompilationUnitTree unit, MethodTree constructor, DocTrees docs) {
    SourcePositions at = docs.getSourcePositions();
    try {
      CharSequence text = unit.getSourceFile().getCharContent(true);
      int from = (int) at.getEndPosition(unit, constructor.getModifiers());
      int to = (int) at.getStartPosition(unit, constructor.getBody());
      return from >= 0 && to > from && !text.subSequence(from, to).toString().contains("(");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Public or protected, or in an interface and not private (its members are public unless they say otherwise). */
  private static boolean exported(ModifiersTree modifiers, boolean inInterface) {
    var flags = modifiers.getFlags();
    return flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED)
        || (inInterface && !flags.contains(Modifier.PRIVATE));
  }

  private static boolean overrides(MethodTree method) {
    return method.getModifiers().getAnnotations().stream()
        .anyMatch(a -> a.getAnnotationType().toString().equals("Override")
            || a.getAnnotationType().toString().equals("java.lang.Override"));
  }

  private static DocCommentTree comment(CompilationUnitTree unit, Tree tree, DocTrees docs) {
    return docs.getDocCommentTree(TreePath.getPath(unit, tree));
  }
}
