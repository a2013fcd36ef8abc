package org.csgateway.app.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.attack.AttackGateway.DEMO_HEADERS;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.csgateway.app.sandbox.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, CRLF injection and path traversal. The gateway forwards unmatched paths here ({@code routes.unmatched:
 * forward}), so the blocked list is the only thing between a client and {@code /api/system/**}: every spelling must
 * be refused before the upstream, and whatever the upstream does receive must not be a system path once decoded
 * the way Rails would decode it. Encoded CR/LF in a query stays encoded: it neither becomes a header upstream nor
 * in the answer (pagination {@code Link} headers echo the query).
 */
class InjectionAndTraversalTest extends OneGatewayPerClass {
  private static final Duration QUIET = Duration.ofSeconds(5);

  @Override
  protected String moreYaml() {
    return "routes: {unmatched: forward}\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/projects/..%2Fsystem/events", "/api/projects/..%2fsystem", "/api/./system/events",
      "/api//system/events", "/api/%2e%2e/api/system/events", "/api/projects/%2E%2E/%2E%2E/api/system",
      "/api/SYSTEM/events", "/api/System/Events.json", "/api/sYsTeM", "/api/%73ystem/events", "/api/%2573ystem/events",
      "/api%2Fsystem%2Fevents", "/api%252Fsystem/events", "/api/system;x=1/events", "/api/system/events;jsessionid=1",
      "/api/system.json", "/api/system/", "/api/system%00/events", "/api/system%0d%0a/events", "/api\\system\\events",
      "/api/%5csystem/events", "/api/stacks/load_balancers", "/API/system/events", "/api/./stacks/x",
      "/api/projects/../../api/system/events", "/api/system/%2e%2e/projects", "/api/system/events/..",
      "/api/system/events?x=/api/projects", "http://gw/api/system/events", "/api/%c0%ae%c0%ae/system"})
  void should_never_let_a_system_path_reach_the_upstream_when_spelled_any_way(String target) {
    RawExchange exchange = RawExchange.send(gateway.port(),
        "GET " + target + " HTTP/1.1\r\n" + DEMO_HEADERS + "Connection: close\r\n\r\n", QUIET);

    assertThat(exchange.statuses()).singleElement().satisfies(status -> assertThat(status).isIn(400, 404));
    assertThat(gateway.forwarded()).as("nothing reached the upstream for %s", target)
        .noneMatch(InjectionAndTraversalTest::isInternal);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/system#/events", "/api/stacks#x", "/api/projects/1#/../../system"})
  void should_refuse_a_fragment_that_would_cut_the_path_upstream_after_the_gateway_matched_all_of_it(String target) {
    RawExchange exchange = RawExchange.send(gateway.port(),
        "GET " + target + " HTTP/1.1\r\n" + DEMO_HEADERS + "\r\n", QUIET);

    assertThat(exchange.statuses()).containsExactly(400);
    assertThat(gateway.forwarded()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/system./events", "/api/system%20/events", "/api/system%09/events", "/api/systemx"})
  void should_forward_a_look_alike_only_where_rails_would_not_route_it_to_the_system_namespace(String target) {
    RawExchange exchange = RawExchange.send(gateway.port(),
        "GET " + target + " HTTP/1.1\r\n" + DEMO_HEADERS + "Connection: close\r\n\r\n", QUIET);

    assertThat(exchange.statuses()).hasSize(1);
    assertThat(gateway.forwarded()).noneMatch(InjectionAndTraversalTest::isInternal);
  }

  @Test
  void should_keep_encoded_crlf_in_the_query_encoded_upstream_and_in_the_answer() {
    RawExchange exchange = RawExchange.send(gateway.port(),
        "GET /api/projects?per_page=1&x=%0d%0aX-Injected:%20yes&y=%0aSet-Cookie:%20a=b HTTP/1.1\r\n" + DEMO_HEADERS
            + "Connection: close\r\n\r\n", QUIET);

    assertThat(exchange.statuses()).containsExactly(200);
    String head = exchange.firstHead();
    assertThat(head.lines()).as("no header line was injected into the answer")
        .noneMatch(line -> line.regionMatches(true, 0, "X-Injected", 0, 10))
        .noneMatch(line -> line.regionMatches(true, 0, "Set-Cookie", 0, 10));
    assertThat(head).contains("Link: ");
    RecordedRequest upstream = gateway.forwarded().get(0);
    assertThat(upstream.header("X-Injected")).isNull();
    assertThat(upstream.header("Set-Cookie")).isNull();
    assertThat(upstream.uri()).contains("x=%0d%0aX-Injected").doesNotContain("\r").doesNotContain("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-Test: a\rX-Injected: yes", "X-Test: a\nX-Injected: yes", "X-Test: a\r\n\rX-Injected: yes"})
  void should_refuse_raw_cr_or_lf_inside_a_header(String line) {
    RawExchange exchange = RawExchange.send(gateway.port(),
        "GET /api/projects HTTP/1.1\r\n" + DEMO_HEADERS + line + "\r\n\r\n", QUIET);

    assertThat(exchange.statuses()).containsExactly(400);
    assertThat(exchange.closed()).isTrue();
    assertThat(gateway.forwarded()).isEmpty();
  }

  @Test
  void should_refuse_raw_cr_lf_in_the_request_target() {
    RawExchange exchange = RawExchange.send(gateway.port(),
        "GET /api/projects?x=1\rX-Injected: yes HTTP/1.1\r\n" + DEMO_HEADERS + "\r\n", QUIET);

    assertThat(exchange.statuses()).containsExactly(400);
    assertThat(gateway.forwarded()).isEmpty();
  }

  /**
   * Whether the upstream (Rails) would route this request into a blocked namespace: the path before any {@code ?} or
   * {@code #}, percent-decoded until stable, {@code ;params} cut, empty and {@code .} segments dropped, {@code ..}
   * applied, compared case-insensitively (stricter than Rails, which is case-sensitive).
   */
  private static boolean isInternal(RecordedRequest request) {
    String path = request.uri();
    int end = path.length();
    for (char c : new char[] {'?', '#'}) {
      int at = path.indexOf(c);
      if (at >= 0) {
        end = Math.min(end, at);
      }
    }
    path = path.substring(0, end);
    for (int i = 0; i < 3 && path.contains("%"); i++) {
      path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
    List<String> segments = new java.util.ArrayList<>();
    for (String segment : path.replace('\\', '/').split("/")) {
      int semicolon = segment.indexOf(';');
      String name = semicolon >= 0 ? segment.substring(0, semicolon) : segment;
      if (name.equals("..")) {
        if (!segments.isEmpty()) {
          segments.remove(segments.size() - 1);
        }
      } else if (!name.isEmpty() && !name.equals(".")) {
        segments.add(name);
      }
    }
    if (segments.size() < 2 || !segments.get(0).equalsIgnoreCase("api")) {
      return false;
    }
    String namespace = segments.get(1).replaceFirst("\\.(json|xml)$", "");
    return Arrays.asList("system", "stacks").contains(namespace.toLowerCase(java.util.Locale.ROOT));
  }
}
