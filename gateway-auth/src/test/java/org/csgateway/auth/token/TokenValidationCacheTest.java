package org.csgateway.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.csgateway.auth.config.TokenCacheConfig;
import org.csgateway.auth.testing.FakeClock;
import org.csgateway.auth.token.TokenVerdict.Invalid;
import org.csgateway.auth.token.TokenVerdict.Reason;
import org.csgateway.auth.token.TokenVerdict.Valid;
import org.csgateway.core.error.GatewayException;
import org.junit.jupiter.api.Test;

/** Lifetimes, single flight and eviction, with a validator whose answers the test hands out. */
class TokenValidationCacheTest {
  private final FakeClock clock = new FakeClock();
  private final List<Promise<TokenVerdict>> calls = new ArrayList<>();
  private final TokenValidator validator = token -> {
    Promise<TokenVerdict> promise = Promise.promise();
    calls.add(promise);
    return promise.future();
  };
  private final TokenValidationCache cache = new TokenValidationCache(validator,
      new TokenCacheConfig(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(5), 1000), clock, clock);

  private Valid valid(String owner, Duration lifetime) {
    return new Valid(TokenPrincipals.of(owner, "app", Set.of("public"), clock.instant().plus(lifetime)));
  }

  @Test
  void should_share_one_call_between_concurrent_validations_of_a_token() {
    Future<TokenVerdict> first = cache.validate("t");
    Future<TokenVerdict> second = cache.validate("t");
    calls.get(0).complete(valid("1", Duration.ofHours(1)));

    assertThat(calls).hasSize(1);
    assertThat(first.await()).isSameAs(second.await());
  }

  @Test
  void should_keep_a_positive_verdict_for_the_maximum_lifetime_when_the_token_lives_longer() {
    cache.validate("t");
    calls.get(0).complete(valid("1", Duration.ofHours(1)));

    clock.advance(Duration.ofSeconds(59));
    cache.validate("t");
    assertThat(calls).hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    cache.validate("t");
    assertThat(calls).hasSize(2);
  }

  @Test
  void should_keep_a_positive_verdict_until_expiry_minus_skew_when_the_token_expires_sooner() {
    cache.validate("t");
    calls.get(0).complete(valid("1", Duration.ofSeconds(20)));

    clock.advance(Duration.ofSeconds(14));
    assertThat(cache.isKnownValid("t")).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.isKnownValid("t")).isFalse();
  }

  @Test
  void should_keep_a_negative_verdict_for_the_negative_lifetime() {
    cache.validate("t");
    calls.get(0).complete(new Invalid(Reason.REVOKED));

    clock.advance(Duration.ofSeconds(9));
    assertThat(cache.validate("t").await()).isEqualTo(new Invalid(Reason.REVOKED));
    assertThat(calls).hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    cache.validate("t");
    assertThat(calls).hasSize(2);
  }

  @Test
  void should_share_a_failure_with_the_waiting_callers_and_then_forget_it() {
    Future<TokenVerdict> first = cache.validate("t");
    Future<TokenVerdict> second = cache.validate("t");
    calls.get(0).fail(Unavailable.of("down", null));

    assertThat(first.failed() && second.failed()).isTrue();
    assertThat(second.cause()).isInstanceOf(GatewayException.class);
    cache.validate("t");
    assertThat(calls).hasSize(2);
  }

  @Test
  void should_evict_by_hash_by_principal_and_everything() {
    for (String token : List.of("a", "b", "c")) {
      cache.validate(token);
      calls.get(calls.size() - 1).complete(valid(token, Duration.ofHours(1)));
    }

    assertThat(cache.evictTokenHash(TokenValidationCache.hash("a").toUpperCase())).isTrue();
    assertThat(cache.evictPrincipal("user:b/app:app")).isEqualTo(1);
    assertThat(cache.isKnownValid("a") || cache.isKnownValid("b")).isFalse();
    assertThat(cache.isKnownValid("c")).isTrue();
    cache.evictAll();
    assertThat(cache.isKnownValid("c")).isFalse();
  }

  @Test
  void should_refuse_an_eviction_hash_that_is_not_a_sha256() {
    assertThatThrownBy(() -> cache.evictTokenHash("the-raw-token")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a token hash must be 64 hex digits (SHA-256)");
  }

  @Test
  void should_key_on_the_sha256_of_the_token() {
    assertThat(TokenValidationCache.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void should_forget_a_validation_in_flight_when_the_token_is_evicted() {
    cache.validate("t");
    cache.evictToken("t");
    calls.get(0).complete(valid("1", Duration.ofHours(1)));

    assertThat(cache.isKnownValid("t")).isFalse();
  }
}
