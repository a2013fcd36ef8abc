package org.csgateway.core.server;

import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway accepts from a client before it refuses: a longer URI gets 414, a larger header section 431, a
 * larger body 413 (from {@code Content-Length} up front, or counted as it streams), a request whose body is not
 * received in time 408; a connection idle for longer is closed.
 *
 * @param maxUriLength the longest request target, in characters
 * @param maxHeaderBytes the largest header section, counting each header as {@code name: value} plus its line end
 * @param maxBodyBytes the largest request body
 * @param requestTimeout how long a request may take to arrive whole, from its head to the end of its body
 * @param idleTimeout how long a connection may carry no traffic at all
 */
public record ServerLimits(
    int maxUriLength, int maxHeaderBytes, long maxBodyBytes, Duration requestTimeout, Duration idleTimeout) {

  /** Headroom for the method and version on the request line, above {@code maxUriLength}. */
  static final int REQUEST_LINE_HEADROOM = 256;
  /** Headroom above {@code maxHeaderBytes} for the codec, so that the gateway's own check answers first. */
  static final int HEADER_HEADROOM = 1024;

  public ServerLimits {
    if (maxUriLength <= 0) {
      throw new IllegalArgumentException("maxUriLength must be positive, was " + maxUriLength);
    }
    if (maxHeaderBytes <= 0) {
      throw new IllegalArgumentException("maxHeaderBytes must be positive, was " + maxHeaderBytes);
    }
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
    }
    requirePositive("requestTimeout", requestTimeout);
    requirePositive("idleTimeout", idleTimeout);
  }

  /** 8192 characters of URI, 16 KiB of headers, 10 MiB of body, 30 s per request, 60 s idle. */
  public static ServerLimits defaults() {
    return new ServerLimits(8192, 16 * 1024, 10L * 1024 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  /**
   * Sets the codec limits and the idle timeout of these server options. The codec limits stand a little above
   * this record's, so requests between the two are refused by {@link GatewayRequestHandler} and larger ones by the
   * codec, through {@link InvalidRequestHandler}: either way with an errors body.
   *
   * @return the same options
   */
  public HttpServerOptions applyTo(HttpServerOptions options) {
    return options
        .setMaxInitialLineLength(saturatedAdd(maxUriLength, REQUEST_LINE_HEADROOM))
        .setMaxHeaderSize(saturatedAdd(maxHeaderBytes, HEADER_HEADROOM))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
  }

  private static int saturatedAdd(int a, int b) {
    return (int) Math.min(Integer.MAX_VALUE, (long) a + b);
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
