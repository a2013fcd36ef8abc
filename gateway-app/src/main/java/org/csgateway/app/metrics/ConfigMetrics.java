package org.csgateway.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The configuration's meters: {@code csgateway_config_reloads_total{result}} (success, failure) and
 * {@code csgateway_config_hash}, the first 48 bits of the loaded file's SHA-256 as a number (exact in a double), so
 * that a dashboard sees at once whether all instances run the same file. The reload code calls
 * {@link #reloaded(String)} or {@link #reloadFailed()}; thread-safe.
 */
public final class ConfigMetrics {
  /** For a gateway without metrics: records nothing. */
  public static final ConfigMetrics NONE = new ConfigMetrics();

  private final Counter successes;
  private final Counter failures;
  private final AtomicLong hash = new AtomicLong();

  private ConfigMetrics() {
    successes = null;
    failures = null;
  }

  ConfigMetrics(MeterRegistry registry) {
    successes = Counter.builder("csgateway.config.reloads").tag("result", "success")
        .description("Configuration reloads, by result").register(registry);
    failures = Counter.builder("csgateway.config.reloads").tag("result", "failure")
        .description("Configuration reloads, by result").register(registry);
    Gauge.builder("csgateway.config.hash", hash, AtomicLong::doubleValue)
        .description("The first 48 bits of the SHA-256 of the configuration file in force").register(registry);
  }

  /** The gauge's value for a SHA-256 given as hex (as the reload code computes it): its first 12 hex digits. */
  public static long gaugeValue(String sha256Hex) {
    return HexFormat.fromHexDigitsToLong(sha256Hex, 0, 12);
  }

  /** The gauge's value for a file's content. */
  public static long gaugeValue(byte[] content) {
    try {
      return gaugeValue(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The gauge's value for a file's text, as UTF-8. */
  public static long gaugeValue(CharSequence text) {
    return gaugeValue(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Sets the hash gauge (at start, or after a reload). */
  public void configHash(String sha256Hex) {
    hash.set(gaugeValue(sha256Hex));
  }

  /** Sets the hash gauge to a value already computed. */
  public void configHash(long value) {
    hash.set(value);
  }

  /** The hash gauge's value now. */
  public long configHash() {
    return hash.get();
  }

  /** A reload put this file in force (or found it unchanged): counts a success and sets the hash. */
  public void reloaded(String sha256Hex) {
    configHash(sha256Hex);
    if (successes != null) {
      successes.increment();
    }
  }

  /** A reload was refused; the running configuration stays. */
  public void reloadFailed() {
    if (failures != null) {
      failures.increment();
    }
  }
}
