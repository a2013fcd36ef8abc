package org.csgateway.app.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.csgateway.app.sandbox.SandboxFault;
import org.csgateway.core.protect.UpstreamConcurrencyLimiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9, upstream faults through the sandbox's switches, with the response cache on for the projects family and
 * a 500 ms upstream response timeout: each fault gets its status (502 for a broken or nonsensical answer, 504 for
 * one that does not come in time, the upstream's own 5xx passed on) or, once the answer has started, a cut the
 * client sees; nothing from a faulted exchange is cached (the next request reaches the sandbox and is a MISS); and
 * the upstream in-flight count returns to zero, so no permit or connection leaked.
 */
class UpstreamFaultTest extends OneGatewayPerClass {
  private static final Duration RESPONSE_TIMEOUT = Duration.ofMillis(500);
  /**
   * How long a faulted answer may take: the response timeout and scheduling slack on a loaded 2-core machine, yet
   * well short of the {@link #LATE} answer it must not wait for.
   */
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(4);
  private static final Duration LATE = Duration.ofSeconds(8);
  private static final String PROJECTS = "GET /api/projects";
  private static final AtomicInteger PAGE_SIZES = new AtomicInteger(1);

  @Override
  protected String moreYaml() {
    return "upstream: {responseTimeout: 500ms, retry: {attempts: 0}}\n"
        + "cache: {enabled: true, families: {projects: 5m}}\n";
  }

  @AfterEach
  void noLeak() {
    assertInFlightReturnsToZero(gateway);
  }

  static Stream<Arguments> answered() {
    return Stream.of(
        Arguments.of("reset before the answer", SandboxFault.resetBeforeResponse(), 502),
        Arguments.of("garbage instead of HTTP", SandboxFault.garbage(), 502),
        Arguments.of("no answer within the response timeout", SandboxFault.delay(LATE), 504),
        Arguments.of("the upstream's own 503", SandboxFault.status(503), 503),
        Arguments.of("the upstream's own 500", SandboxFault.status(500), 500));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answered")
  void should_answer_the_fault_status_and_cache_nothing_when_the_upstream_fails_before_its_answer(String name,
      SandboxFault fault, int status) {
    String page = freshPage();
    gateway.sandbox().faults().add(fault.times(1).onPath("/api/projects"));

    long start = System.nanoTime();
    HttpResponse<Buffer> faulted = gateway.get(page);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(faulted.statusCode()).isEqualTo(status);
    assertThat(faulted.bodyAsJsonObject().getJsonArray("errors")).isNotEmpty();
    assertThat(took).as("bounded by the response timeout, not by the fault").isLessThan(ANSWER_BOUND);
    assertNextRequestReachesTheUpstream(page);
  }

  @Test
  void should_cut_the_client_and_cache_nothing_when_the_upstream_resets_during_its_body() {
    String page = freshPage();
    gateway.sandbox().faults().add(SandboxFault.resetMidBody().times(1).onPath("/api/projects"));

    Throwable failure = failureOf(gateway.send(HttpMethod.GET, page));

    assertThat(failure).as("the client must see the cut, never a complete 200").isNotNull();
    assertNextRequestReachesTheUpstream(page);
  }

  @Test
  void should_relay_a_slow_body_whole_when_each_pause_is_within_the_response_timeout() {
    String page = "/api/projects?per_page=40";
    gateway.sandbox().faults().add(SandboxFault.slowBody(Duration.ofMillis(50), 1024).times(1).onPath("/api/projects"));

    HttpResponse<Buffer> slow = gateway.get(page);

    assertThat(slow.statusCode()).isEqualTo(200);
    assertThat(slow.bodyAsJsonObject().getJsonArray("projects")).hasSize(40);
  }

  /**
   * {@code upstream.bodyIdleTimeout} (here the 500 ms response timeout, its default) bounds each pause of the
   * upstream's body once its head is in: a body that stalls midway (1.5 s between chunks, three times the timeout)
   * is cut, the upstream request reset and the client's connection with it, since the client already has the head.
   */
  @Test
  void should_cut_the_client_when_the_upstream_body_stalls_longer_than_the_response_timeout() {
    String page = freshPage();
    gateway.sandbox().faults().add(SandboxFault.slowBody(RESPONSE_TIMEOUT.multipliedBy(3), 512).times(1)
        .onPath("/api/projects"));

    Throwable failure = failureOf(gateway.send(HttpMethod.GET, page));

    assertThat(failure).as("the client must see the cut").isNotNull();
    assertNextRequestReachesTheUpstream(page);
  }

  @Test
  void should_pass_a_storm_of_upstream_503s_on_and_serve_normally_afterwards() {
    String page = freshPage();
    gateway.sandbox().faults().add(SandboxFault.status(503).onPath("/api/projects"));

    List<Future<HttpResponse<Buffer>>> storm = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      storm.add(gateway.send(HttpMethod.GET, page));
    }
    for (Future<HttpResponse<Buffer>> reply : storm) {
      HttpResponse<Buffer> response = AttackGateway.await(reply);
      assertThat(response.statusCode()).as("the upstream's 503, or the guard's own while it backs off").isEqualTo(503);
      assertThat(response.getHeader("X-Cache")).isNotEqualTo("HIT");
    }
    gateway.sandbox().faults().clear();

    assertNextRequestReachesTheUpstream(page);
  }

  @Test
  void should_answer_502_in_time_when_the_upstream_refuses_connections(Vertx vertx) throws IOException {
    try (RefusedPort closed = new RefusedPort();
        AttackGateway refused = AttackGateway.start(vertx, "sandbox: {enabled: false}\n"
            + "upstream: {url: \"http://127.0.0.1:" + closed.port() + "\", connectTimeout: 500ms}\n"
            + "auth: {enabled: false}\n")) {
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        HttpResponse<Buffer> response = refused.get("/api/projects");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.bodyAsJsonObject().getJsonArray("errors").getString(0)).contains("upstream");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ANSWER_BOUND);
      }
      assertInFlightReturnsToZero(refused);
    }
  }

  /** A page size no other test used, so its cache entry is this test's alone. */
  private static String freshPage() {
    return "/api/projects?per_page=" + PAGE_SIZES.getAndIncrement();
  }

  private void assertNextRequestReachesTheUpstream(String page) {
    long before = gateway.sandbox().stats().routeRequests(PROJECTS);
    HttpResponse<Buffer> next = gateway.get(page);
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(next.getHeader("X-Cache")).as("nothing from the faulted exchange was stored").isEqualTo("MISS");
    assertThat(gateway.sandbox().stats().routeRequests(PROJECTS)).isEqualTo(before + 1);
    assertThat(gateway.get(page).getHeader("X-Cache")).as("a sound answer is stored").isEqualTo("HIT");
  }

  private static Throwable failureOf(Future<HttpResponse<Buffer>> reply) {
    try {
      HttpResponse<Buffer> response = reply.toCompletionStage().toCompletableFuture()
          .get(AttackGateway.BOUND.toMillis(), TimeUnit.MILLISECONDS);
      return response.statusCode() >= 500 ? new IllegalStateException("answered " + response.statusCode()) : null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("no outcome within the bound", e);
    }
  }

  /** Permits are released when the answer ends, on the event loop: wait (bounded) for the count to settle. */
  static void assertInFlightReturnsToZero(AttackGateway gateway) {
    UpstreamConcurrencyLimiter limiter = gateway.gateway().application().components().orElseThrow()
        .upstreamLimiter().orElseThrow();
    long deadline = System.nanoTime() + AttackGateway.BOUND.toNanos();
    while (limiter.inFlight() != 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polling for an event, not waiting for time
    }
    assertThat(limiter.inFlight()).as("upstream requests in flight").isZero();
  }
}
