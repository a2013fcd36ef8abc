package org.csgateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.testing.TestExchanges;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouteFilterTest {
  private static final RouteTable TABLE = RouteTable.of(List.of(
      new Route(HttpMethod.GET, "/api/projects", AuthMode.SCOPED, Set.of("project_read"), ScopeMatch.ANY, true, true),
      new Route(HttpMethod.POST, "/api/projects", AuthMode.SCOPED, Set.of("project_write"), ScopeMatch.ANY, false,
          false)));

  private final List<Exchange> forwarded = new ArrayList<>();
  private final FilterChain chain = exchange -> {
    forwarded.add(exchange);
    return Future.succeededFuture(GatewayResponse.of(200, Buffer.buffer("upstream")));
  };

  private static RouteFilter filter(UnmatchedPolicy policy) {
    return new RouteFilter(new RoutingConfig(TABLE, policy, RoutingConfig.DEFAULT_BLOCKED));
  }

  /** Runs the filter and renders a refusal the way the pipeline does, through the ErrorResponder. */
  private GatewayResponse run(RouteFilter filter, HttpMethod method, String uri) {
    Future<GatewayResponse> result;
    try {
      result = filter.apply(TestExchanges.exchange(method, uri), chain);
    } catch (GatewayException e) {
      result = Future.failedFuture(e);
    }
    return result.recover(new ErrorResponder()::recover).result();
  }

  private static List<Object> errors(GatewayResponse response) {
    return new JsonObject(response.body()).getJsonArray("errors").getList();
  }

  @Nested
  class Rejecting {
    private final RouteFilter filter = filter(UnmatchedPolicy.REJECT);

    @Test
    void should_put_the_match_on_the_exchange_when_the_route_exists() {
      GatewayResponse response = run(filter, HttpMethod.GET, "/api/projects.json?per_page=5");
      assertThat(response.status()).isEqualTo(200);
      assertThat(forwarded).singleElement().satisfies(e -> {
        assertThat(e.routeId()).isEqualTo("/api/projects");
        assertThat(e.route().format()).isEqualTo("json");
      });
    }

    @Test
    void should_answer_404_with_the_upstreams_message_when_the_path_is_unknown() {
      GatewayResponse response = run(filter, HttpMethod.GET, "/api/nothing/here");
      assertThat(response.status()).isEqualTo(404);
      assertThat(errors(response)).containsExactly("Unknown API Call. Please check the documentation.");
      assertThat(forwarded).isEmpty();
    }

    @Test
    void should_answer_405_with_allow_when_the_path_is_known_but_not_the_method() {
      GatewayResponse response = run(filter, HttpMethod.DELETE, "/api/projects");
      assertThat(response.status()).isEqualTo(405);
      assertThat(response.headers().get("Allow")).isEqualTo("GET, HEAD, OPTIONS, POST");
      assertThat(errors(response)).singleElement().asString().contains("DELETE");
      assertThat(forwarded).isEmpty();
    }

    @Test
    void should_answer_200_with_allow_and_no_body_when_options_asks_about_a_known_path() {
      GatewayResponse response = run(filter, HttpMethod.OPTIONS, "/api/projects");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers().get("Allow")).isEqualTo("GET, HEAD, OPTIONS, POST");
      assertThat(response.body()).isNull();
    }
  }

  @Nested
  class Forwarding {
    private final RouteFilter filter = filter(UnmatchedPolicy.FORWARD);

    @Test
    void should_forward_without_a_route_when_the_path_is_unknown_and_unmatched_requests_are_forwarded() {
      assertThat(run(filter, HttpMethod.GET, "/api/brand_new_feature").status()).isEqualTo(200);
      assertThat(run(filter, HttpMethod.DELETE, "/api/projects").status()).isEqualTo(200);
      assertThat(forwarded).extracting(Exchange::routeId).containsExactly("unmatched", "unmatched");
    }

    @Test
    void should_still_refuse_a_blocked_path_when_unmatched_requests_are_forwarded() {
      GatewayResponse response = run(filter, HttpMethod.GET, "/api/%73ystem/events");
      assertThat(response.status()).isEqualTo(404);
      assertThat(errors(response)).containsExactly(RouteFilter.UNKNOWN_PATH);
      assertThat(forwarded).isEmpty();
    }

    @Test
    void should_still_refuse_path_traversal_with_400_when_unmatched_requests_are_forwarded() {
      GatewayResponse response = run(filter, HttpMethod.GET, "/api/projects/..%2Fsystem/events");
      assertThat(response.status()).isEqualTo(400);
      assertThat(errors(response)).singleElement().asString().contains("dot segment");
      assertThat(forwarded).isEmpty();
    }
  }

  @Test
  void should_refuse_every_default_blocked_namespace_when_spelled_plainly_or_encoded() {
    RouteFilter filter = filter(UnmatchedPolicy.FORWARD);
    for (String path : List.of("/api/system/events", "/api/stacks/load_balancers", "/api%2Fstacks%2Fassets/1",
        "/api/system/alert_notifications.json")) {
      assertThat(run(filter, HttpMethod.POST, path).status()).as(path).isEqualTo(404);
    }
    assertThat(forwarded).isEmpty();
  }
}
