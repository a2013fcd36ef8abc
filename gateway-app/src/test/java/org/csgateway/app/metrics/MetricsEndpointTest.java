package org.csgateway.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.csgateway.app.metrics.PrometheusText.Sample;
import org.csgateway.app.sandbox.SandboxFault;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /metrics} of a whole gateway in front of the sandbox, read through the Prometheus project's own parser:
 * every metric of the README with its labels, the latency split, and series that do not grow with client paths.
 */
@ExtendWith(VertxExtension.class)
class MetricsEndpointTest {
  private static final String YAML = """
      server: {host: 127.0.0.1, port: 0, instances: 1}
      admin: {host: 127.0.0.1, port: 0}
      sandbox: {enabled: true}
      upstream:
        retry: {attempts: 1, minRetriesPerSecond: 100}
        protection: {enabled: true}
      routes: {unmatched: reject, blocked: [/api/system/**]}
      auth: {enabled: true}
      versions: {enabled: true, default: 80, supported: [80]}
      rateLimit:
        enabled: true
        policies: [{name: default, rate: 100000, period: 1m, key: client_address}]
      cache: {enabled: true, families: {projects: 30s}}
      """;

  private static TestGateway gateway;

  @BeforeAll
  static void start(Vertx vertx) {
    gateway = TestGateway.start(vertx, YAML);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @AfterEach
  void clearFaults() {
    gateway.sandbox().faults().clear();
  }

  private static HttpResponse<Buffer> asDemo(String uri) {
    return gateway.client().get(uri)
        .basicAuthentication(SandboxIdentities.DEMO_API_KEY, SandboxIdentities.DEMO_API_SECRET).send().await();
  }

  private static String scrape() {
    HttpResponse<Buffer> metrics = gateway.admin().get("/metrics").send().await();
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
    return metrics.bodyAsString();
  }

  private static List<Sample> samples() throws Exception {
    return PrometheusText.parse(scrape());
  }

  private static double value(List<Sample> samples, String name, String... labels) {
    Predicate<Sample> matches = s -> s.name().equals(name);
    for (String label : labels) {
      matches = matches.and(s -> s.has(label));
    }
    return samples.stream().filter(matches).mapToDouble(Sample::value).sum();
  }

  @Test
  void should_count_requests_by_route_method_status_class_and_api_version_when_requests_pass() throws Exception {
    double before = value(samples(), "csgateway_requests_total",
        "route=/api/projects", "method=GET", "status=2xx", "api_version=80");
    assertThat(asDemo("/api/projects").statusCode()).isEqualTo(200);
    assertThat(gateway.client().get("/api/projects").send().await().statusCode()).isEqualTo(401);

    List<Sample> after = samples();
    assertThat(value(after, "csgateway_requests_total", "route=/api/projects", "method=GET", "status=2xx",
        "api_version=80")).isEqualTo(before + 1);
    assertThat(value(after, "csgateway_requests_total", "route=/api/projects", "method=GET", "status=4xx"))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(after, "csgateway_response_bytes_total")).isGreaterThan(0);
  }

  @Test
  void should_split_latency_into_gateway_and_upstream_time_when_a_request_goes_upstream() throws Exception {
    assertThat(asDemo("/api/zones").statusCode()).isEqualTo(200);

    List<Sample> after = samples();
    String[] labels = {"route=/api/zones", "method=GET"};
    double total = value(after, "csgateway_request_duration_seconds_sum", labels);
    double gatewayTime = value(after, "csgateway_gateway_duration_seconds_sum", labels);
    double upstream = value(after, "csgateway_upstream_duration_seconds_sum", labels);
    assertThat(value(after, "csgateway_upstream_duration_seconds_count", labels)).isGreaterThanOrEqualTo(1);
    assertThat(upstream).isPositive();
    assertThat(gatewayTime).isPositive().isLessThan(total);
    assertThat(gatewayTime + upstream).isCloseTo(total, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(after).filteredOn(s -> s.name().equals("csgateway_request_duration_seconds_bucket")
        && s.has("route=/api/zones")).extracting(Sample::labels).anyMatch(l -> l.contains("le=0.005"));
  }

  @Test
  void should_keep_the_number_of_series_when_10000_distinct_unknown_paths_arrive() throws Exception {
    sendUnknownPaths(0, 20); // the first ones make the "unmatched" series
    List<Sample> before = samples();
    long seriesBefore = before.stream().filter(s -> s.name().startsWith("csgateway_")).count();
    double unmatchedBefore = value(before, "csgateway_requests_total", "route=unmatched");

    sendUnknownPaths(20, 10_020);

    List<Sample> after = samples();
    assertThat(after.stream().filter(s -> s.name().startsWith("csgateway_")).count()).isEqualTo(seriesBefore);
    assertThat(value(after, "csgateway_requests_total", "route=unmatched", "status=4xx"))
        .isEqualTo(unmatchedBefore + 10_000);
    assertThat(scrape()).doesNotContain("no-such-path-");
  }

  private static void sendUnknownPaths(int from, int to) {
    int batch = 200;
    for (int start = from; start < to; start += batch) {
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = start; i < Math.min(to, start + batch); i++) {
        sent.add(gateway.client().get("/api/no-such-path-" + i + "/x" + i).send());
      }
      Future.all(sent).await();
      sent.forEach(response -> assertThat(response.result().statusCode()).isEqualTo(404));
    }
  }

  @Test
  void should_label_a_blocked_path_blocked_when_the_route_stage_refuses_it() throws Exception {
    assertThat(gateway.client().get("/api/system/secret-" + System.nanoTime()).send().await().statusCode())
        .isEqualTo(404);

    assertThat(value(samples(), "csgateway_requests_total", "route=blocked", "status=4xx"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void should_count_authentication_verdicts_and_validation_cache_hits_when_callers_authenticate() throws Exception {
    String token = gateway.sandbox().issueUserToken(SandboxIdentities.DEMO_USER, Set.of("project_read"));
    assertThat(gateway.client().get("/api/projects").bearerTokenAuthentication(token).send().await().statusCode())
        .isEqualTo(200);
    assertThat(gateway.client().get("/api/projects").bearerTokenAuthentication(token).send().await().statusCode())
        .isEqualTo(200);
    assertThat(gateway.client().get("/api/zones").bearerTokenAuthentication(token).send().await().statusCode())
        .isEqualTo(403);
    assertThat(gateway.client().get("/api/projects").bearerTokenAuthentication("not-a-token").send().await()
        .statusCode()).isEqualTo(401);
    assertThat(asDemo("/api/projects").statusCode()).isEqualTo(200);

    List<Sample> after = samples();
    assertThat(value(after, "csgateway_auth_requests_total", "kind=bearer", "result=ok")).isGreaterThanOrEqualTo(2);
    assertThat(value(after, "csgateway_auth_requests_total", "kind=bearer", "result=forbidden"))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(after, "csgateway_auth_requests_total", "kind=bearer", "result=invalid"))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(after, "csgateway_auth_requests_total", "kind=basic", "result=ok")).isGreaterThanOrEqualTo(1);
    assertThat(value(after, "csgateway_auth_validation_cache_requests_total", "result=miss")).isGreaterThanOrEqualTo(2);
    assertThat(value(after, "csgateway_auth_validation_cache_requests_total", "result=hit")).isGreaterThanOrEqualTo(1);
    assertThat(value(after, "csgateway_auth_server_duration_seconds_count", "outcome=valid"))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(after, "csgateway_auth_server_duration_seconds_count", "outcome=invalid"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void should_count_cache_results_and_rate_limit_decisions_when_a_cacheable_get_repeats() throws Exception {
    String uri = "/api/projects?per_page=3&n=" + System.nanoTime();
    assertThat(asDemo(uri).getHeader("X-Cache")).isEqualTo("MISS");
    assertThat(asDemo(uri).getHeader("X-Cache")).isEqualTo("HIT");

    List<Sample> after = samples();
    assertThat(value(after, "csgateway_cache_requests_total", "result=miss")).isGreaterThanOrEqualTo(1);
    assertThat(value(after, "csgateway_cache_requests_total", "result=hit")).isGreaterThanOrEqualTo(1);
    assertThat(value(after, "csgateway_cache_requests_total", "result=store")).isGreaterThanOrEqualTo(1);
    assertThat(after).filteredOn(sample -> sample.name().equals("csgateway_cache_requests_total")
        && sample.has("result=declined")).singleElement().extracting(Sample::value).isEqualTo(0.0); // minUses 1
    assertThat(value(after, "csgateway_cache_entries")).isGreaterThanOrEqualTo(1);
    assertThat(value(after, "csgateway_cache_bytes")).isPositive();
    assertThat(value(after, "csgateway_cache_full")).isZero(); // 64 MiB: nothing evicted
    assertThat(value(after, "csgateway_ratelimit_decisions_total", "policy=default", "decision=allowed"))
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void should_count_retries_and_upstream_errors_by_kind_when_the_upstream_resets() throws Exception {
    List<Sample> before = samples();
    gateway.sandbox().faults().add(SandboxFault.resetBeforeResponse().onPath("/api/zones"));

    assertThat(asDemo("/api/zones").statusCode()).isEqualTo(502);

    List<Sample> after = samples();
    assertThat(value(after, "csgateway_upstream_retries_total"))
        .isEqualTo(value(before, "csgateway_upstream_retries_total") + 1);
    assertThat(value(after, "csgateway_upstream_errors_total", "kind=reset"))
        .isEqualTo(value(before, "csgateway_upstream_errors_total", "kind=reset") + 1);
    assertThat(value(after, "csgateway_upstream_inflight")).isZero();
    assertThat(value(after, "csgateway_upstream_concurrency_limit")).isPositive();
  }

  @Test
  void should_pass_a_real_prometheus_parser_with_every_documented_metric_when_scraped() throws Exception {
    asDemo("/api/projects");
    List<Sample> parsed = samples();

    assertThat(parsed).extracting(s -> s.family() + " " + s.type()).contains(
        "csgateway_requests counter", "csgateway_request_duration_seconds histogram",
        "csgateway_gateway_duration_seconds histogram", "csgateway_upstream_duration_seconds histogram",
        "csgateway_request_bytes counter", "csgateway_response_bytes counter", "csgateway_cache_requests counter",
        "csgateway_cache_entries gauge", "csgateway_cache_bytes gauge", "csgateway_cache_full gauge",
        "csgateway_auth_requests counter",
        "csgateway_auth_validation_cache_requests counter", "csgateway_auth_server_duration_seconds summary",
        "csgateway_ratelimit_decisions counter", "csgateway_upstream_inflight gauge",
        "csgateway_upstream_concurrency_limit gauge", "csgateway_upstream_rejected counter",
        "csgateway_upstream_retries counter", "csgateway_upstream_errors counter",
        "csgateway_config_reloads counter", "csgateway_config_hash gauge", "csgateway_ready gauge",
        "jvm_memory_used_bytes gauge", "jvm_threads_live_threads gauge", "process_uptime_seconds gauge",
        "system_cpu_count gauge");
    assertThat(value(parsed, "csgateway_ready")).isEqualTo(1);
    assertThat(parsed).extracting(Sample::labels).noneMatch(l -> l.contains("demo-api"));
  }
}
