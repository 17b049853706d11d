package dev.lineage.internal.spark;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapred.FileOutputCommitter;
import org.apache.hadoop.mapred.FileOutputFormat;
import org.apache.hadoop.mapred.JobContext;

/**
 * Hadoop's file output committer for the old ({@code mapred}) API, as {@code saveAsTextFile} and
 * {@code saveAsHadoopFile} use it, that tells Lineage what it committed: once the job's output is committed, on the
 * driver, the output directory is recorded as the application's output. The plugin installs it as
 * {@code mapred.output.committer.class} unless the application set its own.
 */
public class LineageCommitter extends FileOutputCommitter {
  static final String MAPRED_KEY = "mapred.output.committer.class";
  private static final AtomicInteger COMMITS = new AtomicInteger();

  @Override
  public void commitJob(JobContext context) throws IOException {
    super.commitJob(context);
    COMMITS.incrementAndGet();
    Path output = FileOutputFormat.getOutputPath(context.getJobConf());
    DriverSide driver = DriverSide.current();
    if (driver != null && output != null) {
      driver.dataset(output.toString(), true);
    }
  }

  /** How many job outputs were committed through this committer in this JVM. */
  static int commits() {
    return COMMITS.get();
  }
}
