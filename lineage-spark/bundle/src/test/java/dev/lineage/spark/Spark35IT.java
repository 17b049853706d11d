package dev.lineage.spark;

import java.nio.file.Path;

/** The plugin on Spark 3.5.9 (Scala 2.12), as its distribution ships it. */
class Spark35IT extends SparkPluginScenarios {
  Spark35IT() throws Exception {
    super(new SparkApplications.Distribution("spark-3.5", Path.of(System.getProperty("spark35.home")), "2.12"));
  }

  @Override
  String sparkVersion() {
    return "3.5.9";
  }
}
