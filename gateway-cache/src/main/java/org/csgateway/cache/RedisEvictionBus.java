package org.csgateway.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Shares evictions between gateway instances over a Redis pub/sub channel: what this instance evicts is published,
 * and what the others publish is applied to this instance's cache. Messages carry the eviction (principal id,
 * family, route id: never a secret) and the sender's random instance id, so an instance ignores its own.
 *
 * <p>Subscribing uses a dedicated connection. When it is lost, the bus subscribes again after
 * {@link RedisEvictionConfig#reconnectDelay()} and then clears this instance's cache, since evictions sent in the
 * meantime were missed. A failed publish is logged (once per outage) and leaves the others stale for at most the
 * TTL; it never fails the request that caused it.
 */
public final class RedisEvictionBus implements EvictionBus {
  private static final System.Logger LOG = System.getLogger(RedisEvictionBus.class.getName());

  private final Vertx vertx;
  private final RedisEvictionConfig config;
  private final ResponseCache cache;
  private final Consumer<Eviction> onRemoteEviction;
  private final String instanceId = UUID.randomUUID().toString();
  private final Redis publisher;
  private final Redis subscriberClient;
  private final AtomicBoolean publishFailing = new AtomicBoolean();
  private volatile RedisConnection subscriber;
  private volatile boolean closed;

  public RedisEvictionBus(Vertx vertx, RedisEvictionConfig config, ResponseCache cache) {
    this(vertx, config, cache, eviction -> {});
  }

  /**
   * @param onRemoteEviction told of every eviction received from another instance, after it was applied (metrics)
   */
  public RedisEvictionBus(Vertx vertx, RedisEvictionConfig config, ResponseCache cache,
      Consumer<Eviction> onRemoteEviction) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.onRemoteEviction = Objects.requireNonNull(onRemoteEviction, "onRemoteEviction");
    this.publisher = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.url()));
    this.subscriberClient = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.url()));
  }

  /**
   * Subscribes to the channel. The future fails if the first attempt does; the bus keeps trying in the background
   * either way, so the caller decides whether a gateway may start without it.
   */
  public Future<Void> start() {
    return subscribe().onFailure(failure -> {
      LOG.log(Level.WARNING, "cache evictions: cannot subscribe to {0}: {1}; retrying",
          RedisEvictionConfig.redacted(config.url()), failure.getMessage());
      retryLater();
    });
  }

  @Override
  public void publish(Eviction eviction) {
    JsonObject message = new JsonObject()
        .put("origin", instanceId)
        .put("scope", eviction.scope().name())
        .put("principal", eviction.principalId())
        .put("family", eviction.family())
        .put("route", eviction.routeId());
    publisher.send(Request.cmd(Command.PUBLISH).arg(config.channel()).arg(message.encode()))
        .onSuccess(reply -> {
          if (publishFailing.compareAndSet(true, false)) {
            LOG.log(Level.INFO, "cache evictions: publishing works again");
          }
        })
        .onFailure(failure -> {
          if (publishFailing.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "cache evictions: cannot publish, other instances stay stale up to the TTL: {0}",
                failure.getMessage());
          }
        });
  }

  public Future<Void> close() {
    closed = true;
    RedisConnection connection = subscriber;
    subscriber = null;
    Future<Void> closing = connection == null ? Future.succeededFuture() : connection.close();
    return Future.join(closing, subscriberClient.close(), publisher.close()).mapEmpty();
  }

  private Future<Void> subscribe() {
    return subscriberClient.connect().compose(connection -> {
      subscriber = connection;
      connection.handler(this::onMessage);
      connection.exceptionHandler(failure -> lost(connection));
      connection.endHandler(v -> lost(connection));
      return connection.send(Request.cmd(Command.SUBSCRIBE).arg(config.channel())).<Void>mapEmpty();
    });
  }

  private void lost(RedisConnection connection) {
    if (closed || subscriber != connection) {
      return;
    }
    subscriber = null;
    LOG.log(Level.WARNING, "cache evictions: lost the subscription to {0}; subscribing again",
        RedisEvictionConfig.redacted(config.url()));
    retryLater();
  }

  private void retryLater() {
    vertx.setTimer(config.reconnectDelay().toMillis(), id -> {
      if (closed) {
        return;
      }
      subscribe().onSuccess(v -> clearAfterGap()).onFailure(failure -> retryLater());
    });
  }

  /** Evictions published while the subscription was down are lost: every local entry may have missed one. */
  private void clearAfterGap() {
    // The purge walks every entry: on a worker, not on this event loop.
    vertx.executeBlocking(() -> cache.purge(Eviction.all()), false).onComplete(purged -> {
      if (purged.succeeded()) {
        LOG.log(Level.INFO, "cache evictions: subscribed again; cleared {0} local entries that may have missed "
            + "evictions", purged.result());
      } else {
        LOG.log(Level.WARNING, "cache evictions: subscribed again, but clearing the local entries failed: {0}",
            String.valueOf(purged.cause()));
      }
    });
  }

  private void onMessage(Response response) {
    if (response.size() < 3 || !"message".equals(response.get(0).toString())) {
      return; // subscribe confirmations and the like
    }
    Eviction eviction;
    try {
      JsonObject message = new JsonObject(response.get(2).toString());
      if (instanceId.equals(message.getString("origin"))) {
        return;
      }
      eviction = new Eviction(Eviction.Scope.valueOf(message.getString("scope")), message.getString("principal"),
          message.getString("family"), message.getString("route"));
    } catch (DecodeException | IllegalArgumentException | NullPointerException | ClassCastException e) {
      LOG.log(Level.WARNING, "cache evictions: ignored a malformed message on {0}", config.channel());
      return;
    }
    cache.invalidate(eviction);
    onRemoteEviction.accept(eviction);
  }
}
