package org.csgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.csgateway.core.routing.AuthMode;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.ScopeMatch;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CacheConfigTest {
  private static final CachePolicy POLICY = TestGateway.policy();

  private static Route get(String template) {
    return new Route(HttpMethod.GET, template, AuthMode.SCOPED, Set.of("a"), ScopeMatch.ANY, true, false);
  }

  private static MultiMap headers(String... pairs) {
    MultiMap headers = HttpHeaders.headers();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      headers.add(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  @Nested
  class Validation {
    @Test
    void should_reject_bounds_that_cannot_work() {
      assertThatThrownBy(() -> new CacheConfig(0, 1, Duration.ZERO, Duration.ofSeconds(1), 1, 1, 2, POLICY))
          .hasMessage("maxBytes must be positive, was 0");
      assertThatThrownBy(() -> new CacheConfig(10, 11, Duration.ZERO, Duration.ofSeconds(1), 1, 1, 2, POLICY))
          .hasMessage("maxEntryBytes must not exceed maxBytes (10), was 11");
      assertThatThrownBy(() -> new CacheConfig(10, 10, Duration.ZERO, Duration.ZERO, 1, 1, 2, POLICY))
          .hasMessage("waitTimeout must be positive, was PT0S");
      assertThatThrownBy(() -> new CacheConfig(10, 10, Duration.ZERO, Duration.ofSeconds(1), 0, 1, 2, POLICY))
          .hasMessage("maxWaitersPerKey must be positive, was 0");
      assertThatThrownBy(() -> new CacheConfig(10, 10, Duration.ZERO, Duration.ofSeconds(1), 1, 0, 2, POLICY))
          .hasMessage("minUses must be between 1 and 255, was 0");
      assertThatThrownBy(() -> new CacheConfig(10, 10, Duration.ZERO, Duration.ofSeconds(1), 1, 256, 2, POLICY))
          .hasMessage("minUses must be between 1 and 255, was 256");
      assertThatThrownBy(() -> new CacheConfig(10, 10, Duration.ZERO, Duration.ofSeconds(1), 1, 1, 0, POLICY))
          .hasMessage("minUsesWhenFull must be between 1 and 255, was 0");
    }

    @Test
    void should_never_ask_fewer_uses_of_a_full_cache_than_of_one_with_room() {
      assertThat(new CacheConfig(10, 10, Duration.ZERO, Duration.ofSeconds(1), 1, 3, 2, POLICY)
          .effectiveMinUsesWhenFull()).isEqualTo(3);
      assertThat(new CacheConfig(10, 10, Duration.ZERO, Duration.ofSeconds(1), 1, 1, 2, POLICY)
          .effectiveMinUsesWhenFull()).isEqualTo(2);
      assertThat(CacheConfig.defaults(POLICY).minUses()).isEqualTo(1);
      assertThat(CacheConfig.defaults(POLICY).minUsesWhenFull()).isEqualTo(2);
    }

    @Test
    void should_reject_negative_ttls_naming_the_key() {
      assertThatThrownBy(() -> CachePolicy.forFamilies(Map.of("projects", Duration.ofSeconds(-1))))
          .hasMessage("families.projects must not be negative, was PT-1S");
    }

    @Test
    void should_reject_a_redis_url_of_another_scheme_without_showing_its_password() {
      assertThatThrownBy(() -> RedisEvictionConfig.of("http://user:hunter2@host:6379"))
          .hasMessageNotContaining("hunter2");
      assertThat(RedisEvictionConfig.of("redis://:hunter2@host:6379").toString()).doesNotContain("hunter2");
    }
  }

  @Nested
  class Policy {
    @Test
    void should_take_the_route_ttl_over_the_family_ttl_and_cache_only_collections() {
      CachePolicy policy = new CachePolicy(Duration.ZERO, Map.of("projects", Duration.ofSeconds(30)),
          Map.of("/api/projects/{project_id}/events", Duration.ZERO), Map.of());

      assertThat(policy.ttl(get("/api/projects"))).isEqualTo(Duration.ofSeconds(30));
      assertThat(policy.ttl(get("/api/projects/{project_id}/events"))).isZero();
      assertThat(policy.ttl(get("/api/images"))).isZero();
      assertThat(policy.ttl(new Route(HttpMethod.GET, "/api/projects/{id}", AuthMode.SCOPED, Set.of("a"),
          ScopeMatch.ANY, false, false))).isZero();
    }

    @Test
    void should_evict_the_configured_related_families_too() {
      CachePolicy policy = new CachePolicy(Duration.ZERO, Map.of(), Map.of(),
          Map.of("container_services", Set.of("projects")));

      assertThat(policy.familiesEvictedBy(get("/api/container_services")))
          .containsExactlyInAnyOrder("container_services", "projects");
      assertThat(policy.familiesEvictedBy(get("/api/images"))).containsExactly("images");
    }

    @Test
    void should_store_only_plain_200s_that_vary_on_keyed_headers_at_most() {
      assertThat(POLICY.isStorable(200, headers("Cache-Control", "private, max-age=0, must-revalidate"))).isTrue();
      assertThat(POLICY.isStorable(200, headers("Vary", "Accept, Accept-Encoding"))).isTrue();
      assertThat(POLICY.isStorable(201, headers())).isFalse();
      assertThat(POLICY.isStorable(200, headers("Set-Cookie", "a=b"))).isFalse();
      assertThat(POLICY.isStorable(200, headers("Cache-Control", "private, no-store"))).isFalse();
      assertThat(POLICY.isStorable(200, headers("Vary", "*"))).isFalse();
      assertThat(POLICY.isStorable(200, headers("Vary", "Accept, Origin"))).isFalse();
    }

    @Test
    void should_read_the_requests_cache_directives() {
      assertThat(POLICY.requestForbidsCache(headers("Cache-Control", "No-Store"))).isTrue();
      assertThat(POLICY.requestAsksRevalidation(headers("Cache-Control", "max-age = 0"))).isTrue();
      assertThat(POLICY.requestAsksRevalidation(headers("Pragma", "no-cache"))).isTrue();
      assertThat(POLICY.requestAsksRevalidation(headers("Cache-Control", "max-age=60"))).isFalse();
    }

    @Test
    void should_match_whole_directives_whatever_their_case_spaces_quotes_or_header_line() {
      assertThat(CachePolicy.hasDirective(List.of("private", " No-Cache "), "no-cache")).isTrue();
      assertThat(CachePolicy.hasDirective(List.of("public,,Max-Age = \"0\""), "max-age=0")).isTrue();
      assertThat(CachePolicy.hasDirective(List.of("no-cache"), "no-cache")).isTrue();

      assertThat(CachePolicy.hasDirective(List.of("max-age=00, max-age=0x"), "max-age=0")).isFalse();
      assertThat(CachePolicy.hasDirective(List.of("x-no-store, no-stores"), "no-store")).isFalse();
      assertThat(CachePolicy.hasDirective(List.of("no-cache=\"Set-Cookie\""), "no-cache")).isFalse();
      assertThat(CachePolicy.hasDirective(List.of(), "no-store")).isFalse();
      assertThat(CachePolicy.hasDirective(List.of(""), "no-store")).isFalse();
    }
  }
}
