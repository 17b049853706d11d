/**
 * Spark applications recorded as runs (docs/spark.md): {@link dev.lineage.spark.LineagePlugin}, set with
 * {@code spark.plugins}, records an application's Spark, configuration, shipped jars, jobs and the datasets its
 * queries read and wrote; tasks log through {@link dev.lineage.spark.LineageSpark#writer()}, one attempt's points
 * per partition; and the store's runs, params and metrics can be read as Spark SQL views. Experimental
 * (docs/compatibility.md).
 */
package dev.lineage.spark;
