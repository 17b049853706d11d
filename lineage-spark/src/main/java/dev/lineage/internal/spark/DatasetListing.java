package dev.lineage.internal.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The identity of a dataset Spark reads or writes, without reading its bytes: the sorted listing of its files
 * (path below the root, size, modification time, and the ETag where the file system has one), as a small text
 * document that is stored as the artifact's content (docs/spark.md). Two jobs that see the same files get the same
 * digest, so the job that wrote a table and the job that read it meet in the lineage graph. It cannot prove that
 * a file's bytes are unchanged when its size and modification time are (a rewrite of the same size within the
 * file system's time resolution).
 */
final class DatasetListing {
  static final String FORMAT = "lineage-dataset-listing/1";

  private record Entry(String path, long size, long modified, String etag) {}

  /**
   * What a listing found: its root (as text and as the URI Hadoop gives it), how many files and bytes, and the
   * document that identifies it.
   */
  record Listing(String root, java.net.URI location, int files, long bytes, byte[] document) {}

  private DatasetListing() {}

  /**
   * Lists {@code location} (a file, a directory or a glob) as Hadoop's input formats see it: recursively, leaving
   * out files and directories whose names start with {@code _} or {@code .} (markers, temporary and checksum files).
   */
  static Listing of(String location, Configuration conf) throws IOException {
    Path path = new Path(location);
    FileSystem fs = path.getFileSystem(conf);
    Path root = fs.makeQualified(path);
    FileStatus[] matches = fs.globStatus(root);
    List<Entry> entries = new ArrayList<>();
    if (matches != null) {
      for (FileStatus match : matches) {
        if (match.isDirectory()) {
          String prefix = match.getPath().toString();
          RemoteIterator<LocatedFileStatus> files = fs.listFiles(match.getPath(), true);
          while (files.hasNext()) {
            LocatedFileStatus f = files.next();
            String relative = f.getPath().toString().substring(prefix.length());
            if (!hidden(relative)) {
              entries.add(entry(match.getPath().getName() + relative, f));
            }
          }
        } else if (!hidden(match.getPath().getName())) {
          entries.add(entry(match.getPath().getName(), match));
        }
      }
    }
    entries.sort(Comparator.comparing(Entry::path));
    StringBuilder text = new StringBuilder(FORMAT).append('\n').append("root\t").append(root).append('\n');
    long bytes = 0;
    for (Entry e : entries) {
      text.append(e.path()).append('\t').append(e.size()).append('\t').append(e.modified());
      if (e.etag() != null) {
        text.append('\t').append(e.etag());
      }
      text.append('\n');
      bytes += e.size();
    }
    return new Listing(root.toString(), root.toUri(), entries.size(), bytes,
        text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The artifact name of a dataset: {@code dataset:} and its root, cut to fit a name's 250 bytes. */
  static String name(String root) {
    String name = "dataset:" + root;
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    return utf8.length <= 250 ? name : "dataset:…" + root.substring(root.length() - 200);
  }

  private static boolean hidden(String relative) {
    for (String segment : relative.split("/")) {
      if (segment.startsWith("_") || segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static Entry entry(String path, FileStatus f) {
    Object etag = Reflect.call(f, "getEtag").orElse(null); // S3A and ABFS statuses carry one (Hadoop 3.3+)
    return new Entry(path, f.getLen(), f.getModificationTime(), etag == null ? null : etag.toString());
  }
}
