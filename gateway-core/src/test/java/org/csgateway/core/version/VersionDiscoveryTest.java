package org.csgateway.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
class VersionDiscoveryTest {
  private static final String CREDENTIAL = "Basic c2VjcmV0LWtleTpzZWNyZXQtdmFsdWU=";
  private static final String UPSTREAM_9_3_1 =
      "{\"version\":\"9.3.1\",\"api_latest_version\":93,\"api_available_versions\":[51,52,53,54,60,61,62,65,70,71,80]}";

  private final VersionPolicy configured = VersionPolicy.computeStacksDefaults();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicReference<Consumer<HttpServerRequest>> answer = new AtomicReference<>();
  private final AtomicInteger requests = new AtomicInteger();
  private Vertx vertx;
  private HttpClient client;
  private HttpServer server;
  private VersionDiscovery discovery;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient();
    this.server = vertx.createHttpServer().requestHandler(request -> {
      requests.incrementAndGet();
      authorizations.add(String.valueOf(request.getHeader("Authorization")));
      if (!request.path().equals("/api/version")) {
        request.response().setStatusCode(404).end();
        return;
      }
      answer.get().accept(request);
    }).listen(0).await();
  }

  @AfterEach
  void tearDown() {
    if (discovery != null) {
      discovery.stop();
    }
  }

  private void answering(String json) {
    answer.set(request -> request.response().putHeader("Content-Type", "application/json").end(json));
  }

  private VersionDiscovery discovery(int port, Duration interval, Duration timeout) {
    discovery = new VersionDiscovery(vertx, client, URI.create("http://127.0.0.1:" + port),
        new VersionDiscoveryConfig(true, "/api/version", interval, timeout, CREDENTIAL), configured);
    return discovery;
  }

  private VersionDiscovery discovery() {
    return discovery(server.actualPort(), Duration.ofHours(1), Duration.ofSeconds(5));
  }

  @Test
  void should_learn_the_accepted_versions_with_the_configured_credential_when_the_upstream_answers() {
    answering("{\"api_available_versions\":[60,70,80,81]}");

    VersionPolicy learned = discovery().start().await();

    assertThat(learned.supported()).containsExactly(80, 81);
    assertThat(learned.deprecated()).containsExactly(60, 70);
    assertThat(learned.status(51)).isEqualTo(VersionPolicy.Status.UNSUPPORTED);
    assertThat(discovery.get()).isSameAs(learned);
    assertThat(authorizations).containsExactly(CREDENTIAL);
  }

  @Test
  void should_match_the_shipped_policy_when_the_upstream_is_computestacks_9_3_1() {
    answering(UPSTREAM_9_3_1);

    assertThat(discovery().start().await()).isEqualTo(configured);
  }

  @Test
  void should_keep_the_configured_policy_when_nothing_listens() {
    HttpServer closed = vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0).await();
    int port = closed.actualPort();
    closed.close().await();

    VersionPolicy policy = discovery(port, Duration.ofHours(1), Duration.ofSeconds(5)).start().await();

    assertThat(policy).isSameAs(configured);
    assertThat(discovery.get()).isSameAs(configured);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[80]", "{}", "{\"api_available_versions\":[]}",
      "{\"api_available_versions\":\"80\"}", "{\"api_available_versions\":[80,\"x\"]}",
      "{\"api_available_versions\":[80.5]}", "{\"api_available_versions\":[-1,80]}",
      "{\"api_available_versions\":[60,70]}"})
  void should_keep_the_configured_policy_when_the_upstream_answers_garbage(String body) {
    answering(body);

    assertThat(discovery().start().await()).isSameAs(configured);
  }

  @Test
  void should_keep_the_configured_policy_when_the_upstream_refuses_the_credential() {
    answer.set(request -> request.response().setStatusCode(401).end());

    assertThat(discovery().start().await()).isSameAs(configured);
  }

  @Test
  void should_keep_the_configured_policy_when_the_body_is_too_large() {
    answering("{\"api_available_versions\":[80],\"padding\":\"" + "x".repeat(100_000) + "\"}");

    assertThat(discovery().start().await()).isSameAs(configured);
  }

  @Test
  void should_keep_the_configured_policy_when_the_upstream_does_not_answer_in_time() throws Exception {
    answer.set(request -> { }); // never answers

    VersionPolicy policy = discovery(server.actualPort(), Duration.ofHours(1), Duration.ofMillis(200)).start()
        .await(10, TimeUnit.SECONDS);

    assertThat(policy).isSameAs(configured);
  }

  @Test
  void should_pick_up_a_changed_list_when_the_timer_fires() throws Exception {
    answering(UPSTREAM_9_3_1);
    Promise<VersionPolicy> changed = Promise.promise();
    VersionDiscovery discovery = discovery(server.actualPort(), Duration.ofMillis(20), Duration.ofSeconds(5));
    discovery.onChange(changed::tryComplete);
    discovery.start().await();
    assertThat(changed.future().isComplete()).isFalse();

    answering("{\"api_available_versions\":[80,81]}");
    VersionPolicy learned = changed.future().await(10, TimeUnit.SECONDS);

    assertThat(learned.supported()).containsExactly(80, 81);
    assertThat(discovery.get()).isSameAs(learned);
  }

  @Test
  void should_keep_the_last_learned_policy_when_a_later_attempt_fails() {
    answering("{\"api_available_versions\":[80,81]}");
    VersionPolicy learned = discovery().start().await();

    answer.set(request -> request.response().setStatusCode(503).end());
    VersionPolicy after = discovery.refresh().await();

    assertThat(after).isSameAs(learned);
    assertThat(requests.get()).isEqualTo(2);
  }

  @Test
  void should_ask_nothing_when_disabled() {
    answering(UPSTREAM_9_3_1);
    VersionDiscovery off = new VersionDiscovery(vertx, client, URI.create("http://127.0.0.1:" + server.actualPort()),
        new VersionDiscoveryConfig(false, "/api/version", Duration.ofMillis(10), Duration.ofSeconds(1), null),
        configured);

    assertThat(off.start().await()).isSameAs(configured);
    assertThat(requests.get()).isZero();
  }

  @Test
  void should_never_log_the_credential_when_failing() {
    answer.set(request -> request.response().setStatusCode(401).end());
    List<String> logged = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger(VersionDiscovery.class.getName());
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
      }

      @Override
      public void flush() { }

      @Override
      public void close() { }
    };
    logger.addHandler(capture);
    try {
      discovery().start().await();
    } finally {
      logger.removeHandler(capture);
    }

    assertThat(logged).isNotEmpty().noneMatch(line -> line.contains("c2VjcmV0"));
    assertThat(discovery.toString() + new VersionDiscoveryConfig(true, "/a", Duration.ofSeconds(1),
        Duration.ofSeconds(1), CREDENTIAL)).doesNotContain("c2VjcmV0");
  }
}
