package org.csgateway.app.lifecycle;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.csgateway.app.Readiness;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.config.HealthSettings;
import org.csgateway.core.ratelimit.RateLimitConfig;

/**
 * The dependency checks of readiness, off the request path: every {@code health.checkInterval}, when required, a
 * TCP connection to the upstream ({@value Readiness#UPSTREAM}: any accepted connection counts, whatever the
 * upstream would answer) and a {@code PING} to each configured Redis, the rate-limit store's and the cache eviction
 * channel's ({@value Readiness#REDIS}). Each check is bounded by the interval, so a hung dependency reads as down.
 * A configuration that requires neither adds no check.
 */
public final class HealthChecks {
  private static final Logger LOG = System.getLogger(HealthChecks.class.getName());

  private final Vertx vertx;
  private final Readiness readiness;
  private final HealthSettings settings;
  private final URI upstream;
  private final NetClient net;
  private final List<Redis> redis = new ArrayList<>();
  private final AtomicBoolean checking = new AtomicBoolean();
  private long timer = -1;

  public HealthChecks(Vertx vertx, GatewayConfig config, Readiness readiness) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.readiness = Objects.requireNonNull(readiness, "readiness");
    this.settings = config.health();
    this.upstream = config.upstream().url();
    int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.checkInterval().toMillis()));
    this.net = settings.requireUpstream()
        ? vertx.createNetClient(new NetClientOptions().setConnectTimeout(timeout)) : null;
    if (settings.requireRedis()) {
      RateLimitConfig limits = config.rateLimit().config();
      if (config.rateLimit().enabled() && limits.store() == RateLimitConfig.StoreKind.REDIS) {
        redis.add(Redis.createClient(vertx, limits.redis().toRedisOptions()));
      }
      config.cache().redis().filter(r -> config.cache().enabled()).ifPresent(r ->
          redis.add(Redis.createClient(vertx, new RedisOptions().setConnectionString(r.url()))));
    }
  }

  /** Runs the first round, then one per interval; completes after the first round. */
  public Future<Void> start() {
    if (net == null) {
      readiness.remove(Readiness.UPSTREAM);
    }
    if (!settings.requireRedis()) {
      readiness.remove(Readiness.REDIS);
    }
    if (net == null && redis.isEmpty()) {
      return Future.succeededFuture();
    }
    return round().onComplete(done -> {
      synchronized (this) {
        if (timer != -2) {
          timer = vertx.setPeriodic(settings.checkInterval().toMillis(), id -> round());
        }
      }
    });
  }

  /** Stops checking and closes the clients; the checks keep their last state. */
  public synchronized void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    timer = -2;
    if (net != null) {
      net.close();
    }
    redis.forEach(Redis::close);
  }

  private Future<Void> round() {
    if (!checking.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    List<Future<?>> checks = new ArrayList<>();
    if (net != null) {
      checks.add(checkUpstream());
    }
    if (settings.requireRedis()) {
      checks.add(checkRedis());
    }
    return Future.join(checks).<Void>mapEmpty().otherwiseEmpty().onComplete(done -> checking.set(false));
  }

  private Future<Void> checkUpstream() {
    boolean tls = "https".equalsIgnoreCase(upstream.getScheme());
    int port = upstream.getPort() >= 0 ? upstream.getPort() : tls ? 443 : 80;
    return net.connect(port, upstream.getHost())
        .compose(socket -> socket.close())
        .transform(result -> record(Readiness.UPSTREAM, result.succeeded(), result.cause()));
  }

  private Future<Void> checkRedis() {
    List<Future<?>> pings = new ArrayList<>();
    for (Redis client : redis) {
      pings.add(client.send(Request.cmd(Command.PING))
          .timeout(settings.checkInterval().toMillis(), TimeUnit.MILLISECONDS));
    }
    return Future.all(pings).transform(result -> record(Readiness.REDIS, result.succeeded(), result.cause()));
  }

  private Future<Void> record(String check, boolean up, Throwable cause) {
    Boolean before = readiness.checks().get(check);
    readiness.update(check, up);
    if (before == null || before != up) {
      LOG.log(up ? Level.INFO : Level.WARNING, "readiness check {0} is {1}{2}", check, up ? "UP" : "DOWN",
          cause == null ? "" : " (" + cause.getMessage() + ")");
    }
    return Future.succeededFuture();
  }
}
