package org.csgateway.core.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the WARNING (and worse) records one class's logger publishes while open (System.Logger goes to JUL). */
final class WarningCapture extends Handler implements AutoCloseable {
  private final Logger logger; // held: JUL keeps loggers only weakly, and a collected one would lose this handler
  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();

  WarningCapture(Class<?> source) {
    this.logger = Logger.getLogger(source.getName());
    logger.addHandler(this);
  }

  List<LogRecord> warnings() {
    return warnings;
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      warnings.add(record);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
