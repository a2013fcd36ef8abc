package org.csgateway.app.logging;

import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Where the access log goes when the logging configuration says nothing about it: each line as it is, to standard
 * output, written by a daemon thread so that an event loop never waits on the stream (a stalled log reader would
 * otherwise stall requests). Lines beyond {@value #QUEUE} waiting are dropped and counted, never blocked on.
 */
public final class AccessLogOutput extends Handler {
  static final int QUEUE = 16_384;

  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private final PrintStream out;

  AccessLogOutput(PrintStream out) {
    this.out = out;
    Thread writer = new Thread(this::drain, "csgateway-access-log");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Sends the access log to standard output unless its logger already has a handler (configured through
   * {@code java.util.logging.config.file}); returns whether it did. Called once by the process's entry point.
   */
  public static synchronized boolean toStandardOutputUnlessConfigured() {
    Logger logger = Logger.getLogger(AccessLog.LOGGER);
    if (logger.getHandlers().length > 0) {
      return false;
    }
    logger.addHandler(new AccessLogOutput(System.out));
    logger.setUseParentHandlers(false);
    return true;
  }

  @Override
  public void publish(LogRecord record) {
    if (record != null && isLoggable(record) && !lines.offer(record.getMessage())) {
      dropped.incrementAndGet();
    }
  }

  /** Lines dropped because the writer fell behind. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void flush() {
    out.flush();
  }

  @Override
  public void close() {
    flush();
  }

  private void drain() {
    try {
      while (true) {
        String line = lines.take();
        out.println(line);
        if (lines.isEmpty()) {
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
