package org.csgateway.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.csgateway.core.routing.AuthMode;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.RouteMatch;
import org.csgateway.core.routing.ScopeMatch;
import org.junit.jupiter.api.Test;

class RateLimitPolicyTest {
  private static final Route VOLUMES = new Route(HttpMethod.GET, "/api/projects/{project_id}/volumes",
      AuthMode.SCOPED, Set.of("projects_read"), ScopeMatch.ANY, true, true);

  private static RateLimitPolicy policy(String name, long rate, Duration period, long burst) {
    return new RateLimitPolicy(name, rate, period, burst, RateLimitKey.PRINCIPAL, RouteSelector.all(), Map.of());
  }

  @Test
  void should_advertise_rate_per_period_when_burst_equals_rate() {
    RateLimitPolicy p = policy("p", 100, Duration.ofMinutes(1), 100);
    assertThat(RateLimitHeaders.policy(p)).isEqualTo("\"p\";q=100;w=60");
  }

  @Test
  void should_advertise_the_burst_and_its_refill_time_when_burst_differs_from_rate() {
    RateLimitPolicy p = policy("p", 100, Duration.ofMinutes(1), 10);
    assertThat(RateLimitHeaders.policy(p)).isEqualTo("\"p\";q=10;w=6");
  }

  @Test
  void should_explain_what_is_wrong_when_a_policy_is_invalid() {
    assertThatThrownBy(() -> policy("p", 0, Duration.ofMinutes(1), 1)).hasMessage("rate must be positive, was 0");
    assertThatThrownBy(() -> policy("p", 1, Duration.ofMinutes(1), 0)).hasMessage("burst must be positive, was 0");
    assertThatThrownBy(() -> policy("P q", 1, Duration.ofMinutes(1), 1)).hasMessageStartingWith("name must be");
    assertThatThrownBy(() -> policy("p", 1, Duration.ZERO, 1)).hasMessageStartingWith("period must be positive");
    assertThatThrownBy(() -> policy("p", 2_000_000, Duration.ofSeconds(1), 1))
        .hasMessageStartingWith("rate must be at most one per microsecond");
    assertThatThrownBy(() -> new RateLimitPolicy("p", 5, Duration.ofMinutes(1), 5, RateLimitKey.PRINCIPAL,
        RouteSelector.all(), Map.of("/api/x", 6))).hasMessage("cost of '/api/x' must be between 1 and burst 5, was 6");
    assertThatThrownBy(() -> new RateLimitConfig(RateLimitConfig.StoreKind.LOCAL, 10, null,
        List.of(policy("p", 1, Duration.ofMinutes(1), 1), policy("p", 2, Duration.ofMinutes(1), 1)),
        RateLimitPolicy.failedAuthenticationDefault())).hasMessageStartingWith("policy names must be unique");
    assertThatThrownBy(() -> new RateLimitConfig(RateLimitConfig.StoreKind.REDIS, 10, null, List.of(),
        RateLimitPolicy.failedAuthenticationDefault())).hasMessage("redis must be configured when store is redis");
  }

  @Test
  void should_price_by_method_and_template_before_template_when_costs_are_given() {
    RateLimitPolicy p = new RateLimitPolicy("p", 10, Duration.ofMinutes(1), 10, RateLimitKey.PRINCIPAL,
        RouteSelector.all(), Map.of("GET /api/projects/{project_id}/volumes", 4, "/api/projects/{project_id}/volumes",
        2));
    assertThat(p.costOf(VOLUMES)).isEqualTo(4);
    assertThat(p.costOf(new Route(HttpMethod.POST, VOLUMES.template(), AuthMode.SCOPED, Set.of("projects_write"),
        ScopeMatch.ANY, false, false))).isEqualTo(2);
    assertThat(p.costOf(null)).isEqualTo(1);
  }

  @Test
  void should_select_by_family_and_method_when_a_selector_names_them() {
    RouteSelector projectsReads = new RouteSelector(Set.of(), Set.of("projects"), Set.of(HttpMethod.GET));
    RouteMatch match = new RouteMatch(VOLUMES, Map.of(), null);
    assertThat(projectsReads.matches(HttpMethod.GET, match)).isTrue();
    assertThat(projectsReads.matches(HttpMethod.POST, match)).isFalse();
    assertThat(projectsReads.matches(HttpMethod.GET, null)).as("unmatched requests have no family").isFalse();
    assertThat(RouteSelector.all().matches(HttpMethod.GET, null)).isTrue();
    assertThat(RouteSelector.ids("/api/other").matches(HttpMethod.GET, match)).isFalse();
  }
}
