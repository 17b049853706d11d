package dev.lineage.dl4j;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The warnings a logger (and its children) publishes while it is open. */
final class Warnings extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private Warnings(String logger) {
    this.logger = Logger.getLogger(logger);
    this.logger.addHandler(this);
  }

  static Warnings of(String logger) {
    return new Warnings(logger);
  }

  List<LogRecord> list() {
    return records;
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      records.add(record);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
