package dev.lineage.internal.hash;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory tree as its manifest ({@link DirectoryManifest}): every regular file below the root, by relative path,
 * size and digest. How each file's digest is found is the caller's (hashed here, or hashed while it is stored).
 * Symbolic links to files are followed; one to a directory, a broken one, or anything that is not a regular file
 * is refused, so a tree has exactly one manifest.
 */
public final class Trees {
  private Trees() {}

  /** Finds the digest of one regular file of a tree, given its size. */
  @FunctionalInterface
  public interface FileDigest {
    /** The digest of {@code file}, which has {@code size} bytes. */
    Digest of(Path file, long size) throws IOException;
  }

  /** The manifest of the tree under {@code root} (a real path), each file's digest from {@code digest}. */
  public static DirectoryManifest manifest(Path root, FileDigest digest) throws IOException {
    List<DirectoryManifest.Entry> entries = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String relative = relativePath(root, file);
        if (attrs.isSymbolicLink()) {
          if (!Files.exists(file)) {
            throw new InvalidInputException("artifact path", "broken symbolic link in directory: " + relative);
          }
          if (Files.isDirectory(file)) {
            throw new InvalidInputException("artifact path",
                "symbolic links to directories are not followed inside a directory artifact: " + relative);
          }
        } else if (!attrs.isRegularFile()) {
          throw new InvalidInputException("artifact path", "not a regular file: " + relative);
        }
        long size = Files.size(file);
        entries.add(new DirectoryManifest.Entry(relative, size, digest.of(file, size)));
        return FileVisitResult.CONTINUE;
      }
    });
    return new DirectoryManifest(entries);
  }

  private static String relativePath(Path root, Path file) {
    List<String> parts = new ArrayList<>();
    for (Path p : root.relativize(file)) {
      parts.add(p.toString());
    }
    return DirectoryManifest.checkRelativePath(String.join("/", parts));
  }
}
