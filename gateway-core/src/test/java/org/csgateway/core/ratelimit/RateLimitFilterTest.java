package org.csgateway.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.identity.CredentialKind;
import org.csgateway.core.identity.Principal;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayRequest;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Pipeline;
import org.csgateway.core.pipeline.Stage;
import org.csgateway.core.pipeline.TestFilters;
import org.csgateway.core.routing.AuthMode;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.RouteMatch;
import org.csgateway.core.routing.ScopeMatch;
import org.junit.jupiter.api.Test;

/** The rate-limit stage in a real pipeline, in front of a forward stage that counts what reaches it. */
class RateLimitFilterTest {
  private static final Route PROJECTS =
      new Route(HttpMethod.GET, "/api/projects", AuthMode.SCOPED, Set.of("projects_read"), ScopeMatch.ANY, true, true);
  private static final Route CREATE_PROJECT =
      new Route(HttpMethod.POST, "/api/projects", AuthMode.SCOPED, Set.of("projects_write"), ScopeMatch.ANY, false,
          false);
  private static final Route TOKEN =
      new Route(HttpMethod.POST, "/api/oauth/token", AuthMode.OAUTH, Set.of(), ScopeMatch.NONE, false, false);
  private static final RateLimitPolicy THREE_PER_3M = new RateLimitPolicy("caller", 3, Duration.ofMinutes(3), 3,
      RateLimitKey.PRINCIPAL, RouteSelector.all(), Map.of());

  private final FakeNanoClock clock = new FakeNanoClock();
  private final LocalRateLimitStore store = new LocalRateLimitStore(1_000, clock);
  private final AtomicInteger forwarded = new AtomicInteger();
  private final CountingListener listener = new CountingListener();

  private Pipeline pipeline(RateLimitPolicy... policies) {
    ErrorResponder errors = new ErrorResponder();
    GatewayFilter forward = TestFilters.of("counting-forward", Stage.FORWARD, (exchange, chain) -> {
      forwarded.incrementAndGet();
      return Future.succeededFuture(GatewayResponse.of(200, Buffer.buffer("{}")));
    });
    return Pipeline.builder()
        .add(new RateLimitFilter(List.of(policies), store, errors, listener))
        .add(forward)
        .recoveringWith(errors::recover)
        .build();
  }

  private static Exchange exchange(Route route, String address, Principal principal) {
    GatewayRequest request = new GatewayRequest(route.method(), route.id(), null, HttpHeaders.headers(), "http",
        "gateway.test", address, null);
    Exchange exchange = new Exchange(request, "req", address, 0);
    exchange.route(new RouteMatch(route, Map.of(), null));
    if (principal != null) {
      exchange.put(Principal.KEY, principal);
    }
    return exchange;
  }

  private static Principal user(String id, String clientId) {
    return new Principal(id, CredentialKind.USER_TOKEN, Set.of("projects_read"), "1", clientId, null);
  }

  private static GatewayResponse send(Pipeline pipeline, Exchange exchange) {
    return pipeline.handle(exchange).await();
  }

  private static StructuredFields.Item single(MultiMap headers, String name) {
    List<StructuredFields.Item> items = StructuredFields.parseList(headers.get(name));
    assertThat(items).as(name).hasSize(1);
    return items.get(0);
  }

  @Test
  void should_send_fields_that_parse_and_agree_with_what_happens_next_when_a_caller_uses_its_allowance() {
    Pipeline pipeline = pipeline(THREE_PER_3M);
    Principal alice = user("user:1", "app");
    for (int i = 1; i <= 3; i++) {
      GatewayResponse ok = send(pipeline, exchange(PROJECTS, "10.0.0.1", alice));
      assertThat(ok.status()).isEqualTo(200);
      StructuredFields.Item policy = single(ok.headers(), "RateLimit-Policy");
      assertThat(policy.value()).isEqualTo("caller");
      assertThat(policy.integer("q")).isEqualTo(3);
      assertThat(policy.integer("w")).isEqualTo(180);
      StructuredFields.Item limit = single(ok.headers(), "RateLimit");
      assertThat(limit.value()).isEqualTo("caller");
      assertThat(limit.integer("r")).as("remaining counts down").isEqualTo(3 - i);
      assertThat(limit.integer("t")).as("until the allowance is full again").isEqualTo(60L * i);
      assertThat(ok.headers().get("Retry-After")).isNull();
    }

    GatewayResponse refused = send(pipeline, exchange(PROJECTS, "10.0.0.1", alice));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(forwarded.get()).as("a refused request never reaches the upstream").isEqualTo(3);
    StructuredFields.Item limit = single(refused.headers(), "RateLimit");
    assertThat(limit.integer("r")).isZero();
    long retryAfter = Long.parseLong(refused.headers().get("Retry-After"));
    assertThat(retryAfter).isEqualTo(60).isGreaterThanOrEqualTo(limit.integer("t"));
    assertThat(refused.headers().get(HttpHeaders.CONTENT_TYPE)).startsWith("application/json");
    assertThat(new JsonObject(refused.body()).getJsonArray("errors").getString(0)).contains("Rate limit exceeded");

    clock.advance(Duration.ofSeconds(retryAfter - 1));
    assertThat(send(pipeline, exchange(PROJECTS, "10.0.0.1", alice)).status())
        .as("Retry-After is not too short").isEqualTo(429);
    clock.advance(Duration.ofSeconds(1));
    GatewayResponse again = send(pipeline, exchange(PROJECTS, "10.0.0.1", alice));
    assertThat(again.status()).as("Retry-After is not too long").isEqualTo(200);
    assertThat(single(again.headers(), "RateLimit").integer("r")).isZero();
    assertThat(listener.allowed.get()).isEqualTo(4);
    assertThat(listener.refused.get()).isEqualTo(2);
  }

  @Test
  void should_keep_principals_apart_and_limit_anonymous_callers_by_address_when_keyed_by_principal() {
    Pipeline pipeline = pipeline(THREE_PER_3M);
    for (int i = 0; i < 3; i++) {
      send(pipeline, exchange(PROJECTS, "10.0.0.1", user("user:1", "app")));
    }
    assertThat(send(pipeline, exchange(PROJECTS, "10.0.0.1", user("user:1", "app"))).status()).isEqualTo(429);
    assertThat(send(pipeline, exchange(PROJECTS, "10.0.0.1", user("user:2", "app"))).status()).isEqualTo(200);

    for (int i = 0; i < 3; i++) {
      assertThat(send(pipeline, exchange(PROJECTS, "10.0.0.9", null)).status()).isEqualTo(200);
    }
    assertThat(send(pipeline, exchange(PROJECTS, "10.0.0.9", null)).status()).isEqualTo(429);
    assertThat(send(pipeline, exchange(PROJECTS, "10.0.0.8", null)).status()).isEqualTo(200);
  }

  @Test
  void should_share_one_allowance_between_users_of_one_application_when_keyed_by_client_id() {
    RateLimitPolicy perApp = new RateLimitPolicy("per-app", 3, Duration.ofMinutes(3), 3, RateLimitKey.CLIENT_ID,
        RouteSelector.all(), Map.of());
    Pipeline pipeline = pipeline(perApp);
    send(pipeline, exchange(PROJECTS, "10.0.0.1", user("user:1", "app")));
    send(pipeline, exchange(PROJECTS, "10.0.0.2", user("user:2", "app")));
    send(pipeline, exchange(PROJECTS, "10.0.0.3", user("user:3", "app")));
    assertThat(send(pipeline, exchange(PROJECTS, "10.0.0.4", user("user:4", "app"))).status()).isEqualTo(429);
    assertThat(send(pipeline, exchange(PROJECTS, "10.0.0.4", user("user:4", "other"))).status()).isEqualTo(200);
  }

  @Test
  void should_apply_only_the_first_policy_that_selects_a_request_when_several_do() {
    Pipeline pipeline = pipeline(RateLimitPolicy.oauthTokenDefault(), THREE_PER_3M);
    GatewayResponse token = send(pipeline, exchange(TOKEN, "10.0.0.1", null));
    assertThat(single(token.headers(), "RateLimit-Policy").value()).isEqualTo("oauth-token");
    assertThat(single(token.headers(), "RateLimit").integer("r")).isEqualTo(9);
    GatewayResponse projects = send(pipeline, exchange(PROJECTS, "10.0.0.1", null));
    assertThat(single(projects.headers(), "RateLimit-Policy").value()).isEqualTo("caller");
    assertThat(single(projects.headers(), "RateLimit").integer("r")).as("the token request was not counted here")
        .isEqualTo(2);
  }

  @Test
  void should_guess_credentials_no_faster_than_the_token_policy_allows_when_one_address_posts_tokens() {
    Pipeline pipeline = pipeline(RateLimitPolicy.oauthTokenDefault(), THREE_PER_3M);
    long admitted = 0;
    for (int i = 0; i < 50; i++) {
      admitted += send(pipeline, exchange(TOKEN, "10.0.0.1", null)).status() == 200 ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(10);
    assertThat(send(pipeline, exchange(TOKEN, "10.0.0.2", null)).status()).isEqualTo(200);
  }

  @Test
  void should_leave_requests_untouched_when_no_policy_selects_them() {
    Pipeline pipeline = pipeline(RateLimitPolicy.oauthTokenDefault());
    Exchange unmatched = new Exchange(new GatewayRequest(HttpMethod.GET, "/api/unknown", null, HttpHeaders.headers(),
        "http", null, "10.0.0.1", null), "req", "10.0.0.1", 0);
    for (int i = 0; i < 20; i++) {
      GatewayResponse response = send(pipeline, i % 2 == 0 ? unmatched : exchange(PROJECTS, "10.0.0.1", null));
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers().contains("RateLimit")).isFalse();
      assertThat(response.headers().contains("RateLimit-Policy")).isFalse();
    }
    assertThat(forwarded.get()).isEqualTo(20);
  }

  @Test
  void should_charge_the_route_cost_when_a_policy_prices_a_route() {
    RateLimitPolicy priced = new RateLimitPolicy("priced", 5, Duration.ofMinutes(5), 5, RateLimitKey.PRINCIPAL,
        RouteSelector.all(), Map.of("POST /api/projects", 3, "/api/projects", 2));
    Pipeline pipeline = pipeline(priced);
    Principal alice = user("user:1", "app");
    assertThat(single(send(pipeline, exchange(CREATE_PROJECT, "10.0.0.1", alice)).headers(), "RateLimit")
        .integer("r")).isEqualTo(2);
    assertThat(single(send(pipeline, exchange(PROJECTS, "10.0.0.1", alice)).headers(), "RateLimit")
        .integer("r")).isZero();
  }

  @Test
  void should_leave_the_decision_on_the_exchange_when_it_decides() {
    Pipeline pipeline = pipeline(THREE_PER_3M);
    Exchange exchange = exchange(PROJECTS, "10.0.0.1", null);
    send(pipeline, exchange);
    assertThat(exchange.get(RateLimitDecision.KEY).remaining()).isEqualTo(2);
  }
}
