package org.csgateway.core.ratelimit;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.csgateway.core.error.GatewayException;

/**
 * GCRA state shared by every gateway instance, in Redis. Each decision is ONE Lua script on ONE key (EVALSHA, with
 * EVAL when Redis answers NOSCRIPT), so check-and-update is atomic across instances; the script reads Redis
 * {@code TIME}, so the gateways' clocks play no part; the key gets a PEXPIRE at the moment its allowance is full
 * again, so idle keys vanish. Every command is bounded by the command timeout. When Redis fails or times out, the
 * store switches to the configured {@link RedisUnavailableMode} at once, logs the transition once, and from then on
 * lets one request per retry interval probe Redis until it answers again. Thread-safe.
 */
public final class RedisRateLimitStore implements RateLimitStore {
  private static final System.Logger LOG = System.getLogger(RedisRateLimitStore.class.getName());

  /** The GCRA of {@link Gcra} in microseconds. KEYS[1] key; ARGV emission, tolerance, cost, record (1 or 0). */
  static final String SCRIPT = """
      if redis.replicate_commands then pcall(redis.replicate_commands) end
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local emission = tonumber(ARGV[1])
      local tolerance = tonumber(ARGV[2])
      local cost = tonumber(ARGV[3])
      local tat = tonumber(redis.call('GET', KEYS[1]))
      if not tat or tat < now then tat = now end
      local new_tat = tat + emission * cost
      local allow_at = new_tat - tolerance
      if now < allow_at then
        local remaining = math.floor((tolerance - (tat - now)) / emission)
        if remaining < 0 then remaining = 0 end
        return {0, remaining, tat - now, allow_at - now}
      end
      if ARGV[4] == '1' then
        redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
      end
      return {1, math.floor((tolerance - (new_tat - now)) / emission), new_tat - now, 0}
      """;

  private final Redis redis;
  private final RedisRateLimitConfig config;
  private final RateLimitStore fallback;
  private final LongSupplier nanoClock;
  private final RateLimitListener listener;
  private final String scriptSha;
  private final AtomicBoolean unavailable = new AtomicBoolean();
  private final AtomicLong nextProbeNanos = new AtomicLong();

  /**
   * @param redis a client made from {@link RedisRateLimitConfig#toRedisOptions()}; shared, closed by its owner
   * @param config timeouts, fallback mode, key prefix
   * @param fallback the store used while Redis is unavailable in {@link RedisUnavailableMode#LOCAL} mode (a
   *     {@link LocalRateLimitStore}); unused in the other modes
   * @param nanoClock a monotonic clock in nanoseconds, only for spacing the probes ({@code System::nanoTime})
   * @param listener metrics hooks for outages and fallbacks
   */
  public RedisRateLimitStore(Redis redis, RedisRateLimitConfig config, RateLimitStore fallback, LongSupplier nanoClock,
      RateLimitListener listener) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.config = Objects.requireNonNull(config, "config");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.scriptSha = sha1(SCRIPT);
  }

  @Override
  public Future<RateLimitDecision> acquire(String key, RateLimitPolicy policy, int cost) {
    RateLimitStore.checkArguments(key, policy, cost);
    return decide(key, policy, cost, true);
  }

  @Override
  public Future<RateLimitDecision> peek(String key, RateLimitPolicy policy) {
    RateLimitStore.checkArguments(key, policy, 1);
    return decide(key, policy, 1, false);
  }

  /** Whether the store is answering from its fallback now (a gauge). */
  public boolean isUnavailable() {
    return unavailable.get();
  }

  private Future<RateLimitDecision> decide(String key, RateLimitPolicy policy, int cost, boolean record) {
    if (unavailable.get() && !claimProbe()) {
      return fallback(key, policy, cost, record);
    }
    long emission = policy.emissionIntervalMicros();
    String[] args = {config.keyPrefix() + policy.name() + ':' + key, Long.toString(emission),
        Long.toString(emission * policy.burst()), Integer.toString(cost), record ? "1" : "0"};
    return run(args)
        .map(response -> {
          markAvailable();
          return toDecision(response, policy);
        })
        .recover(failure -> {
          markUnavailable(failure);
          return fallback(key, policy, cost, record);
        });
  }

  private Future<Response> run(String[] args) {
    return send(Command.EVALSHA, scriptSha, args)
        .recover(failure -> isNoScript(failure) ? send(Command.EVAL, SCRIPT, args) : Future.failedFuture(failure));
  }

  private Future<Response> send(Command command, String script, String[] args) {
    Request request = Request.cmd(command).arg(script).arg(1);
    for (String arg : args) {
      request.arg(arg);
    }
    Future<Response> sent;
    try {
      sent = redis.send(request);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.timeout(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private static boolean isNoScript(Throwable failure) {
    return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
  }

  private boolean claimProbe() {
    long now = nanoClock.getAsLong();
    long next = nextProbeNanos.get();
    return now - next >= 0 && nextProbeNanos.compareAndSet(next, now + config.retryInterval().toNanos());
  }

  private void markUnavailable(Throwable cause) {
    nextProbeNanos.set(nanoClock.getAsLong() + config.retryInterval().toNanos());
    if (unavailable.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "Redis rate-limit store unavailable ({0}); deciding with fallback ''{1}'' and probing"
          + " every {2}", describe(cause), config.onUnavailable().name().toLowerCase(), config.retryInterval());
      listener.onStoreUnavailable(cause);
    }
  }

  private void markAvailable() {
    if (unavailable.get() && unavailable.compareAndSet(true, false)) {
      LOG.log(Level.INFO, "Redis rate-limit store available again; shared limits are enforced");
      listener.onStoreRecovered();
    }
  }

  private Future<RateLimitDecision> fallback(String key, RateLimitPolicy policy, int cost, boolean record) {
    RedisUnavailableMode mode = config.onUnavailable();
    listener.onFallback(mode);
    return switch (mode) {
      case LOCAL -> record ? fallback.acquire(key, policy, cost) : fallback.peek(key, policy);
      case ALLOW -> Future.succeededFuture(RateLimitDecision.unenforced(policy.burst()));
      case DENY -> Future.failedFuture(new GatewayException(503, "RATE_LIMIT_UNAVAILABLE",
          "The rate limiter is unavailable; try again later",
          Map.of("Retry-After", Long.toString(RateLimitDecision.ceilSeconds(config.retryInterval()))), null));
    };
  }

  private static RateLimitDecision toDecision(Response response, RateLimitPolicy policy) {
    return new RateLimitDecision(response.get(0).toLong() == 1, policy.burst(), response.get(1).toLong(),
        Duration.ofNanos(response.get(2).toLong() * 1000), Duration.ofNanos(response.get(3).toLong() * 1000), true);
  }

  private static String describe(Throwable cause) {
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  private static String sha1(String script) {
    try {
      // SHA-1 is what Redis names scripts by; it is an identifier here, not a protection.
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }
}
