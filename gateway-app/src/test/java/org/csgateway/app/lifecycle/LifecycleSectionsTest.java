package org.csgateway.app.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.csgateway.app.config.ConfigError;
import org.csgateway.app.config.ConfigException;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.config.HealthSettings;
import org.csgateway.app.config.ReloadSettings;
import org.csgateway.app.config.ShutdownSettings;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** The health, reload and shutdown sections: defaults, values, and every error listed with its path. */
class LifecycleSectionsTest {
  private static final String BASE = TestGateway.SANDBOX_YAML;

  @Test
  void should_use_the_documented_defaults_when_the_sections_are_absent() {
    GatewayConfig config = TestGateway.parse(BASE);

    assertThat(config.health()).isEqualTo(new HealthSettings(false, false, Duration.ofSeconds(5)));
    assertThat(config.reload()).isEqualTo(new ReloadSettings(true, Duration.ofSeconds(2)));
    assertThat(config.shutdown()).isEqualTo(new ShutdownSettings(Duration.ofSeconds(5), Duration.ofSeconds(30)));
  }

  @Test
  void should_read_every_key_when_the_sections_are_given() {
    GatewayConfig config = TestGateway.parse(BASE + """
        health: {requireUpstream: true, requireRedis: false, checkInterval: 250ms}
        reload: {watch: false, checkInterval: 10s}
        shutdown: {drainDelay: 0s, drainTimeout: 1m}
        """);

    assertThat(config.health()).isEqualTo(new HealthSettings(true, false, Duration.ofMillis(250)));
    assertThat(config.reload()).isEqualTo(new ReloadSettings(false, Duration.ofSeconds(10)));
    assertThat(config.shutdown()).isEqualTo(new ShutdownSettings(Duration.ZERO, Duration.ofMinutes(1)));
  }

  @Test
  void should_list_every_error_with_its_path_when_the_sections_are_invalid() {
    assertThatThrownBy(() -> TestGateway.parse(BASE + """
        health: {requireUpstream: maybe, checkInterval: 0s}
        reload: {watch: true, checkInterval: often}
        shutdown: {drainDelay: 5s, drainTimout: 30s}
        """)).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.errors()).extracting(ConfigError::path).containsExactlyInAnyOrder(
            "health.requireUpstream", "health", "reload.checkInterval", "shutdown.drainTimout"));
  }

  @Test
  void should_refuse_requiring_redis_when_no_feature_uses_redis() {
    assertThatThrownBy(() -> TestGateway.parse(BASE + """
        health: {requireRedis: true}
        """)).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.errors()).singleElement().satisfies(error -> {
          assertThat(error.path()).isEqualTo("health.requireRedis");
          assertThat(error.message()).contains("rateLimit.store: redis", "cache.redis");
        }));
  }
}
