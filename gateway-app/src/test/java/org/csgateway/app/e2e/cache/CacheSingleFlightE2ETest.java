package org.csgateway.app.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.cache.CacheGateway.DEMO;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.csgateway.app.e2e.cache.CacheHttp.Reply;
import org.csgateway.app.sandbox.SandboxFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5, "100 concurrent misses produce one upstream request (the sandbox counts)", and "if it fails, the waiters
 * do not all fail with it silently". The first request to reach the sandbox is held back by a delay switch, so the
 * other ninety-nine arrive while it is in flight; whatever arrives after it completes is a plain hit, so the count
 * of one does not depend on timing, while a gateway without single flight would send every overlapping miss.
 */
@ExtendWith(VertxExtension.class)
class CacheSingleFlightE2ETest {
  private static final String PAGE = "/api/projects?per_page=7";
  private static final Duration HOLD = Duration.ofMillis(700);

  private CacheGateway gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = CacheGateway.start(vertx, "cache: {enabled: true, families: {projects: 5m}}\n");
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void should_send_one_request_upstream_when_a_hundred_identical_misses_arrive_at_once() {
    Reply truth = gateway.direct(PAGE, DEMO);
    gateway.sandbox().stats().reset();
    gateway.sandbox().faults().add(SandboxFault.delay(HOLD).times(1).onPath("/api/projects"));

    List<Reply> replies = gateway.http().getConcurrently(100, gateway.proxyPort(), PAGE, DEMO);

    assertThat(gateway.upstreamGets("/api/projects")).isEqualTo(1);
    assertThat(gateway.sandbox().stats().totalRequests()).isEqualTo(1);
    assertThat(replies).allSatisfy(reply -> {
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body()).isEqualTo(truth.body());
    });
    assertThat(replies).filteredOn(reply -> "MISS".equals(reply.cache())).hasSize(1);
    assertThat(replies).filteredOn(reply -> "HIT".equals(reply.cache())).hasSize(99);
  }

  @Test
  void should_let_each_waiter_fetch_its_own_answer_when_the_leaders_response_is_cut() {
    Reply truth = gateway.direct(PAGE, DEMO);
    gateway.sandbox().stats().reset();
    // The leader is held, then its body is cut: the waiters must not share its failure.
    gateway.sandbox().faults()
        .add(SandboxFault.delay(HOLD).times(1).onPath("/api/projects"))
        .add(SandboxFault.resetMidBody().times(1).onPath("/api/projects"));

    List<Future<Reply>> started = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      started.add(gateway.request(HttpMethod.GET, PAGE, DEMO));
    }
    CacheHttp.await(Future.join(started).otherwiseEmpty());

    List<Reply> answered = started.stream().filter(Future::succeeded).map(Future::result).toList();
    assertThat(started).filteredOn(Future::failed).as("only the leader's client sees the cut").hasSize(1);
    assertThat(answered).hasSize(9).allSatisfy(reply -> {
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body()).isEqualTo(truth.body());
    });
    Reply afterwards = gateway.get(PAGE, DEMO);
    assertThat(afterwards.status()).isEqualTo(200);
    assertThat(afterwards.body()).isEqualTo(truth.body());
  }
}
