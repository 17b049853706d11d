package dev.lineage.spark.jobs;

import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.spark.LineageSpark;
import dev.lineage.step.StepResult;
import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;

/**
 * A driver that opened its own run and made it the application's; one of its jobs fails for good. The driver
 * catches the failure and, wrongly, says the run succeeded: the record must still say FAILED. Before that it runs
 * a cached step whose body calls Spark, twice: its code fingerprint is read from the bytecode with the relocated
 * jar's ASM, Spark's jars taken by their digests, and the second call is a hit. Args: store.
 */
public final class FailingJob {
  private FailingJob() {}

  public static void main(String[] args) throws java.io.IOException {
    try (Lineage lineage = Lineage.open(args[0]); Run run = lineage.newRun("own-run")) {
      run.logParam("owner", "the driver");
      LineageSpark.useRun(run);
      SparkSession spark = SparkSession.builder().getOrCreate();
      for (int call = 1; call <= 2; call++) {
        StepResult counted = lineage.step("count-range").param("n", 100).run(ctx -> {
          long n = SparkSession.builder().getOrCreate().range(0, 100, 1, 2).count();
          ctx.produce(Files.writeString(ctx.outputDir().resolve("count.txt"), Long.toString(n)), "count");
        });
        System.out.println("FailingJob: step count-range call " + call + ": " + (counted.cacheHit() ? "hit" : "miss")
            + ", " + Files.readString(counted.output("count").path()) + " rows, " + counted.why().orElse("served"));
      }
      try {
        spark.range(0, 100, 1, 4).javaRDD().foreach(x -> {
          throw new IllegalStateException("every attempt fails");
        });
      } catch (Exception expected) { // SparkException, checked though Scala does not declare it
        System.out.println("FailingJob: the job failed as it should: " + expected.getClass().getSimpleName());
      }
      spark.stop();
      try {
        run.succeed(); // a driver that swallows the failure: the plugin's FAILED stands
      } catch (InvalidInputException refused) {
        System.out.println("FailingJob: succeed() refused: " + refused.getMessage());
      }
    }
  }
}
