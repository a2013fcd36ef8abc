package org.csgateway.core.protect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Pipeline;
import org.csgateway.core.pipeline.Stage;
import org.csgateway.core.pipeline.TestFilters;
import org.csgateway.core.ratelimit.FakeNanoClock;
import org.csgateway.core.testing.TestExchanges;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The guard in a pipeline whose forward stage streams from a real upstream server on port 0; the test decides when
 * the upstream answers, and counts what is in flight at the upstream itself.
 */
@ExtendWith(VertxExtension.class)
class UpstreamGuardFilterTest {
  private final FakeNanoClock clock = new FakeNanoClock();
  private final ErrorResponder errors = new ErrorResponder();
  private final LinkedBlockingQueue<Held> held = new LinkedBlockingQueue<>();
  private final AtomicInteger upstreamInFlight = new AtomicInteger();
  private final AtomicInteger upstreamMaxInFlight = new AtomicInteger();
  private final AtomicInteger upstreamRequests = new AtomicInteger();
  private final Map<Integer, Promise<Void>> arrivals = new ConcurrentHashMap<>();
  /** How the upstream answers; null to hold requests in {@link #held} for the test to answer. */
  private volatile Consumer<HttpServerRequest> responder;
  private Vertx vertx;
  /** Where requests start and bodies are read, as on the gateway's event loop; never the test thread. */
  private Context context;
  private HttpServer upstream;
  private HttpClient client;

  @BeforeEach
  void startUpstream(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    upstream = vertx.createHttpServer().requestHandler(request -> {
      int now = upstreamInFlight.incrementAndGet();
      upstreamMaxInFlight.accumulateAndGet(now, Math::max);
      AtomicBoolean done = new AtomicBoolean();
      Runnable finished = () -> {
        if (done.compareAndSet(false, true)) {
          upstreamInFlight.decrementAndGet();
        }
      };
      request.response().endHandler(v -> finished.run());
      request.response().closeHandler(v -> finished.run());
      Consumer<HttpServerRequest> answer = responder;
      if (answer != null) {
        answer.accept(request);
      } else {
        held.add(new Held(Vertx.currentContext(), request));
      }
      arrived(upstreamRequests.incrementAndGet()).tryComplete();
    }).listen(0).await();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    client.close().await();
    upstream.close().await();
  }

  private Promise<Void> arrived(int count) {
    return arrivals.computeIfAbsent(count, c -> Promise.promise());
  }

  private void awaitArrivals(int count) throws Exception {
    arrived(count).future().await(5, TimeUnit.SECONDS);
  }

  /**
   * A request the upstream holds, answered on the upstream's own event loop: answered from the test thread, the
   * response's end handler (which counts the upstream's in-flight requests down) could run after the gateway had
   * already sent the next request.
   */
  private record Held(Context context, HttpServerRequest request) {
    void answer(Consumer<HttpServerResponse> action) {
      context.runOnContext(v -> action.accept(request.response()));
    }
  }

  private Held nextHeld() throws InterruptedException {
    Held request = held.poll(5, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the upstream").isNotNull();
    return request;
  }

  private UpstreamConcurrencyLimiter limiter(int initial, int min, int max, int queue) {
    return new UpstreamConcurrencyLimiter(vertx, new UpstreamProtectionConfig(initial, min, max, queue,
        Duration.ofSeconds(30), Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), Duration.ofSeconds(60)), clock,
        UpstreamGuardListener.NONE);
  }

  /** Guard, then optionally a cache stage that answers "/cached" itself, then a forward stage that streams. */
  private Pipeline pipeline(UpstreamConcurrencyLimiter limiter, boolean withCache) {
    Pipeline.Builder builder = Pipeline.builder();
    if (withCache) {
      builder.add(TestFilters.of("cache-stub", Stage.CACHE, (exchange, chain) ->
          exchange.upstreamPath().equals("/cached")
              ? Future.succeededFuture(GatewayResponse.of(200, Buffer.buffer("cached"))) : chain.proceed(exchange)));
    }
    return builder
        .add(new UpstreamGuardFilter(limiter, errors))
        .add(TestFilters.of("forward-stub", Stage.FORWARD, (exchange, chain) -> client
            .request(HttpMethod.GET, upstream.actualPort(), "127.0.0.1", exchange.upstreamPath())
            .compose(request -> request.send())
            .map(UpstreamGuardFilterTest::streaming)))
        .recoveringWith(errors::recover)
        .build();
  }

  private static GatewayResponse streaming(HttpClientResponse response) {
    response.pause();
    MultiMap headers = HttpHeaders.headers().addAll(response.headers());
    return GatewayResponse.streaming(response.statusCode(), headers, response);
  }




  /**
   * Runs the pipeline on the test's context. Started from the test thread, the upstream's answer could be delivered
   * on another thread and end before the forward stub pauses it.
   */
  private Future<GatewayResponse> send(Pipeline pipeline, String path) {
    Promise<GatewayResponse> answer = Promise.promise();
    context.runOnContext(v -> pipeline.handle(TestExchanges.exchange(HttpMethod.GET, path)).onComplete(answer));
    return answer.future();
  }

  /** Reads a streamed body to its end on the test's context, as the edge would. */
  private Future<String> body(GatewayResponse response) {
    Promise<String> done = Promise.promise();
    context.runOnContext(v -> read(response).onComplete(done));
    return done.future();
  }

  private static Future<String> read(GatewayResponse response) {
    if (!response.isStreaming()) {
      return Future.succeededFuture(response.body().toString());
    }
    Promise<String> done = Promise.promise();
    Buffer received = Buffer.buffer();
    response.stream().handler(received::appendBuffer);
    response.stream().exceptionHandler(done::tryFail);
    response.stream().endHandler(v -> done.tryComplete(received.toString()));
    response.stream().resume();
    return done.future();
  }

  private static void assertOverloaded(GatewayResponse response, String retryAfter) {
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers().get("Retry-After")).isEqualTo(retryAfter);
    assertThat(new JsonObject(response.body()).getJsonArray("errors")).isNotEmpty();
  }

  @Test
  void should_keep_in_flight_within_the_limit_until_bodies_end_and_refuse_the_excess_when_the_upstream_is_slow()
      throws Exception {
    UpstreamConcurrencyLimiter limiter = limiter(3, 3, 3, 2);
    Pipeline pipeline = pipeline(limiter, false);
    List<Future<GatewayResponse>> admitted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      admitted.add(send(pipeline, "/slow/" + i));
    }
    for (int i = 0; i < 3; i++) {
      assertOverloaded(send(pipeline, "/excess/" + i).await(), "1");
    }
    awaitArrivals(3);
    assertThat(limiter.inFlight()).isEqualTo(3);
    assertThat(limiter.queued()).isEqualTo(2);

    Held first = nextHeld();
    first.answer(response -> response.setChunked(true).setStatusCode(200).write("head of the body"));
    GatewayResponse firstAnswer = admitted.get(0).await(5, TimeUnit.SECONDS);
    assertThat(firstAnswer.status()).isEqualTo(200);
    assertThat(limiter.inFlight()).as("headers arrived, the body has not ended: the slot is still held")
        .isEqualTo(3);
    assertThat(limiter.queued()).isEqualTo(2);
    assertThat(upstreamRequests.get()).isEqualTo(3);

    Future<String> firstBody = body(firstAnswer);
    first.answer(response -> response.end(", and its end"));
    assertThat(firstBody.await(5, TimeUnit.SECONDS)).isEqualTo("head of the body, and its end");
    awaitArrivals(4);

    List<Future<String>> bodies = new ArrayList<>();
    for (int i = 1; i < 5; i++) {
      bodies.add(admitted.get(i).compose(this::body));
    }
    for (int answered = 1; answered < 5; answered++) {
      String answer = "body " + answered;
      nextHeld().answer(response -> response.end(answer));
    }
    for (Future<String> body : bodies) {
      assertThat(body.await(5, TimeUnit.SECONDS)).startsWith("body ");
    }
    assertThat(upstreamRequests.get()).isEqualTo(5);
    assertThat(upstreamMaxInFlight.get()).isEqualTo(3);
    assertThat(limiter.inFlight()).isZero();
  }

  private void exchangeOnce(Pipeline pipeline, int status, String... headerPairs) throws Exception {
    responder = request -> {
      for (int i = 0; i + 1 < headerPairs.length; i += 2) {
        request.response().putHeader(headerPairs[i], headerPairs[i + 1]);
      }
      request.response().setStatusCode(status).end("answer");
    };
    GatewayResponse response = send(pipeline, "/adapt").await(5, TimeUnit.SECONDS);
    assertThat(response.status()).isEqualTo(status);
    body(response).await(5, TimeUnit.SECONDS);
  }

  @Test
  void should_lower_the_limit_when_the_upstream_pushes_back_and_recover_when_it_answers_well() throws Exception {
    UpstreamConcurrencyLimiter limiter = limiter(4, 1, 4, 0);
    Pipeline pipeline = pipeline(limiter, false);
    exchangeOnce(pipeline, 503);
    assertThat(limiter.limit()).isEqualTo(2);
    exchangeOnce(pipeline, 429);
    assertThat(limiter.limit()).isEqualTo(1);

    exchangeOnce(pipeline, 503, "Retry-After", "5");
    int reached = upstreamRequests.get();
    assertOverloaded(send(pipeline, "/adapt").await(), "5");
    clock.advance(Duration.ofSeconds(3));
    assertOverloaded(send(pipeline, "/adapt").await(), "2");
    assertThat(upstreamRequests.get()).as("nothing sent during the pause").isEqualTo(reached);
    clock.advance(Duration.ofSeconds(2));

    for (int expected = 2; expected <= 4; expected++) {
      exchangeOnce(pipeline, 200);
      assertThat(limiter.limit()).isEqualTo(expected);
    }
    exchangeOnce(pipeline, 200);
    assertThat(limiter.limit()).isEqualTo(4);

    responder = null;
    int arrivedBefore = upstreamRequests.get();
    Future<GatewayResponse> slow = send(pipeline, "/slow");
    awaitArrivals(arrivedBefore + 1);
    clock.advance(Duration.ofSeconds(2));
    nextHeld().answer(response -> response.end("late"));
    body(slow.await(5, TimeUnit.SECONDS)).await(5, TimeUnit.SECONDS);
    assertThat(limiter.limit()).as("slower than the latency target").isEqualTo(2);
  }

  @Test
  void should_not_take_a_slot_when_the_cache_answers() throws Exception {
    UpstreamConcurrencyLimiter limiter = limiter(1, 1, 1, 0);
    Pipeline pipeline = pipeline(limiter, true);
    Future<GatewayResponse> occupying = send(pipeline, "/uncached/1");
    awaitArrivals(1);
    assertOverloaded(send(pipeline, "/uncached/2").await(), "1");
    for (int i = 0; i < 10; i++) {
      GatewayResponse hit = send(pipeline, "/cached").await();
      assertThat(hit.status()).isEqualTo(200);
      assertThat(hit.body().toString()).isEqualTo("cached");
    }
    assertThat(limiter.inFlight()).isEqualTo(1);
    nextHeld().answer(HttpServerResponse::end);
    body(occupying.await(5, TimeUnit.SECONDS)).await(5, TimeUnit.SECONDS);
  }

  @Test
  void should_free_the_slot_when_the_upstream_body_fails_midway() throws Exception {
    UpstreamConcurrencyLimiter limiter = limiter(1, 1, 1, 0);
    Pipeline pipeline = pipeline(limiter, false);
    Future<GatewayResponse> broken = send(pipeline, "/broken");
    awaitArrivals(1);
    Held request = nextHeld();
    request.answer(response -> response.setChunked(true).write("partial"));
    GatewayResponse answer = broken.await(5, TimeUnit.SECONDS);
    Promise<String> reading = Promise.promise();
    context.runOnContext(v -> {
      read(answer).onComplete(reading); // the reader is in place before the upstream breaks
      request.request().connection().close();
    });
    assertThat(reading.future().transform(ar -> Future.succeededFuture(ar.failed())).await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(limiter.inFlight()).isZero();

    responder = r -> r.response().end("fine");
    GatewayResponse next = send(pipeline, "/next").await(5, TimeUnit.SECONDS);
    assertThat(next.status()).as("the slot was given back").isEqualTo(200);
    body(next).await(5, TimeUnit.SECONDS);
  }
}
