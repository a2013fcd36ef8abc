package org.csgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.cache.HeaderAuthentication.ALICE;
import static org.csgateway.cache.HeaderAuthentication.BOB;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.csgateway.core.ratelimit.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two gateway instances, each with its own cache, sharing evictions through a real redis-server. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class RedisEvictionBusTest {
  private static final String AUTH = "Authorization";
  private static RedisServer redis;

  private final AtomicLong clock = new AtomicLong();
  private final List<Eviction> receivedByFirst = new CopyOnWriteArrayList<>();
  private final List<Eviction> receivedBySecond = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private RedisEvictionBus firstBus;
  private RedisEvictionBus secondBus;
  private GatewayClient first;
  private GatewayClient second;
  private final CompletableFuture<Eviction> secondReceived = new CompletableFuture<>();
  private final CompletableFuture<Eviction> firstReceived = new CompletableFuture<>();

  @BeforeAll
  static void startRedis() throws Exception {
    Assumptions.assumeTrue(RedisServer.installed(), "redis-server is not installed");
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    int upstreamPort = new TestUpstream(vertx).start();
    firstBus = bus(receivedByFirst, firstReceived::complete);
    first = gateway(upstreamPort, firstBus);
    secondBus = bus(receivedBySecond, secondReceived::complete);
    secondCache = cache;
    second = gateway(upstreamPort, secondBus);
  }

  @AfterEach
  void stop() {
    firstBus.close().await();
    secondBus.close().await();
  }

  private ResponseCache cache;
  private ResponseCache secondCache;

  /** A cache of its own and the bus that connects it; records what it receives from the other instance. */
  private RedisEvictionBus bus(List<Eviction> received, Consumer<Eviction> signal) {
    CacheConfig config = new CacheConfig(1 << 20, 1 << 16, Duration.ZERO, Duration.ofSeconds(10), 100, 1, 2,
        TestGateway.policy());
    cache = new ResponseCache(config, clock::get, Runnable::run);
    RedisEvictionBus bus = new RedisEvictionBus(vertx, new RedisEvictionConfig(redis.url(), "test:evictions", Duration.ofMillis(50)), cache, e -> {
      received.add(e);
      signal.accept(e);
    });
    bus.start().await();
    return bus;
  }

  /** A gateway over the cache {@link #bus} made last, and a client of it. */
  private GatewayClient gateway(int upstreamPort, RedisEvictionBus bus) {
    return new GatewayClient(vertx, new TestGateway(vertx, upstreamPort, cache, bus).start());
  }

  @Test
  void should_evict_on_the_other_instance_when_a_caller_writes_through_one() throws Exception {
    first.get("/api/projects", AUTH, ALICE);
    second.get("/api/projects", AUTH, ALICE);
    second.get("/api/projects?per_page=5", AUTH, ALICE);
    second.get("/api/projects", AUTH, BOB);
    assertThat(second.get("/api/projects", AUTH, ALICE).cache()).isEqualTo("HIT");

    assertThat(first.post("/api/projects", AUTH, ALICE).status()).isEqualTo(201);
    Eviction eviction = secondReceived.get(10, TimeUnit.SECONDS);

    assertThat(eviction).isEqualTo(Eviction.write("user:alice/app:test", "projects"));
    assertThat(second.get("/api/projects", AUTH, ALICE).cache()).isEqualTo("MISS");
    assertThat(second.get("/api/projects?per_page=5", AUTH, ALICE).cache()).isEqualTo("MISS");
    assertThat(second.get("/api/projects", AUTH, BOB).cache()).isEqualTo("HIT");
    assertThat(first.get("/api/projects", AUTH, ALICE).cache()).isEqualTo("MISS");
  }

  @Test
  void should_ignore_its_own_messages_and_apply_the_others() throws Exception {
    first.post("/api/projects", AUTH, ALICE);
    secondReceived.get(10, TimeUnit.SECONDS);
    second.post("/api/projects", AUTH, BOB);

    // Redis delivers a channel's messages in order, so by the time the first instance has the second's message
    // it has long had its own, had it not ignored it.
    assertThat(firstReceived.get(10, TimeUnit.SECONDS))
        .isEqualTo(Eviction.write("user:bob/app:test", "projects"));
    assertThat(receivedByFirst).hasSize(1);
    assertThat(receivedBySecond).containsExactly(Eviction.write("user:alice/app:test", "projects"));
  }

  @Test
  void should_clear_its_cache_and_share_evictions_again_when_redis_comes_back() throws Exception {
    second.get("/api/projects", AUTH, ALICE);
    assertThat(secondCache.size()).isEqualTo(1);

    int port = redis.port();
    redis.close();
    redis = RedisServer.start(port);
    awaitTrue(() -> secondCache.size() == 0); // evictions sent while it was away are lost: it forgets everything

    second.get("/api/projects", AUTH, ALICE);
    first.post("/api/projects", AUTH, ALICE);
    assertThat(secondReceived.get(10, TimeUnit.SECONDS)).isEqualTo(Eviction.write("user:alice/app:test", "projects"));
    assertThat(second.get("/api/projects", AUTH, ALICE).cache()).isEqualTo("MISS");
  }

  /** Waits, without sleeping on the test thread, until the condition holds (checked on a timer). */
  private void awaitTrue(java.util.function.BooleanSupplier condition) throws Exception {
    CompletableFuture<Void> reached = new CompletableFuture<>();
    long timer = vertx.setPeriodic(5, id -> {
      if (condition.getAsBoolean()) {
        reached.complete(null);
      }
    });
    try {
      reached.get(10, TimeUnit.SECONDS);
    } finally {
      vertx.cancelTimer(timer);
    }
  }
}
