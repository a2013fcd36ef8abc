package org.csgateway.core.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpstreamConfigTest {
  private static final URI URL = URI.create("http://upstream:3000");

  @Test
  void should_have_the_documented_defaults() {
    UpstreamConfig config = UpstreamConfig.of(URL);

    assertThat(config.poolSize()).isEqualTo(64);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.bodyIdleTimeout()).as("as long as the head may take").isEqualTo(Duration.ofSeconds(30));
    assertThat(config.preserveHost()).isFalse();
    assertThat(config.retry()).isEqualTo(
        new RetryConfig(1, Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS), 0.2, 10));
    assertThat(config.poolOptions().getHttp1MaxSize()).isEqualTo(64);
  }

  @Test
  void should_derive_host_port_authority_and_base_path_from_the_url() {
    UpstreamConfig plain = UpstreamConfig.of(URI.create("https://cs.example.com/"));
    UpstreamConfig prefixed = UpstreamConfig.of(URI.create("http://10.0.0.5:3000/cs/"));

    assertThat(plain.port()).isEqualTo(443);
    assertThat(plain.ssl()).isTrue();
    assertThat(plain.authority()).isEqualTo("cs.example.com");
    assertThat(plain.basePath()).isEmpty();
    assertThat(prefixed.port()).isEqualTo(3000);
    assertThat(prefixed.authority()).isEqualTo("10.0.0.5:3000");
    assertThat(prefixed.basePath()).isEqualTo("/cs");
  }

  @Test
  void should_reject_invalid_values_with_the_field_named() {
    RetryConfig retry = RetryConfig.defaults();
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new UpstreamConfig(URL, 0, second, second, false, retry))
        .hasMessage("poolSize must be positive, was 0");
    assertThatThrownBy(() -> new UpstreamConfig(URL, 1, Duration.ZERO, second, false, retry))
        .hasMessage("connectTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> new UpstreamConfig(URL, 1, second, Duration.ofMillis(-1), false, retry))
        .hasMessage("responseTimeout must be positive, was PT-0.001S");
    assertThatThrownBy(() -> UpstreamConfig.of(URI.create("ftp://upstream")))
        .hasMessageContaining("url must be an absolute http or https URL");
    assertThatThrownBy(() -> UpstreamConfig.of(URI.create("http://upstream/?x=1")))
        .hasMessageContaining("url must not have a query");
  }

  @Test
  void should_refuse_to_retry_methods_that_are_not_idempotent() {
    assertThatThrownBy(() -> new RetryConfig(1, Set.of(HttpMethod.GET, HttpMethod.POST), 0.2, 10))
        .hasMessageContaining("never retried: POST");
    assertThatThrownBy(() -> new RetryConfig(1, Set.of(HttpMethod.PATCH), 0.2, 10))
        .hasMessageContaining("never retried: PATCH");
    assertThatThrownBy(() -> new RetryConfig(-1, Set.of(), 0.2, 10))
        .hasMessage("attempts must not be negative, was -1");
    assertThatThrownBy(() -> new RetryConfig(1, Set.of(), -0.1, 10))
        .hasMessage("budgetRatio must be between 0 and 1000, was -0.1");
    assertThatThrownBy(() -> new RetryConfig(1, Set.of(), 0.2, -1))
        .hasMessage("minRetriesPerSecond must not be negative, was -1");
  }

  @Test
  void should_allow_a_method_only_when_listed_and_attempts_are_left() {
    assertThat(RetryConfig.defaults().allows(HttpMethod.GET)).isTrue();
    assertThat(RetryConfig.defaults().allows(HttpMethod.PUT)).isFalse();
    assertThat(RetryConfig.disabled().allows(HttpMethod.GET)).isFalse();
  }
}
