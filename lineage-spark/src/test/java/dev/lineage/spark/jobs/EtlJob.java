package dev.lineage.spark.jobs;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * An application with no Lineage code at all: Spark SQL reads a CSV directory and writes Parquet, and an RDD job
 * reads text files and saves text. Args: csv-in parquet-out text-in text-out.
 */
public final class EtlJob {
  private EtlJob() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().getOrCreate();
    Dataset<Row> customers = spark.read().option("header", "true").option("inferSchema", "true").csv(args[0]);
    customers.filter("churned = 1").write().parquet(args[1]);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    sc.textFile(args[2]).map(String::toUpperCase).saveAsTextFile(args[3]);
    spark.stop();
  }
}
