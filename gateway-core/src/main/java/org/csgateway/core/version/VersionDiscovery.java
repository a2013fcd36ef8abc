package org.csgateway.core.version;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.csgateway.core.contract.BoundedBody;

/**
 * The current {@link VersionPolicy}: the configured one, adjusted ({@link VersionPolicy#withAvailable}) to the
 * versions the upstream's {@code GET /api/version} lists in {@code api_available_versions}, asked at
 * {@link #start()} and then every {@code interval}. Readers on any thread see one whole immutable policy (an atomic
 * swap, never a half-updated one). When the upstream is unreachable, refuses the credential or answers anything
 * but a valid list, the configured policy stays in force at start, and later the last learned one: a flapping
 * upstream does not make the accepted versions flap.
 */
public final class VersionDiscovery implements Supplier<VersionPolicy> {
  private static final System.Logger LOG = System.getLogger(VersionDiscovery.class.getName());
  private static final long MAX_BODY_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final HttpClient client;
  private final RequestOptions request;
  private final VersionDiscoveryConfig config;
  private final VersionPolicy configured;
  private final AtomicReference<VersionPolicy> current;
  private final AtomicReference<Future<VersionPolicy>> inFlight = new AtomicReference<>();
  private volatile Consumer<VersionPolicy> listener = policy -> { };
  private volatile boolean failing;
  private volatile long timerId = -1;

  /**
   * @param vertx for the refresh timer
   * @param client a non-blocking client for the upstream (its own small pool, or the forwarder's)
   * @param upstream the upstream's base URL, {@code http://host:port}
   * @param config the discovery settings
   * @param configured the policy from the configuration: in force until the upstream answers, and the base of
   *     every learned policy
   */
  public VersionDiscovery(
      Vertx vertx, HttpClient client, URI upstream, VersionDiscoveryConfig config, VersionPolicy configured) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.client = Objects.requireNonNull(client, "client");
    this.config = Objects.requireNonNull(config, "config");
    this.configured = Objects.requireNonNull(configured, "configured");
    this.current = new AtomicReference<>(configured);
    this.request = requestOptions(Objects.requireNonNull(upstream, "upstream"), config);
  }

  private static RequestOptions requestOptions(URI upstream, VersionDiscoveryConfig config) {
    String scheme = upstream.getScheme() == null ? "" : upstream.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || upstream.getHost() == null) {
      throw new IllegalArgumentException("upstream must be an http(s) URL with a host, was " + upstream);
    }
    boolean ssl = scheme.equals("https");
    long timeout = config.timeout().toMillis();
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(upstream.getHost())
        .setPort(upstream.getPort() > 0 ? upstream.getPort() : ssl ? 443 : 80)
        .setSsl(ssl)
        .setURI(config.path())
        .setConnectTimeout(timeout)
        .setIdleTimeout(timeout)
        .putHeader(HttpHeaders.ACCEPT, "application/json");
    if (config.authorization() != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, config.authorization());
    }
    return options;
  }

  /** The policy in force now. */
  @Override
  public VersionPolicy get() {
    return current.get();
  }

  /** Called on the event loop with each policy learned that differs from the one before; set it before start. */
  public VersionDiscovery onChange(Consumer<VersionPolicy> listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Asks the upstream once and then every {@code interval}; completes (never fails) with the policy in force after
   * the first attempt. Without {@code enabled}, completes at once with the configured policy and asks nothing.
   */
  public Future<VersionPolicy> start() {
    if (!config.enabled()) {
      return Future.succeededFuture(configured);
    }
    if (timerId >= 0) {
      return Future.succeededFuture(current.get());
    }
    long interval = config.interval().toMillis();
    timerId = vertx.setPeriodic(interval, interval, id -> refresh());
    return refresh();
  }

  /** Stops asking; the policy in force stays. */
  public void stop() {
    long id = timerId;
    if (id >= 0) {
      vertx.cancelTimer(id);
      timerId = -1;
    }
  }

  /**
   * One attempt now (joining one already under way); completes with the policy in force afterwards, never fails.
   */
  public Future<VersionPolicy> refresh() {
    Future<VersionPolicy> running = inFlight.get();
    if (running != null && !running.isComplete()) {
      return running;
    }
    Future<VersionPolicy> attempt = fetchAvailable()
        .map(configured::withAvailable)
        .transform(result -> Future.succeededFuture(settle(result.succeeded() ? result.result() : null,
            result.cause())));
    inFlight.set(attempt);
    return attempt;
  }

  private VersionPolicy settle(VersionPolicy learned, Throwable failure) {
    if (learned == null) {
      if (!failing) {
        failing = true;
        LOG.log(System.Logger.Level.WARNING, "Could not learn the API versions from the upstream''s {0}: {1};"
            + " keeping versions {2}", config.path(), String.valueOf(failure.getMessage()), current.get().available());
      }
      return current.get();
    }
    VersionPolicy previous = current.getAndSet(learned);
    boolean changed = !previous.equals(learned);
    if (failing || changed) {
      LOG.log(System.Logger.Level.INFO, "API versions from the upstream: supported {0}, deprecated {1}",
          learned.supported(), learned.deprecated());
    }
    failing = false;
    if (changed) {
      listener.accept(learned);
    }
    return learned;
  }

  private Future<List<Integer>> fetchAvailable() {
    return client.request(new RequestOptions(request)).compose(req -> req.send()
        .compose(VersionDiscovery::readVersions)
        .timeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .onFailure(e -> req.reset()));
  }

  private static Future<List<Integer>> readVersions(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      return Future.failedFuture("status " + response.statusCode());
    }
    return BoundedBody.read(response, MAX_BODY_BYTES).compose(body -> body.complete()
        ? Future.succeededFuture(parseVersions(body.bytes()))
        : Future.failedFuture("body larger than " + MAX_BODY_BYTES + " bytes"));
  }

  /** The {@code api_available_versions} integers; throws (failing the future) on anything else. */
  static List<Integer> parseVersions(Buffer body) {
    Object field = new JsonObject(body).getValue("api_available_versions");
    if (!(field instanceof JsonArray array) || array.isEmpty()) {
      throw new IllegalArgumentException("no api_available_versions list");
    }
    List<Integer> versions = new ArrayList<>(array.size());
    for (Object v : array) {
      if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0
          || ((Number) v).longValue() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("api_available_versions holds a non-version: " + v);
      }
      versions.add(((Number) v).intValue());
    }
    return versions;
  }
}
