package dev.lineage.internal.metrics;

import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.crypto.FileDecryptionProperties;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetMetricsCallback;

/**
 * {@link ParquetReadOptions} without Hadoop. Every public way to build them in parquet-java 1.16 calls
 * {@code ParquetInputFormat.getFilter}, whose class extends Hadoop's {@code FileInputFormat}, so this calls the
 * package-private constructor that the builder itself ends in. HadoopFreeParquetTest fails if a parquet
 * upgrade changes that constructor.
 */
final class HadoopFreeReadOptions {
  private static final Constructor<ParquetReadOptions> CONSTRUCTOR = find();

  private HadoopFreeReadOptions() {}

  static ParquetReadOptions create(CompressionCodecFactory codecs) {
    try {
      return CONSTRUCTOR.newInstance(
          false, // useSignedStringMinMax
          true, // useStatsFilter
          true, // useDictionaryFilter
          true, // useRecordFilter
          true, // useColumnIndexFilter
          true, // usePageChecksumVerification
          true, // useBloomFilter
          false, // useOffHeapDecryptBuffer
          false, // useHadoopVectoredIo
          FilterCompat.NOOP,
          ParquetMetadataConverter.NO_FILTER,
          codecs,
          new HeapByteBufferAllocator(),
          8 << 20, // maxAllocationSize, parquet's default
          new HashMap<String, String>(),
          null, // no decryption
          null, // no metrics callback
          new PlainParquetConfiguration());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create Hadoop-free ParquetReadOptions", e);
    }
  }

  private static Constructor<ParquetReadOptions> find() {
    try {
      Constructor<ParquetReadOptions> c = ParquetReadOptions.class.getDeclaredConstructor(
          boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class,
          boolean.class, boolean.class, boolean.class, FilterCompat.Filter.class,
          ParquetMetadataConverter.MetadataFilter.class, CompressionCodecFactory.class,
          ByteBufferAllocator.class, int.class, Map.class, FileDecryptionProperties.class,
          ParquetMetricsCallback.class, ParquetConfiguration.class);
      c.setAccessible(true);
      return c;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("this parquet-java version lacks the expected ParquetReadOptions "
          + "constructor; Lineage is built against parquet-java 1.16", e);
    }
  }
}
