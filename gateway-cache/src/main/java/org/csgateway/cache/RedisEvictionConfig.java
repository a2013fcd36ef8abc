package org.csgateway.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the gateway instances announce evictions to each other. Without it the cache is purely local.
 *
 * <p>YAML, under {@code cache.redis:} (defaults in brackets): {@code url} (required, e.g.
 * {@code redis://redis.internal:6379/0}; may carry a password, which {@link #toString()} hides), {@code channel}
 * [{@value #DEFAULT_CHANNEL}], {@code reconnectDelay} [1s].
 *
 * @param url a Redis connection string: redis://, rediss:// or unix://
 * @param channel the pub/sub channel; instances that share it share evictions
 * @param reconnectDelay how long to wait before subscribing again after the subscription connection was lost
 */
public record RedisEvictionConfig(String url, String channel, Duration reconnectDelay) {
  public static final String DEFAULT_CHANNEL = "csgateway:cache:evictions";
  public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(1);

  public RedisEvictionConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(reconnectDelay, "reconnectDelay");
    if (!(url.startsWith("redis://") || url.startsWith("rediss://") || url.startsWith("unix://"))) {
      throw new IllegalArgumentException("url must start with redis://, rediss:// or unix://, was " + redacted(url));
    }
    if (channel.isBlank()) {
      throw new IllegalArgumentException("channel must not be blank");
    }
    if (reconnectDelay.isNegative() || reconnectDelay.isZero()) {
      throw new IllegalArgumentException("reconnectDelay must be positive, was " + reconnectDelay);
    }
  }

  /** The defaults above with this URL. */
  public static RedisEvictionConfig of(String url) {
    return new RedisEvictionConfig(url, DEFAULT_CHANNEL, DEFAULT_RECONNECT_DELAY);
  }

  @Override
  public String toString() {
    return "RedisEvictionConfig[url=" + redacted(url) + ", channel=" + channel + ", reconnectDelay="
        + reconnectDelay + "]";
  }

  /** The URL without any user information, for logs and messages. */
  static String redacted(String url) {
    int scheme = url.indexOf("://");
    int at = url.indexOf('@');
    return scheme >= 0 && at > scheme ? url.substring(0, scheme + 3) + "***@" + url.substring(at + 1) : url;
  }
}
