package org.csgateway.auth.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures every JUL record (System.Logger goes there too) at every level while open, formatted as a real handler
 * would print it, stack traces included.
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final Logger root = Logger.getLogger("");
  private final Level previous = root.getLevel();
  private final SimpleFormatter formatter = new SimpleFormatter();
  private final List<String> lines = new CopyOnWriteArrayList<>();

  public LogCapture() {
    setLevel(Level.ALL);
    root.setLevel(Level.ALL);
    root.addHandler(this);
  }

  public List<String> lines() {
    return lines;
  }

  @Override
  public void publish(LogRecord record) {
    lines.add(formatter.format(record));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    root.removeHandler(this);
    root.setLevel(previous);
  }
}
