package org.csgateway.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.csgateway.app.GatewayApplication;
import org.csgateway.app.GatewayVertx;
import org.csgateway.app.SharedComponents;
import org.csgateway.app.config.IoTransport;
import org.csgateway.app.testing.TestGateway;
import org.csgateway.core.forward.ForwardListener;
import org.csgateway.core.observe.RequestObserver;
import org.csgateway.core.protect.UpstreamGuardListener;
import org.csgateway.core.ratelimit.RateLimitListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code metrics.enabled} and {@code accessLog.enabled} off leave nothing on the request path (the benchmark
 * compares with this), and a gateway whose Vert.x reports into its registry shows Vert.x's own metrics too, its
 * per-request HTTP meters only with {@code metrics.vertxHttp}.
 */
@ExtendWith(VertxExtension.class)
class MetricsSwitchTest {

  @Test
  void should_remove_every_hook_and_the_endpoint_when_metrics_and_access_log_are_disabled(Vertx vertx) {
    try (TestGateway gateway = TestGateway.start(vertx, TestGateway.SANDBOX_YAML + """
        metrics: {enabled: false}
        accessLog: {enabled: false}
        """)) {
      assertThat(gateway.client().get("/api/projects").send().await().statusCode()).isNotEqualTo(500);
      assertThat(gateway.admin().get("/metrics").send().await().statusCode()).isEqualTo(404);
      Observability observability = gateway.application().components().map(SharedComponents::observability)
          .orElseThrow();
      assertThat(observability.metrics()).isEmpty();
      assertThat(observability.requestObserver()).isSameAs(RequestObserver.NONE);
      assertThat(observability.forwardListener()).isSameAs(ForwardListener.NONE);
      assertThat(observability.rateLimitListener()).isSameAs(RateLimitListener.NONE);
      assertThat(observability.upstreamGuardListener()).isSameAs(UpstreamGuardListener.NONE);
      assertThat(gateway.application().configMetrics()).isSameAs(ConfigMetrics.NONE);
    }
  }

  @Test
  void should_still_time_the_upstream_for_the_access_log_when_only_metrics_are_disabled(Vertx vertx) {
    try (TestGateway gateway = TestGateway.start(vertx, TestGateway.SANDBOX_YAML + """
        metrics: {enabled: false}
        """)) {
      Observability observability = gateway.application().components().map(SharedComponents::observability)
          .orElseThrow();
      assertThat(observability.requestObserver()).isNotSameAs(RequestObserver.NONE);
      assertThat(observability.forwardListener()).isNotSameAs(ForwardListener.NONE);
      assertThat(gateway.admin().get("/metrics").send().await().statusCode()).isEqualTo(404);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void should_show_vertx_http_meters_only_when_asked_for_when_vertx_reports_into_the_gateway_registry(boolean http) {
    PrometheusMeterRegistry registry = VertxMetrics.newRegistry();
    Vertx instrumented = GatewayVertx.create(GatewayVertx.transport(IoTransport.AUTO), registry, http);
    try {
      GatewayApplication application = new GatewayApplication(instrumented);
      application.useMetricsRegistry(registry);
      GatewayApplication.Ports ports = application.start(TestGateway.parse(TestGateway.SANDBOX_YAML)).await();
      WebClient client = WebClient.create(instrumented);
      try {
        client.get(ports.proxy(), "127.0.0.1", "/api/projects").send().await();
        String text = client.get(ports.admin(), "127.0.0.1", "/metrics").send().await().bodyAsString();
        assertThat(text).contains("csgateway_requests_total");
        if (http) {
          assertThat(text).contains("vertx_http_server_requests_total").contains("vertx_http_client_requests_total");
        } else {
          assertThat(text).doesNotContain("vertx_http_server_").doesNotContain("vertx_http_client_");
        }
        assertThat(application.metrics().orElseThrow().registry()).isSameAs(registry);
      } finally {
        client.close();
        application.stop().await();
      }
    } finally {
      instrumented.close().await();
    }
  }
}
