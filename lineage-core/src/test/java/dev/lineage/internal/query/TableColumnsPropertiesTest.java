package dev.lineage.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.parquet.column.ParquetProperties;

/**
 * Whatever a table holds, however its row groups and pages are cut and encoded (pages of format v1 or v2,
 * dictionary or plain, falling back mid-chunk), {@link TableColumns} reads back
 * exactly what {@link TableWriter} wrote: strings (any Unicode, repeated or not, null), longs, timestamps and
 * doubles (NaN and infinities included).
 */
class TableColumnsPropertiesTest {
  private static final Table TABLE = new Table("runs", List.of(Table.string("id"), Table.string("note").optional(),
      Table.int64("count"), Table.timestamp("at").optional(), Table.float64("value")));

  record Row(String id, String note, long count, Long at, double value) {
    Object[] values() {
      return new Object[] {id, note, count, at, value};
    }
  }

  @Provide
  Arbitrary<List<Row>> rows() {
    Arbitrary<String> repeated = Arbitraries.of("run-a", "run-b", "ünïcødé", "", "🙂 emoji");
    Arbitrary<String> any = Arbitraries.strings().ofMaxLength(40);
    Arbitrary<String> strings = Arbitraries.oneOf(repeated, any);
    Arbitrary<Double> doubles = Arbitraries.oneOf(Arbitraries.doubles(),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0));
    return Combinators.combine(strings, strings.injectNull(0.3), Arbitraries.longs(),
        Arbitraries.longs().injectNull(0.3), doubles).as(Row::new).list().ofMaxSize(300);
  }

  @Property(tries = 150)
  void readsBackWhatWasWritten(@ForAll("rows") List<Row> rows, @ForAll @IntRange(min = 1, max = 400) int perGroup,
      @ForAll boolean dictionary, @ForAll @IntRange(min = 64, max = 4096) int dictionaryBytes,
      @ForAll boolean pagesV2) throws IOException {
    ParquetProperties props = ParquetProperties.builder()
        .withWriterVersion(pagesV2 ? ParquetProperties.WriterVersion.PARQUET_2_0
            : ParquetProperties.WriterVersion.PARQUET_1_0)
        .withDictionaryEncoding(dictionary)
        .withDictionaryPageSize(dictionaryBytes) // small: dictionaries fall back to plain pages mid-chunk
        .withPageSize(256)
        .build();
    Path file = Files.createTempFile("table-columns", ".parquet");
    try {
      try (TableWriter w = new TableWriter(file, TABLE, props, perGroup)) {
        rows.forEach(r -> w.row(r.values()));
      }
      TableColumns read = TableColumns.read(Files.readAllBytes(file), "test table", TABLE);
      assertEquals(rows.size(), read.rows());
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        assertEquals(r.id(), read.string("id", i), "id of row " + i);
        assertEquals(r.note(), read.string("note", i), "note of row " + i);
        assertEquals(r.count(), read.longs("count")[i]);
        assertEquals(r.at(), read.longOrNull("at", i));
        assertEquals(Double.doubleToRawLongBits(r.value()), Double.doubleToRawLongBits(read.doubles("value")[i]));
      }
      String[] ids = read.dictionary("id");
      assertEquals(Arrays.stream(ids).distinct().count(), ids.length, "one dictionary entry per distinct value");
    } finally {
      Files.delete(file);
    }
  }

  @Property(tries = 20)
  void aTableOfNoRowsReadsAsEmpty(@ForAll @IntRange(min = 1, max = 10) int perGroup) throws IOException {
    Path file = Files.createTempFile("table-columns", ".parquet");
    try {
      new TableWriter(file, TABLE, TableWriter.PROPERTIES, perGroup).close();
      TableColumns read = TableColumns.read(Files.readAllBytes(file), "empty table", TABLE);
      assertEquals(0, read.rows());
      assertEquals(0, read.dictionary("id").length);
      assertEquals(0, read.longs("count").length);
    } finally {
      Files.delete(file);
    }
  }
}
