package org.csgateway.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.function.Function;
import org.csgateway.app.Clocks;
import org.csgateway.app.PipelineFactory;
import org.csgateway.app.SharedComponents;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.config.GatewayConfigLoader;
import org.csgateway.app.testing.TestGateway;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.Pipeline;
import org.csgateway.core.pipeline.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Which filters the factory puts in the pipeline, in which order, for which configuration. */
@ExtendWith(VertxExtension.class)
class PipelineOrderTest {
  private Vertx vertx;
  private HttpClient upstream;
  private SharedComponents shared;

  @BeforeEach
  void client(Vertx vertx) {
    this.vertx = vertx;
    upstream = vertx.createHttpClient();
  }

  @AfterEach
  void close() {
    if (shared != null) {
      shared.close().await();
    }
    upstream.close().await();
  }

  private Pipeline pipelineOf(GatewayConfig config) {
    shared = new SharedComponents(vertx, config, Clocks.system());
    return new PipelineFactory(config, shared, Clocks.system()).create(upstream);
  }

  private static <T> List<T> each(Pipeline pipeline, Function<GatewayFilter, T> what) {
    return pipeline.filters().stream().map(what).toList();
  }

  @Test
  void should_run_every_stage_of_the_bundled_demo_in_stage_order_when_built_from_it() {
    Pipeline pipeline = pipelineOf(GatewayConfigLoader.forThisProcess().load(GatewayConfigLoader.BUNDLED));

    assertThat(each(pipeline, GatewayFilter::id)).containsExactly("route", "version", "pagination", "authenticate",
        "token-revocation", "authorize-scopes", "rate-limit", "response-cache", "error-shape", "link-rewrite",
        "upstream-guard", "forward");
    assertThat(each(pipeline, GatewayFilter::stage)).isSorted();
  }

  @Test
  void should_put_cors_first_when_it_is_enabled() {
    Pipeline pipeline = pipelineOf(TestGateway.parse(TestGateway.SANDBOX_YAML
        + "cors: {enabled: true, allowedOrigins: ['https://app.example']}\n"));

    assertThat(pipeline.filters().get(0).id()).isEqualTo("cors");
    assertThat(pipeline.filters().get(0).stage()).isEqualTo(Stage.EDGE);
    assertThat(each(pipeline, GatewayFilter::id)).doesNotContain("response-cache").contains("rate-limit");
  }

  @Test
  void should_add_no_filter_for_a_feature_when_it_is_switched_off() {
    Pipeline pipeline = pipelineOf(TestGateway.parse(TestGateway.SANDBOX_YAML + """
        auth: {enabled: false}
        versions: {enabled: false}
        pagination: {enabled: false}
        errors: {normalize: false}
        rateLimit: {enabled: false}
        upstream: {protection: {enabled: false}}
        """));

    assertThat(each(pipeline, GatewayFilter::id)).containsExactly("route", "link-rewrite", "forward");
    assertThat(shared.auth()).isEmpty();
    assertThat(shared.rateLimitStore()).isEmpty();
    assertThat(shared.upstreamLimiter()).isEmpty();
    assertThat(shared.cache()).isEmpty();
  }

  @Test
  void should_keep_the_failed_authentication_budget_but_no_rate_limit_filter_when_no_policy_is_configured() {
    Pipeline pipeline = pipelineOf(TestGateway.parse(TestGateway.SANDBOX_YAML + "rateLimit: {policies: []}\n"));

    assertThat(each(pipeline, GatewayFilter::id)).doesNotContain("rate-limit").contains("authenticate");
    assertThat(shared.rateLimitStore()).isPresent();
  }
}
