package dev.lineage.internal.query;

import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A flat index table's schema: named columns of strings, longs, timestamps or doubles, each required (always
 * present, no definition levels to decode) or optional.
 */
record Table(String name, List<Column> columns) {
  enum Kind {
    STRING,
    LONG,
    TIMESTAMP,
    DOUBLE
  }

  record Column(String name, Kind kind, boolean required) {
    Column optional() {
      return new Column(name, kind, false);
    }
  }

  static Column string(String name) {
    return new Column(name, Kind.STRING, true);
  }

  static Column int64(String name) {
    return new Column(name, Kind.LONG, true);
  }

  static Column timestamp(String name) {
    return new Column(name, Kind.TIMESTAMP, true);
  }

  static Column float64(String name) {
    return new Column(name, Kind.DOUBLE, true);
  }

  MessageType schema() {
    Types.MessageTypeBuilder builder = Types.buildMessage();
    for (Column c : columns) {
      Type.Repetition repetition = c.required ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
      Type type;
      switch (c.kind) {
        case STRING:
          type = Types.primitive(PrimitiveType.PrimitiveTypeName.BINARY, repetition)
              .as(LogicalTypeAnnotation.stringType()).named(c.name);
          break;
        case TIMESTAMP:
          type = Types.primitive(PrimitiveType.PrimitiveTypeName.INT64, repetition)
              .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(c.name);
          break;
        case LONG:
          type = Types.primitive(PrimitiveType.PrimitiveTypeName.INT64, repetition).named(c.name);
          break;
        default:
          type = Types.primitive(PrimitiveType.PrimitiveTypeName.DOUBLE, repetition).named(c.name);
          break;
      }
      builder.addField(type);
    }
    return builder.named(name);
  }
}
