package dev.lineage.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
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

  /**
   * Reading some columns decodes those exactly as reading all does and refuses the others; a column of distinct
   * ascending strings (a runs table's ids) is numbered by row, and one said to be so is.
   */
  @Property(tries = 100)
  void readsTheColumnsAskedForAndNoOthers(@ForAll("rows") List<Row> generated, @ForAll boolean ascendingIds,
      @ForAll("columns") Set<String> only, @ForAll boolean dictionary, @ForAll @IntRange(min = 1, max = 400) int perGroup)
      throws IOException {
    List<Row> rows = !ascendingIds ? generated : java.util.stream.IntStream.range(0, generated.size())
        .mapToObj(i -> {
          Row r = generated.get(i);
          return new Row(String.format("%05d-%s", i, r.id()), r.note(), r.count(), r.at(), r.value());
        }).toList();
    ParquetProperties props = ParquetProperties.builder().withDictionaryEncoding(dictionary).withPageSize(256)
        .build();
    Path file = Files.createTempFile("table-columns", ".parquet");
    try {
      try (TableWriter w = new TableWriter(file, TABLE, props, perGroup)) {
        rows.forEach(r -> w.row(r.values()));
      }
      byte[] bytes = Files.readAllBytes(file);
      TableColumns all = TableColumns.read(bytes, "test table", TABLE);
      TableColumns some = TableColumns.read(bytes, "test table", TABLE, only);
      assertEquals(rows.size(), some.rows());
      for (Table.Column c : TABLE.columns()) {
        if (!only.contains(c.name())) {
          assertThrows(IllegalStateException.class, () -> some.isNull(c.name(), 0), c.name() + " was not read");
          continue;
        }
        for (int i = 0; i < rows.size(); i++) {
          switch (c.kind()) {
            case STRING -> assertEquals(all.string(c.name(), i), some.string(c.name(), i));
            case DOUBLE -> assertEquals(Double.doubleToRawLongBits(all.doubles(c.name())[i]),
                Double.doubleToRawLongBits(some.doubles(c.name())[i]));
            default -> assertEquals(all.longOrNull(c.name(), i), some.longOrNull(c.name(), i));
          }
        }
      }
      if (only.contains("id")) {
        String[] ids = some.dictionary("id");
        if (some.distinctAscending("id")) {
          for (int i = 0; i < rows.size(); i++) {
            assertEquals(i, some.ids("id")[i]);
            assertTrue(i == 0 || ids[i - 1].compareTo(ids[i]) < 0);
          }
        }
        if (ascendingIds && !dictionary && !rows.isEmpty()) {
          assertTrue(some.distinctAscending("id"), "plain-encoded distinct ascending ids are numbered by row");
        }
      }
    } finally {
      Files.delete(file);
    }
  }

  @Provide
  Arbitrary<Set<String>> columns() {
    return Arbitraries.subsetOf(TABLE.columns().stream().map(Table.Column::name).toList());
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
