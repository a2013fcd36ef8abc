package org.csgateway.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.csgateway.core.error.GatewayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The store contract against a real redis-server, plus what only a shared store must do. */
class RedisRateLimitStoreTest extends RateLimitStoreContract {
  private static final String PREFIX = "test:rl:";
  private static RedisServer server;
  private static Vertx vertx;
  private static Redis redis;
  private static RedisRateLimitStore store;

  @BeforeAll
  static void startRedis() {
    assumeTrue(RedisServer.installed(), "redis-server is not installed");
    server = RedisServer.start();
    vertx = Vertx.vertx();
    RedisRateLimitConfig config = config(server.url(), Duration.ofSeconds(2), RedisUnavailableMode.DENY);
    redis = Redis.createClient(vertx, config.toRedisOptions());
    store = new RedisRateLimitStore(redis, config, new LocalRateLimitStore(100, System::nanoTime), System::nanoTime,
        RateLimitListener.NONE);
  }

  @AfterAll
  static void stopRedis() {
    if (vertx != null) {
      redis.close().await();
      vertx.close().await();
    }
    if (server != null) {
      server.close();
    }
  }

  static RedisRateLimitConfig config(String url, Duration timeout, RedisUnavailableMode mode) {
    return new RedisRateLimitConfig(url, 4, timeout, mode, Duration.ofSeconds(1), PREFIX);
  }

  @Override
  RateLimitStore store() {
    return store;
  }

  /** Redis TIME cannot be moved, so every stored TAT (and its TTL) is moved back instead: the same thing for GCRA. */
  @Override
  void advance(Duration d) {
    Response keys = send(Request.cmd(Command.KEYS).arg(PREFIX + "*"));
    for (Response key : keys) {
      String name = key.toString();
      long ttl = send(Request.cmd(Command.PTTL).arg(name)).toLong();
      Response tat = send(Request.cmd(Command.GET).arg(name));
      if (tat == null || ttl - d.toMillis() <= 0) {
        send(Request.cmd(Command.DEL).arg(name));
      } else {
        long shifted = tat.toLong() - d.toNanos() / 1000;
        send(Request.cmd(Command.SET).arg(name).arg(shifted).arg("PX").arg(ttl - d.toMillis()));
      }
    }
  }

  private static Response send(Request request) {
    return redis.send(request).await();
  }

  @Test
  void should_admit_exactly_the_limit_when_two_instances_on_two_event_loops_race_for_one_key() {
    Vertx otherVertx = Vertx.vertx();
    RedisRateLimitConfig config = config(server.url(), Duration.ofSeconds(10), RedisUnavailableMode.DENY);
    Redis otherRedis = Redis.createClient(otherVertx, config.toRedisOptions());
    try {
      CountingListener listener = new CountingListener();
      RedisRateLimitStore first = new RedisRateLimitStore(redis, config, new LocalRateLimitStore(10, System::nanoTime),
          System::nanoTime, listener);
      RedisRateLimitStore second = new RedisRateLimitStore(otherRedis, config,
          new LocalRateLimitStore(10, System::nanoTime), System::nanoTime, listener);
      RateLimitPolicy hundredPerHour = new RateLimitPolicy("exact", 100, Duration.ofHours(1), 100,
          RateLimitKey.PRINCIPAL, RouteSelector.all(), Map.of());
      String caller = UUID.randomUUID().toString();

      List<Future<RateLimitDecision>> decisions = Collections.synchronizedList(new ArrayList<>());
      Promise<Void> firstFired = Promise.promise();
      Promise<Void> secondFired = Promise.promise();
      vertx.runOnContext(v -> {
        for (int i = 0; i < 500; i++) {
          decisions.add(first.acquire(caller, hundredPerHour, 1));
        }
        firstFired.complete();
      });
      otherVertx.runOnContext(v -> {
        for (int i = 0; i < 500; i++) {
          decisions.add(second.acquire(caller, hundredPerHour, 1));
        }
        secondFired.complete();
      });
      Future.all(firstFired.future(), secondFired.future()).await(10, TimeUnit.SECONDS);
      Future.all(new ArrayList<>(decisions)).await(20, TimeUnit.SECONDS);

      long admitted = decisions.stream().filter(f -> f.result().allowed()).count();
      assertThat(decisions).hasSize(1_000);
      assertThat(admitted).isEqualTo(100);
      assertThat(listener.fallbacks.get()).as("every decision came from Redis").isZero();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("acquisitions did not complete", e);
    } finally {
      otherRedis.close().await();
      otherVertx.close().await();
    }
  }

  @Test
  void should_load_the_script_again_when_redis_has_forgotten_it() {
    acquire();
    send(Request.cmd(Command.SCRIPT).arg("FLUSH"));
    RateLimitDecision afterFlush = acquire();
    assertThat(afterFlush.allowed()).isTrue();
    assertThat(afterFlush.remaining()).as("state kept, script reloaded").isEqualTo(3);
  }

  @Test
  void should_let_a_key_expire_when_its_allowance_would_be_full_again() {
    acquire();
    acquire();
    long ttl = send(Request.cmd(Command.PTTL).arg(PREFIX + FIVE_PER_5M.name() + ":" + key())).toLong();
    assertThat(Duration.ofMillis(ttl)).isCloseTo(MINUTE.multipliedBy(2), SLACK);
  }

  @ParameterizedTest
  @EnumSource(RedisUnavailableMode.class)
  void should_fall_back_as_configured_and_never_hang_when_redis_dies(RedisUnavailableMode mode) throws Exception {
    RedisServer dying = RedisServer.start();
    RedisRateLimitConfig config = config(dying.url(), Duration.ofMillis(200), mode);
    Redis client = Redis.createClient(vertx, config.toRedisOptions());
    FakeNanoClock probeClock = new FakeNanoClock();
    CountingListener listener = new CountingListener();
    RedisRateLimitStore dyingStore = new RedisRateLimitStore(client, config,
        new LocalRateLimitStore(100, new FakeNanoClock()), probeClock, listener);
    List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
    Logger log = Logger.getLogger(RedisRateLimitStore.class.getName());
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(capture);
    RedisServer revived = null;
    try {
      String caller = UUID.randomUUID().toString();
      assertThat(dyingStore.acquire(caller, FIVE_PER_5M, 1).await().enforced()).isTrue();

      dying.kill();
      long started = System.nanoTime();
      List<Future<RateLimitDecision>> during = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        Future<RateLimitDecision> decision = dyingStore.acquire(caller, FIVE_PER_5M, 1);
        try {
          decision.await(2, TimeUnit.SECONDS);
        } catch (GatewayException expectedWhenDenying) {
          // checked below
        }
        during.add(decision);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the command timeout")
          .isLessThan(Duration.ofSeconds(2));
      assertThat(dyingStore.isUnavailable()).isTrue();
      assertFallback(mode, during);
      assertThat(listener.unavailable.get()).as("one outage, one transition").isEqualTo(1);
      assertThat(listener.fallbacks.get()).isEqualTo(12);
      assertThat(logged).filteredOn(r -> r.getLevel() == Level.WARNING).hasSize(1);

      revived = RedisServer.start(dying.port());
      dyingStore.acquire(caller, FIVE_PER_5M, 1);
      assertThat(listener.fallbacks.get()).as("no probe before the retry interval").isEqualTo(13);
      probeClock.advance(Duration.ofSeconds(1));
      RateLimitDecision probed = dyingStore.acquire(caller, FIVE_PER_5M, 1).await();
      assertThat(probed.enforced()).isTrue();
      assertThat(probed.remaining()).as("decided by the new, empty Redis").isEqualTo(4);
      assertThat(dyingStore.isUnavailable()).isFalse();
      assertThat(listener.recovered.get()).isEqualTo(1);
      assertThat(logged).filteredOn(r -> r.getLevel() == Level.INFO).hasSize(1);
    } finally {
      log.removeHandler(capture);
      client.close().await();
      if (revived != null) {
        revived.close();
      }
      dying.close();
    }
  }

  private static void assertFallback(RedisUnavailableMode mode, List<Future<RateLimitDecision>> during) {
    switch (mode) {
      case LOCAL -> {
        assertThat(during).allMatch(Future::succeeded);
        assertThat(during.stream().filter(f -> f.result().allowed()).count())
            .as("the local store enforces the burst on its own").isEqualTo(5);
        assertThat(during).allMatch(f -> f.result().enforced());
      }
      case ALLOW -> {
        assertThat(during).allMatch(Future::succeeded);
        assertThat(during).allMatch(f -> f.result().allowed() && !f.result().enforced());
      }
      case DENY -> {
        assertThat(during).allMatch(Future::failed);
        assertThat(during).allSatisfy(f -> assertThat(f.cause()).isInstanceOfSatisfying(GatewayException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.headers()).containsEntry("Retry-After", "1");
            }));
      }
      default -> throw new AssertionError(mode);
    }
  }

  @Test
  void should_hide_the_password_when_the_config_is_printed() {
    RedisRateLimitConfig config = new RedisRateLimitConfig("redis://:s3cret@cache:6379/0", 4, Duration.ofMillis(250),
        RedisUnavailableMode.LOCAL, Duration.ofSeconds(1), PREFIX);
    assertThat(config.toString()).doesNotContain("s3cret").contains("redis://***@cache:6379/0");
    assertThatThrownBy(() -> new RedisRateLimitConfig("http://:s3cret@cache", 4, Duration.ofMillis(250),
        RedisUnavailableMode.LOCAL, Duration.ofSeconds(1), PREFIX))
        .hasMessageNotContaining("s3cret");
  }
}
