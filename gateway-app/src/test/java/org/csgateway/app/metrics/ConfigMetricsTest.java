package org.csgateway.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reload counters and the config hash gauge that the reload code feeds. */
class ConfigMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ConfigMetrics metrics = new ConfigMetrics(registry);

  @Test
  void should_hold_the_first_48_bits_of_the_sha256_when_a_file_is_loaded() throws Exception {
    byte[] file = "server: {port: 8080}\n".getBytes(StandardCharsets.UTF_8);
    String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));

    new ReloadMetrics(() -> metrics).onSuccess(hex);

    long expected = Long.parseLong(hex.substring(0, 12), 16);
    assertThat(registry.get("csgateway.config.hash").gauge().value()).isEqualTo((double) expected);
    assertThat(ConfigMetrics.gaugeValue(file)).isEqualTo(expected);
    assertThat(expected).isLessThan(1L << 48); // exact in a double
    assertThat(registry.get("csgateway.config.reloads").tag("result", "success").counter().count()).isEqualTo(1);
  }

  @Test
  void should_count_a_failure_and_keep_the_hash_when_a_reload_is_refused() {
    metrics.configHash(42);

    new ReloadMetrics(() -> metrics).onFailure(List.of("server.port: must be a number"));

    assertThat(registry.get("csgateway.config.reloads").tag("result", "failure").counter().count()).isEqualTo(1);
    assertThat(registry.get("csgateway.config.hash").gauge().value()).isEqualTo(42);
  }

  @Test
  void should_record_nothing_and_not_fail_when_metrics_are_off() {
    ConfigMetrics.NONE.reloadFailed();
    ConfigMetrics.NONE.reloaded("ab".repeat(32));
    assertThat(registry.getMeters()).hasSize(3);
  }
}
