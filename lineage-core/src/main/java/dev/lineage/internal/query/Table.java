package dev.lineage.internal.query;

import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/** A flat index table's schema: named, optional columns of strings, longs, timestamps or doubles. */
record Table(String name, List<Column> columns) {
  enum Kind {
    STRING,
    LONG,
    TIMESTAMP,
    DOUBLE
  }

  record Column(String name, Kind kind) {}

  static Column string(String name) {
    return new Column(name, Kind.STRING);
  }

  static Column int64(String name) {
    return new Column(name, Kind.LONG);
  }

  static Column timestamp(String name) {
    return new Column(name, Kind.TIMESTAMP);
  }

  static Column float64(String name) {
    return new Column(name, Kind.DOUBLE);
  }

  MessageType schema() {
    Types.MessageTypeBuilder builder = Types.buildMessage();
    for (Column c : columns) {
      Type type;
      switch (c.kind) {
        case STRING:
          type = Types.optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
              .named(c.name);
          break;
        case TIMESTAMP:
          type = Types.optional(PrimitiveType.PrimitiveTypeName.INT64)
              .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(c.name);
          break;
        case LONG:
          type = Types.optional(PrimitiveType.PrimitiveTypeName.INT64).named(c.name);
          break;
        default:
          type = Types.optional(PrimitiveType.PrimitiveTypeName.DOUBLE).named(c.name);
          break;
      }
      builder.addField(type);
    }
    return builder.named(name);
  }

  int index(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name.equals(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no column " + column + " in " + name);
  }
}
