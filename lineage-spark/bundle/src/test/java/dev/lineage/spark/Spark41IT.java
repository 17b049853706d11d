package dev.lineage.spark;

import java.nio.file.Path;

/** The plugin on Spark 4.1.3 (Scala 2.13), as its distribution ships it. */
class Spark41IT extends SparkPluginScenarios {
  Spark41IT() throws Exception {
    super(new SparkApplications.Distribution("spark-4.1", Path.of(System.getProperty("spark41.home")), "2.13"));
  }

  @Override
  String sparkVersion() {
    return "4.1.3";
  }
}
