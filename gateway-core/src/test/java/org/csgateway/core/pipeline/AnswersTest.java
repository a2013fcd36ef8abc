package org.csgateway.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Answers.map behaves as Future.map, and changes an answer that is already there at once. */
class AnswersTest {
  private final AtomicInteger changes = new AtomicInteger();

  private GatewayResponse mark(GatewayResponse response) {
    changes.incrementAndGet();
    response.headers().set("X-Changed", "yes");
    return response;
  }

  @Test
  void should_change_an_answer_that_is_already_there_at_once_and_return_the_same_future() {
    Future<GatewayResponse> hit = Future.succeededFuture(GatewayResponse.of(200, Buffer.buffer("cached")));

    Future<GatewayResponse> changed = Answers.map(hit, this::mark);

    assertThat(changed).isSameAs(hit);
    assertThat(changes).hasValue(1);
    assertThat(changed.result().headers().get("X-Changed")).isEqualTo("yes");
  }

  @Test
  void should_answer_with_the_new_response_when_the_change_replaces_it() {
    GatewayResponse replacement = GatewayResponse.of(201, Buffer.buffer("other"));

    Future<GatewayResponse> changed =
        Answers.map(Future.succeededFuture(GatewayResponse.of(200, Buffer.buffer("{}"))), response -> replacement);

    assertThat(changed.result()).isSameAs(replacement);
  }

  @Test
  void should_change_a_pending_answer_when_it_comes() {
    Promise<GatewayResponse> upstream = Promise.promise();

    Future<GatewayResponse> changed = Answers.map(upstream.future(), this::mark);
    assertThat(changes).hasValue(0);
    upstream.complete(GatewayResponse.of(200, Buffer.buffer("{}")));

    assertThat(changes).hasValue(1);
    assertThat(changed.result().headers().get("X-Changed")).isEqualTo("yes");
  }

  @Test
  void should_pass_a_failure_unchanged_and_fail_when_the_change_throws() {
    IllegalStateException fault = new IllegalStateException("upstream fault");
    assertThat(Answers.map(Future.failedFuture(fault), this::mark).cause()).isSameAs(fault);
    assertThat(changes).hasValue(0);

    IllegalArgumentException broken = new IllegalArgumentException("a broken change");
    Future<GatewayResponse> failed = Answers.map(Future.succeededFuture(GatewayResponse.of(200, Buffer.buffer("{}"))),
        response -> {
          throw broken;
        });
    assertThat(failed.cause()).isSameAs(broken);
  }
}
