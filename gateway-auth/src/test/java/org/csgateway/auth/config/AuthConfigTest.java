package org.csgateway.auth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The config records refuse bad values with messages that name the key, and never print secrets. */
class AuthConfigTest {

  @Test
  void should_refuse_bad_values_naming_the_key() {
    assertThatThrownBy(() -> new TokenCacheConfig(Duration.ZERO, Duration.ZERO, Duration.ZERO, 1))
        .hasMessage("maxTtl must be positive, was PT0S");
    assertThatThrownBy(() -> new TokenCacheConfig(Duration.ofSeconds(1), Duration.ofSeconds(-1), Duration.ZERO, 1))
        .hasMessage("negativeTtl must not be negative, was PT-1S");
    AuthConfig defaults = AuthConfig.defaults();
    assertThatThrownBy(() -> new AuthConfig(defaults.strategy(), 402, defaults.timeout(), defaults.cache(),
        defaults.basic())).hasMessage("invalidTokenStatus must be 401 or 403, was 402");
    assertThatThrownBy(() -> new BasicConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), "short", 1))
        .hasMessage("hmacSecret must be at least 16 characters, was 5");
    assertThatThrownBy(() -> TokenStrategy.Jwt.of(URI.create("file:///jwks.json"), null, List.of()))
        .hasMessage("jwksUrl must be an absolute http(s) URL, was file:///jwks.json");
  }

  @Test
  void should_default_to_token_info_on_the_upstream() {
    TokenStrategy.ComputeStacks strategy = (TokenStrategy.ComputeStacks) AuthConfig.defaults().strategy();

    assertThat(strategy.resolve(URI.create("http://upstream:3000/")))
        .isEqualTo(URI.create("http://upstream:3000/api/oauth/token/info"));
    assertThat(new TokenStrategy.ComputeStacks(URI.create("https://cs.test/api/oauth/token/info"))
        .resolve(null)).isEqualTo(URI.create("https://cs.test/api/oauth/token/info"));
  }

  @Test
  void should_not_print_secrets() {
    assertThat(new BasicConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), "0123456789abcdef-secret", 1))
        .asString().doesNotContain("0123456789abcdef-secret");
    assertThat(new TokenStrategy.Introspection(URI.create("https://cs.test/introspect"), "gw", "client-secret-1"))
        .asString().doesNotContain("client-secret-1");
  }
}
