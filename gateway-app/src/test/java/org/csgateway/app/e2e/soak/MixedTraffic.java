package org.csgateway.app.e2e.soak;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.csgateway.app.sandbox.SandboxIdentities;

/**
 * The soak's load: a fixed number of request loops on one event loop of the test JVM, each sending the next step of
 * a fixed schedule of request kinds until told to stop, so every kind runs in a known proportion. Each kind names
 * the statuses it may get; every answer is counted in a {@link StatusTally}, and one outside its kind's set (or a 429
 * without {@code Retry-After}, or no answer within {@link #REQUEST_BOUND}) is recorded as unexpected.
 */
final class MixedTraffic implements AutoCloseable {
  /** Far beyond any answer's time on a loaded machine: past it, the request counts as lost. */
  static final Duration REQUEST_BOUND = Duration.ofSeconds(30);

  /** A kind of request and the statuses it may be answered with. */
  record Kind(String name, Set<Integer> expected) {}

  static final Kind BASIC_COLLECTION = new Kind("basic-collection", Set.of(200));
  static final Kind BASIC_HEAD = new Kind("basic-head", Set.of(200));
  static final Kind BEARER_COLLECTION = new Kind("bearer-collection", Set.of(200));
  static final Kind BEARER_MISSING_SCOPE = new Kind("bearer-missing-scope", Set.of(403));
  static final Kind BASIC_PATCH = new Kind("basic-patch", Set.of(200));
  static final Kind BEARER_PATCH = new Kind("bearer-patch", Set.of(200));
  static final Kind BASIC_POST = new Kind("basic-post", Set.of(201));
  static final Kind BASIC_DELETE = new Kind("basic-delete", Set.of(202));
  /** The caller past its allowance: one answer may be 200 (its one request per hour), every other one is 429. */
  static final Kind RATE_LIMITED = new Kind("rate-limited", Set.of(429, 200));
  static final Kind BAD_VERSION = new Kind("bad-version", Set.of(422));
  static final Kind BLOCKED = new Kind("blocked", Set.of(404));
  static final Kind UNKNOWN = new Kind("unknown", Set.of(404));
  static final List<Kind> ALL = List.of(BASIC_COLLECTION, BASIC_HEAD, BEARER_COLLECTION, BEARER_MISSING_SCOPE,
      BASIC_PATCH, BEARER_PATCH, BASIC_POST, BASIC_DELETE, RATE_LIMITED, BAD_VERSION, BLOCKED, UNKNOWN);

  static final String DEMO_BASIC = basic(SandboxIdentities.DEMO_API_KEY, SandboxIdentities.DEMO_API_SECRET);
  static final String OTHER_BASIC = basic(SandboxIdentities.OTHER_API_KEY, SandboxIdentities.OTHER_API_SECRET);
  private static final int[] PAGE_SIZES = {1, 5, 10, 25, 50};
  /** Projects the demo user owns; their names cycle through a few values, so the upstream's data stays the same size. */
  private static final int DEMO_PROJECTS = 5;

  private record Answer(int status, MultiMap headers, Buffer body) {}

  private final HttpClient client;
  private final Context context;
  private final int port;
  private final StatusTally tally;
  private final String readWriteBearer;
  private final String readOnlyBearer;
  private final List<LongFunction<Future<?>>> schedule;
  private final AtomicLong sequence = new AtomicLong();

  /**
   * @param port the gateway's proxy port
   * @param concurrency the loops, and the connections they may hold
   * @param readWriteBearer a token of the demo user with project_read and project_write
   * @param readOnlyBearer a token of the demo user with project_read only
   */
  MixedTraffic(Vertx vertx, int port, int concurrency, String readWriteBearer, String readOnlyBearer,
      StatusTally tally) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(concurrency));
    this.context = vertx.getOrCreateContext();
    this.port = port;
    this.tally = tally;
    this.readWriteBearer = "Bearer " + readWriteBearer;
    this.readOnlyBearer = "Bearer " + readOnlyBearer;
    this.schedule = schedule();
  }

  /** Reads dominate, as in front of the real API; one step in eight writes. */
  private List<LongFunction<Future<?>>> schedule() {
    List<LongFunction<Future<?>>> steps = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      steps.add(n -> send(BASIC_COLLECTION, HttpMethod.GET, page(n), DEMO_BASIC, null, null));
    }
    steps.add(n -> send(BEARER_COLLECTION, HttpMethod.GET, page(n), readWriteBearer, null, null));
    steps.add(n -> send(BEARER_COLLECTION, HttpMethod.GET, page(n + 7), readWriteBearer, null, null));
    steps.add(n -> send(BASIC_HEAD, HttpMethod.HEAD, page(n), DEMO_BASIC, null, null));
    steps.add(n -> send(BEARER_MISSING_SCOPE, HttpMethod.GET, "/api/zones", readOnlyBearer, null, null));
    steps.add(n -> send(BASIC_PATCH, HttpMethod.PATCH, project(n), DEMO_BASIC, null, rename("project", n)));
    steps.add(n -> send(BEARER_PATCH, HttpMethod.PATCH, project(n), readWriteBearer, null, rename("project", n)));
    steps.add(this::createAndDelete);
    steps.add(n -> send(RATE_LIMITED, HttpMethod.GET, SoakConfig.LIMITED_ROUTE + "?per_page=" + PAGE_SIZES[(int) (n
        % PAGE_SIZES.length)], OTHER_BASIC, null, null));
    steps.add(n -> send(BAD_VERSION, HttpMethod.GET, page(n), DEMO_BASIC, "application/json; api_version=999", null));
    steps.add(n -> send(BLOCKED, HttpMethod.GET, "/api/system/events?n=" + n % 97, DEMO_BASIC, null, null));
    steps.add(n -> send(UNKNOWN, HttpMethod.GET, "/api/no_such_collection/" + n % 89, DEMO_BASIC, null, null));
    steps.add(n -> send(BASIC_COLLECTION, HttpMethod.GET, "/api/container_images?per_page=" + PAGE_SIZES[(int) (n
        % PAGE_SIZES.length)], DEMO_BASIC, null, null));
    return List.copyOf(steps);
  }

  /** Runs the loops until {@code stop} completes; the future completes when every loop has had its last answer. */
  Future<Void> run(int concurrency, Future<Void> stop) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      List<Future<Void>> loops = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        Promise<Void> loop = Promise.promise();
        next(stop, loop);
        loops.add(loop.future());
      }
      Future.join(loops).<Void>mapEmpty().onComplete(done);
    });
    return done.future();
  }

  /** The next step once the last one is answered; a callback, not a chain of futures, so nothing grows per step. */
  private void next(Future<Void> stop, Promise<Void> loop) {
    if (stop.isComplete()) {
      loop.complete();
      return;
    }
    long n = sequence.getAndIncrement();
    schedule.get((int) (n % schedule.size())).apply(n).onComplete(ignored -> next(stop, loop));
  }

  /** {@code /api/projects} with one of 15 page/size pairs: a few are usually cached, writes and reloads evict them. */
  private static String page(long n) {
    int size = PAGE_SIZES[(int) (n % PAGE_SIZES.length)];
    return "/api/projects?per_page=" + size + "&page=" + (1 + (n / PAGE_SIZES.length) % 3);
  }

  private static String project(long n) {
    return "/api/projects/" + (1 + n % DEMO_PROJECTS);
  }

  private static Buffer rename(String member, long n) {
    return new JsonObject().put(member, new JsonObject().put("name", "soak-" + n % 8)).toBuffer();
  }

  /** A registry created and at once deleted, so the upstream holds as many rows at the end as at the start. */
  private Future<?> createAndDelete(long n) {
    return send(BASIC_POST, HttpMethod.POST, "/api/container_registry", DEMO_BASIC, null,
        rename("container_registry", n)).compose(created -> {
          if (created == null || created.status() != 201) {
            return Future.succeededFuture();
          }
          long id = created.body().toJsonObject().getJsonObject("container_registry").getLong("id");
          return send(BASIC_DELETE, HttpMethod.DELETE, "/api/container_registry/" + id, DEMO_BASIC, null, null);
        });
  }

  /** Sends one request, counts its answer, and completes with it (null when there was none); never fails. */
  private Future<Answer> send(Kind kind, HttpMethod method, String uri, String authorization, String accept,
      Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri)
        .setTimeout(REQUEST_BOUND.toMillis()).addHeader("Authorization", authorization)
        .addHeader("Accept", accept == null ? "application/json" : accept);
    if (body != null) {
      options.addHeader("Content-Type", "application/json");
    }
    return client.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(bytes -> new Answer(response.statusCode(), response.headers(),
            bytes)))
        .transform(done -> {
          if (done.failed()) {
            tally.count(kind.name(), StatusTally.NO_ANSWER);
            tally.unexpected(kind.name() + " " + method + " " + uri + ": no answer: " + done.cause());
            return Future.succeededFuture(null);
          }
          Answer answer = done.result();
          tally.count(kind.name(), answer.status());
          if (!kind.expected().contains(answer.status())) {
            tally.unexpected(kind.name() + " " + method + " " + uri + ": " + answer.status() + " " + answer.body());
          } else if (answer.status() == 429 && !positive(answer.headers().get("Retry-After"))) {
            tally.unexpected(kind.name() + " " + method + " " + uri + ": 429 without a usable Retry-After: "
                + answer.headers().get("Retry-After"));
          }
          return Future.succeededFuture(answer);
        });
  }

  private static boolean positive(String seconds) {
    try {
      return seconds != null && Long.parseLong(seconds) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    client.close().await();
  }
}
