package org.csgateway.app.e2e.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every java.util.logging record of the process (System.Logger, Vert.x and Netty log there too) at every level,
 * formatted with parameters and stack traces as a real handler would print it, while open. The root logger's
 * level is lowered to ALL meanwhile, so nothing is filtered before it reaches this handler.
 */
final class CapturedLogs extends Handler implements AutoCloseable {
  /** A record as captured: who logged it and the line a handler would print. */
  record Captured(String logger, String text) {}

  private final Logger root = Logger.getLogger("");
  private final Level previousLevel = root.getLevel();
  private final SimpleFormatter formatter = new SimpleFormatter();
  private final List<Captured> records = new CopyOnWriteArrayList<>();

  CapturedLogs() {
    setLevel(Level.ALL);
    root.setLevel(Level.ALL);
    root.addHandler(this);
  }

  List<String> records() {
    return records.stream().map(Captured::text).toList();
  }

  /** Fails listing every record that contains one of these secrets, except those {@code excused}. */
  void assertNoneContains(Collection<String> secrets, Predicate<Captured> excused) {
    List<String> leaks = records.stream()
        .filter(record -> secrets.stream().anyMatch(record.text()::contains))
        .filter(excused.negate())
        .map(Captured::text)
        .toList();
    assertThat(leaks).as("log records holding a secret").isEmpty();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(new Captured(String.valueOf(record.getLoggerName()), formatter.format(record)));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    root.removeHandler(this);
    root.setLevel(previousLevel);
  }
}
