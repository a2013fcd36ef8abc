package org.csgateway.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.error.GatewayException;
import org.junit.jupiter.api.Test;

/**
 * How answers and failures travel through the links of a pipeline: every filter further out sees an answer, whether
 * the inner one answered at once, later, or failed either way.
 */
class PipelineTest {
  private final ErrorResponder errors = new ErrorResponder();
  private final Promise<GatewayResponse> upstream = Promise.promise();

  private static Exchange exchange() {
    GatewayRequest request = new GatewayRequest(HttpMethod.GET, "/api/projects", null, HttpHeaders.headers(),
        "http", "gateway.test", "127.0.0.1", null);
    return new Exchange(request, "req", "127.0.0.1", 0);
  }

  /** An outer filter that marks every answer it sees, and the forward stage answering with the given future. */
  private Pipeline pipeline(BiFunction<Exchange, FilterChain, Future<GatewayResponse>> forward) {
    return Pipeline.builder()
        .add(TestFilters.of("edge", Stage.EDGE, (exchange, chain) -> chain.proceed(exchange).map(response -> {
          response.headers().set("X-Seen-By-Edge", "yes");
          return response;
        })))
        .add(TestFilters.of("rate_limit", Stage.RATE_LIMIT, (exchange, chain) -> chain.proceed(exchange)))
        .add(TestFilters.of("forward", Stage.FORWARD, forward))
        .recoveringWith(errors::recover)
        .build();
  }

  @Test
  void should_relay_an_answer_that_comes_later_through_every_link() {
    Future<GatewayResponse> answer = pipeline((exchange, chain) -> upstream.future()).handle(exchange());
    assertThat(answer.isComplete()).isFalse();

    upstream.complete(GatewayResponse.of(200, Buffer.buffer("{}")));

    assertThat(answer.succeeded()).isTrue();
    assertThat(answer.result().status()).isEqualTo(200);
    assertThat(answer.result().headers().get("X-Seen-By-Edge")).isEqualTo("yes");
  }

  @Test
  void should_answer_a_later_refusal_before_the_outer_filters_see_it() {
    Future<GatewayResponse> answer = pipeline((exchange, chain) -> upstream.future()).handle(exchange());

    upstream.fail(new GatewayException(504, "upstream_timeout", "The upstream did not answer in time"));

    assertThat(answer.succeeded()).isTrue();
    assertThat(answer.result().status()).isEqualTo(504);
    assertThat(answer.result().headers().get("X-Seen-By-Edge")).as("the edge saw an answer, not a failure")
        .isEqualTo("yes");
    assertThat(answer.result().body().toString()).contains("The upstream did not answer in time");
  }

  @Test
  void should_let_a_later_fault_fail_the_pipeline_for_the_edge_to_answer() {
    Future<GatewayResponse> answer = pipeline((exchange, chain) -> upstream.future()).handle(exchange());

    IllegalStateException fault = new IllegalStateException("a bug");
    upstream.fail(fault);

    assertThat(answer.failed()).isTrue();
    assertThat(answer.cause()).isSameAs(fault);
  }

  @Test
  void should_answer_a_refusal_thrown_at_once() {
    Future<GatewayResponse> answer = pipeline((exchange, chain) -> {
      throw GatewayException.forbidden("forbidden", "Not for you");
    }).handle(exchange());

    assertThat(answer.succeeded()).isTrue();
    assertThat(answer.result().status()).isEqualTo(403);
    assertThat(answer.result().headers().get("X-Seen-By-Edge")).isEqualTo("yes");
  }

  @Test
  void should_pass_an_answer_that_is_already_there_as_it_is() {
    GatewayResponse hit = GatewayResponse.of(200, Buffer.buffer("cached"));
    Future<GatewayResponse> answer = pipeline((exchange, chain) -> Future.succeededFuture(hit)).handle(exchange());

    assertThat(answer.succeeded()).isTrue();
    assertThat(answer.result()).isSameAs(hit);
    assertThat(hit.headers().get("X-Seen-By-Edge")).isEqualTo("yes");
  }

  @Test
  void should_relay_nothing_more_for_a_filter_that_hands_back_the_rest_of_the_chain_s_answer() {
    List<Future<GatewayResponse>> seen = new ArrayList<>();
    Pipeline pipeline = Pipeline.builder()
        .add(TestFilters.of("edge", Stage.EDGE, (exchange, chain) -> {
          Future<GatewayResponse> answer = chain.proceed(exchange);
          seen.add(answer);
          return answer;
        }))
        .add(TestFilters.of("rate_limit", Stage.RATE_LIMIT, (exchange, chain) -> {
          Future<GatewayResponse> answer = chain.proceed(exchange);
          seen.add(answer);
          return answer;
        }))
        .add(TestFilters.of("forward", Stage.FORWARD, (exchange, chain) -> upstream.future()))
        .recoveringWith(errors::recover)
        .build();

    Future<GatewayResponse> answer = pipeline.handle(exchange());
    upstream.fail(new GatewayException(502, "upstream_unavailable", "The upstream refused the connection"));

    assertThat(seen).hasSize(2);
    assertThat(seen.get(1)).as("the edge got the very answer the forward link recovered: no relay in between")
        .isSameAs(seen.get(0));
    assertThat(answer).isSameAs(seen.get(0));
    assertThat(answer.succeeded()).isTrue();
    assertThat(answer.result().status()).isEqualTo(502);
  }

  @Test
  void should_refuse_to_build_when_stages_go_backwards() {
    assertThatThrownBy(() -> Pipeline.builder()
        .add(TestFilters.of("rate_limit", Stage.RATE_LIMIT, (exchange, chain) -> chain.proceed(exchange)))
        .add(TestFilters.of("edge", Stage.EDGE, (exchange, chain) -> chain.proceed(exchange))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stages must not go backwards");
  }
}
