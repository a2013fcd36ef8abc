package org.csgateway.core.ratelimit;

import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How the shared store reaches Redis and what it does when Redis does not answer. YAML, under
 * {@code rateLimit.redis}:
 * <pre>
 * url: redis://127.0.0.1:6379      # redis://[:password@]host:port[/db], or rediss:// for TLS
 * poolSize: 8                      # connections per gateway process
 * commandTimeout: 250ms            # no decision waits longer for Redis
 * onUnavailable: local             # local | allow | deny
 * retryInterval: 1s                # while unavailable, one request per interval probes Redis
 * keyPrefix: "csgw:rl:"            # keys are prefix + policy name + ":" + hashed caller
 * </pre>
 * {@link #toString()} hides the URL's password.
 */
public record RedisRateLimitConfig(
    String url, int poolSize, Duration commandTimeout, RedisUnavailableMode onUnavailable, Duration retryInterval,
    String keyPrefix) {

  public RedisRateLimitConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    Objects.requireNonNull(onUnavailable, "onUnavailable");
    Objects.requireNonNull(retryInterval, "retryInterval");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (!url.startsWith("redis://") && !url.startsWith("rediss://") && !url.startsWith("unix://")) {
      throw new IllegalArgumentException("url must start with redis://, rediss:// or unix://, was '" + redacted(url)
          + "'");
    }
    if (poolSize <= 0) {
      throw new IllegalArgumentException("poolSize must be positive, was " + poolSize);
    }
    if (commandTimeout.toMillis() < 1 || commandTimeout.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new IllegalArgumentException("commandTimeout must be between 1ms and 30s, was " + commandTimeout);
    }
    if (retryInterval.toMillis() < 1) {
      throw new IllegalArgumentException("retryInterval must be at least 1ms, was " + retryInterval);
    }
  }

  /** Redis on localhost with the defaults above. */
  public static RedisRateLimitConfig defaults() {
    return new RedisRateLimitConfig("redis://127.0.0.1:6379", 8, Duration.ofMillis(250), RedisUnavailableMode.LOCAL,
        Duration.ofSeconds(1), "csgw:rl:");
  }

  /**
   * Client options for {@code Redis.createClient(vertx, options)}: a pool whose wait queue absorbs a burst of
   * concurrent decisions (each holds a connection for one round trip), with connects bounded too.
   */
  public RedisOptions toRedisOptions() {
    int connectTimeoutMillis = (int) Math.max(commandTimeout.toMillis(), 1000);
    return new RedisOptions()
        .setConnectionString(url)
        .setMaxPoolSize(poolSize)
        .setMaxPoolWaiting(Math.max(4096, poolSize * 512))
        .setNetClientOptions(new NetClientOptions().setConnectTimeout(connectTimeoutMillis).setTcpNoDelay(true));
  }

  @Override
  public String toString() {
    return "RedisRateLimitConfig[url=" + redacted(url) + ", poolSize=" + poolSize + ", commandTimeout="
        + commandTimeout + ", onUnavailable=" + onUnavailable + ", retryInterval=" + retryInterval + ", keyPrefix="
        + keyPrefix + "]";
  }

  private static String redacted(String url) {
    return url.replaceFirst("//[^@/]*@", "//***@");
  }
}
