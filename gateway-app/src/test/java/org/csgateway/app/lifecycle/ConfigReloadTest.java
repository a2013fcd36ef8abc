package org.csgateway.app.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csgateway.cache.ResponseCache;
import org.csgateway.core.ratelimit.RateLimitStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, configuration reload: a file swapped in under load (20 reloads, 4 clients) fails no request and never
 * shows a request half of one configuration and half of the other; a bad file or a change that needs a restart
 * changes nothing and lists every reason; the response cache survives a compatible reload; the file watch and
 * SIGHUP reload too.
 */
@ExtendWith(VertxExtension.class)
class ConfigReloadTest {
  /** Two configurations told apart in every answer by two stages: pagination's Per-Page, the limiter's quota. */
  private static final String TEMPLATE = """
      server: {host: 127.0.0.1, port: 0, instances: 2}
      admin: {host: 127.0.0.1, port: 0}
      sandbox: {enabled: true}
      reload: {watch: %s, checkInterval: 20ms}
      pagination: {maxPerPage: %d, overMaximum: clamp}
      rateLimit:
        policies:
          - {name: default, rate: %d, period: 1m, key: principal}
      cache: {enabled: %s, families: {projects: %s}}
      """;
  private static final Pattern QUOTA = Pattern.compile(";q=(\\d+)");

  @TempDir
  Path dir;

  private ReloadableGateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static String config(int maxPerPage, int quota) {
    return TEMPLATE.formatted(false, maxPerPage, quota, false, "30s");
  }

  private static String observed(HttpResponse<Buffer> response) {
    Matcher quota = QUOTA.matcher(String.valueOf(response.getHeader("RateLimit-Policy")));
    return response.getHeader("Per-Page") + "/" + (quota.find() ? quota.group(1) : "none");
  }

  @Test
  void should_answer_every_request_from_exactly_one_configuration_when_reloaded_20_times_under_load(Vertx vertx) {
    String first = config(40, 100_000);
    String second = config(50, 200_000);
    gateway = new ReloadableGateway(vertx, dir.resolve("gateway.yaml"), first);
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    Queue<String> failed = new ConcurrentLinkedQueue<>();
    AtomicLong answered = new AtomicLong();
    Promise<Void> stopLoad = Promise.promise();
    List<Future<Void>> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      clients.add(loop(stopLoad.future(), seen, failed, answered));
    }

    for (int reload = 1; reload <= 20; reload++) {
      String next = reload % 2 == 1 ? second : first;
      gateway.write(next);
      HttpResponse<Buffer> reloaded = gateway.postReload();
      assertThat(reloaded.statusCode()).as(reloaded.bodyAsString()).isEqualTo(200);
      assertThat(reloaded.bodyAsJsonObject()).isEqualTo(
          new JsonObject().put("hash", ReloadableGateway.hashOf(next)).put("changed", true));
      String expected = reload % 2 == 1 ? "50/200000" : "40/100000";
      assertThat(observed(gateway.get("/api/projects?per_page=1000").send().await()))
          .as("a request after reload %d", reload).isEqualTo(expected);
      long target = answered.get() + 8;
      while (answered.get() < target && failed.isEmpty()) {
        gateway.get("/api/projects?per_page=1000").send().await(); // paces the test on the load, not on time
      }
    }
    stopLoad.complete();
    Future.join(clients).await();

    assertThat(failed).isEmpty();
    assertThat(seen).hasSizeGreaterThan(160).containsOnly("40/100000", "50/200000");
    assertThat(seen).contains("40/100000", "50/200000");
    assertThat(gateway.successes()).hasSize(21);
  }

  private Future<Void> loop(Future<Void> stop, Queue<String> seen, Queue<String> failed, AtomicLong answered) {
    if (stop.isComplete()) {
      return Future.succeededFuture();
    }
    return gateway.get("/api/projects?per_page=1000").send().transform(done -> {
      if (done.failed()) {
        failed.add(String.valueOf(done.cause()));
      } else if (done.result().statusCode() != 200) {
        failed.add(done.result().statusCode() + " " + done.result().bodyAsString());
      } else {
        seen.add(observed(done.result()));
      }
      answered.incrementAndGet();
      return loop(stop, seen, failed, answered);
    });
  }

  @Test
  void should_keep_the_running_configuration_and_list_every_error_when_the_file_is_invalid(Vertx vertx) {
    String good = config(40, 100_000);
    gateway = new ReloadableGateway(vertx, dir.resolve("gateway.yaml"), good);
    gateway.write(good.replace("maxPerPage: 40", "maxPerPage: 0") + "shutdown: {drainDelay: soon}\n");

    HttpResponse<Buffer> refused = gateway.postReload();

    assertThat(refused.statusCode()).isEqualTo(422);
    JsonArray errors = refused.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors.getList()).hasSize(2).anySatisfy(e -> assertThat((String) e).startsWith("pagination.maxPerPage"))
        .anySatisfy(e -> assertThat((String) e).startsWith("shutdown.drainDelay"));
    assertThat(gateway.failures()).containsExactly(errors.getList().stream().map(String::valueOf).toList());
    assertThat(gateway.application().configHash()).contains(ReloadableGateway.hashOf(good));
    assertThat(observed(gateway.get("/api/projects?per_page=1000").send().await())).isEqualTo("40/100000");
  }

  @Test
  void should_refuse_the_whole_reload_and_name_each_setting_when_it_changes_what_needs_a_restart(Vertx vertx) {
    String good = config(40, 100_000);
    gateway = new ReloadableGateway(vertx, dir.resolve("gateway.yaml"), good);
    gateway.write(config(50, 200_000).replace("instances: 2", "instances: 3, transport: nio")
        .replace("admin: {host: 127.0.0.1, port: 0}", "admin: {host: 127.0.0.1, port: 1}")
        + "metrics: {enabled: false}\naccessLog: {enabled: false}\n");

    HttpResponse<Buffer> refused = gateway.postReload();

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.bodyAsJsonObject().getJsonArray("errors").getList()).containsExactly(
        "server.instances: changes only with a restart", "server.transport: changes only with a restart",
        "admin.port: changes only with a restart", "metrics.enabled: changes only with a restart",
        "accessLog.enabled: changes only with a restart");
    assertThat(observed(gateway.get("/api/projects?per_page=1000").send().await())).isEqualTo("40/100000");
  }

  @Test
  void should_keep_cached_answers_and_limiter_state_when_a_reload_leaves_their_sections_unchanged(Vertx vertx) {
    String cached = TEMPLATE.formatted(false, 40, 100_000, true, "30s");
    gateway = new ReloadableGateway(vertx, dir.resolve("gateway.yaml"), cached);
    assertThat(gateway.get("/api/projects?per_page=5").send().await().getHeader("X-Cache")).isEqualTo("MISS");
    ResponseCache cache = gateway.application().components().orElseThrow().cache().orElseThrow();
    RateLimitStore limiter = gateway.application().components().orElseThrow().rateLimitStore().orElseThrow();

    gateway.write(TEMPLATE.formatted(false, 50, 200_000, true, "30s"));
    assertThat(gateway.postReload().statusCode()).isEqualTo(200);

    HttpResponse<Buffer> after = gateway.get("/api/projects?per_page=5").send().await();
    assertThat(after.getHeader("X-Cache")).isEqualTo("HIT");
    assertThat(QUOTA.matcher(after.getHeader("RateLimit-Policy")).results().map(m -> m.group(1)))
        .containsExactly("200000");
    assertThat(gateway.application().components().orElseThrow().cache()).containsSame(cache);
    assertThat(gateway.application().components().orElseThrow().rateLimitStore()).containsSame(limiter);

    gateway.write(TEMPLATE.formatted(false, 50, 200_000, true, "45s"));
    assertThat(gateway.postReload().statusCode()).isEqualTo(200);
    assertThat(gateway.get("/api/projects?per_page=5").send().await().getHeader("X-Cache"))
        .as("a changed cache section builds a new cache").isEqualTo("MISS");
  }

  @Test
  void should_reload_when_the_watched_file_changes(Vertx vertx) {
    gateway = new ReloadableGateway(vertx, dir.resolve("gateway.yaml"),
        TEMPLATE.formatted(true, 40, 100_000, false, "30s"));
    String changed = TEMPLATE.formatted(true, 50, 200_000, false, "30s");

    gateway.write(changed);

    gateway.awaitOutcome(g -> g.successes().contains(ReloadableGateway.hashOf(changed)));
    assertThat(observed(gateway.get("/api/projects?per_page=1000").send().await())).isEqualTo("50/200000");
  }

  @Test
  void should_reload_on_sighup_when_the_runtime_traps_signals(Vertx vertx) throws Exception {
    gateway = new ReloadableGateway(vertx, dir.resolve("gateway.yaml"), config(40, 100_000));
    assumeTrue(new SignalTraps().trap("HUP", () -> gateway.application().reload()), "SIGHUP cannot be trapped here");
    String changed = config(50, 200_000);
    gateway.write(changed);

    Class<?> signal = Class.forName("sun.misc.Signal");
    signal.getMethod("raise", signal).invoke(null, signal.getConstructor(String.class).newInstance("HUP"));

    gateway.awaitOutcome(g -> g.successes().contains(ReloadableGateway.hashOf(changed)));
    assertThat(observed(gateway.get("/api/projects?per_page=1000").send().await())).isEqualTo("50/200000");
  }
}
