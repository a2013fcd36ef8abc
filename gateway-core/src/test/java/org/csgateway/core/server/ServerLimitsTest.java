package org.csgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServerLimitsTest {

  @Test
  void should_have_the_documented_defaults() {
    assertThat(ServerLimits.defaults()).isEqualTo(
        new ServerLimits(8192, 16384, 10L * 1024 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(60)));
  }

  @Test
  void should_set_codec_limits_a_little_above_its_own_and_the_idle_timeout() {
    HttpServerOptions options = ServerLimits.defaults().applyTo(new HttpServerOptions());

    assertThat(options.getMaxInitialLineLength()).isBetween(8192 + 20, 8192 + 1024);
    assertThat(options.getMaxHeaderSize()).isBetween(16384 + 1, 16384 + 4096);
    assertThat(options.getIdleTimeoutUnit()).isEqualTo(TimeUnit.MILLISECONDS);
    assertThat(options.getIdleTimeout()).isEqualTo(60_000);
  }

  @Test
  void should_reject_values_that_are_not_positive_with_the_field_named() {
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new ServerLimits(0, 1, 1, second, second))
        .hasMessage("maxUriLength must be positive, was 0");
    assertThatThrownBy(() -> new ServerLimits(1, -1, 1, second, second))
        .hasMessage("maxHeaderBytes must be positive, was -1");
    assertThatThrownBy(() -> new ServerLimits(1, 1, 0, second, second))
        .hasMessage("maxBodyBytes must be positive, was 0");
    assertThatThrownBy(() -> new ServerLimits(1, 1, 1, Duration.ZERO, second))
        .hasMessage("requestTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> new ServerLimits(1, 1, 1, second, null)).hasMessage("idleTimeout");
  }
}
