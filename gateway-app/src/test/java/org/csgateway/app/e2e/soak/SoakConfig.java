package org.csgateway.app.e2e.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.csgateway.app.lifecycle.ConfigHash;

/**
 * The soak's configuration file, in generations: every generation changes two settings that a reload applies
 * without a restart, the default rate-limit policy's rate (visible in every answer's {@code RateLimit-Policy}, so a
 * reload is observed, not assumed) and the projects cache TTL (which builds a new response cache, so reloads also
 * churn the cache). Everything else is the production shape: every stage on, the access log on, the file watched.
 */
final class SoakConfig {
  /** The tight policy's route: only the rate-limited caller asks for it. */
  static final String LIMITED_ROUTE = "/api/volumes";
  private static final long BASE_RATE = 5_000_000;
  private static final String TEMPLATE = """
      server: {host: 127.0.0.1, port: 0, instances: 2}
      admin: {host: 127.0.0.1, port: 0}
      sandbox: {enabled: true}
      upstream:
        poolSize: 64
        # the soak's clients never have more in flight than minLimit, so the guard never queues or refuses them
        protection: {enabled: true, initialLimit: 32, minLimit: 16, maxLimit: 64, queueSize: 256, queueTimeout: 2s}
      routes:
        files: [classpath:routes/computestacks.yaml, classpath:routes/computestacks-admin.yaml]
        unmatched: reject
        blocked: [/api/system/**, /api/stacks/**]
      auth: {enabled: true, strategy: computestacks}
      versions: {enabled: true, default: 80, supported: [80], obsolete: [40, 50]}
      pagination: {enabled: true, maxPerPage: 100, overMaximum: clamp}
      rateLimit:
        enabled: true
        policies:
          - {name: tight, rate: 1, period: 1h, key: principal, routes: {ids: [%s]}}
          - {name: default, rate: %d, period: 1m, key: principal}
      cache:
        enabled: true
        maxBytes: 64MiB
        families: {projects: %ds, container_images: 30s, volumes: 30s}
      reload: {watch: true, checkInterval: 250ms}
      shutdown: {drainDelay: 0s, drainTimeout: 5s}
      metrics: {enabled: true, histograms: true, jvm: true}
      accessLog: {enabled: true}
      """;

  private final Path file;
  private int generation;

  SoakConfig(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  int generation() {
    return generation;
  }

  /** The default policy's quota in this generation, as {@code RateLimit-Policy} shows it. */
  static long defaultQuota(int generation) {
    return BASE_RATE + generation;
  }

  static String text(int generation) {
    return TEMPLATE.formatted(LIMITED_ROUTE, defaultQuota(generation), 20 + generation % 20);
  }

  /**
   * Writes the next generation (the first call writes generation 0) and returns its hash. The file is replaced by
   * a rename, so the watch never reads half a file (which it would report as a failed reload).
   */
  String writeNext() {
    int next = Files.exists(file) ? generation + 1 : 0;
    String text = text(next);
    try {
      Path temporary = file.resolveSibling(file.getFileName() + ".next");
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    generation = next;
    return ConfigHash.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
