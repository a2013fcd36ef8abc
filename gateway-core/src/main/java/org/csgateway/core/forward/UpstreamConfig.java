package org.csgateway.core.forward;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The upstream the gateway forwards to and how it talks to it: HTTP/1.1 over a keep-alive pool.
 *
 * @param url the upstream's base URL, {@code http(s)://host[:port][/base-path]}; a base path is prefixed to every
 *     forwarded path
 * @param poolSize the most connections kept open to the upstream (per client, so per event loop)
 * @param connectTimeout how long getting a connection may take (TCP connect, or waiting for a pooled one): 504
 *     after it
 * @param responseTimeout how long the upstream may stay silent once the request is sent, until the response head:
 *     504 after it
 * @param bodyIdleTimeout how long the upstream may stay silent between chunks of its response body while the
 *     gateway is ready for more: the upstream request is reset and the client's answer cut after it
 * @param preserveHost send the client's {@code Host} upstream instead of the upstream's own
 * @param retry when a failed request is sent again
 * @param tls how an https upstream's certificate is checked
 */
public record UpstreamConfig(
    URI url,
    int poolSize,
    Duration connectTimeout,
    Duration responseTimeout,
    Duration bodyIdleTimeout,
    boolean preserveHost,
    RetryConfig retry,
    UpstreamTls tls) {

  /**
   * Pooled connections idle longer than this are closed by the gateway, below the 20 s persistent timeout of Puma
   * (the Rails server): a connection the upstream closes while the gateway reuses it fails a request that cannot be
   * retried safely unless it is idempotent.
   */
  static final int KEEP_ALIVE_SECONDS = 15;

  public UpstreamConfig {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException("url must be an absolute http or https URL with a host, was '" + url + "'");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("url must not have a query, fragment or user info, was '" + url + "'");
    }
    if (poolSize <= 0) {
      throw new IllegalArgumentException("poolSize must be positive, was " + poolSize);
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("responseTimeout", responseTimeout);
    requirePositive("bodyIdleTimeout", bodyIdleTimeout);
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(tls, "tls");
  }

  /**
   * An upstream whose https certificate is checked against the JVM's trust store, host name included, and whose
   * response body may pause as long as its head may take.
   */
  public UpstreamConfig(URI url, int poolSize, Duration connectTimeout, Duration responseTimeout,
      boolean preserveHost, RetryConfig retry) {
    this(url, poolSize, connectTimeout, responseTimeout, responseTimeout, preserveHost, retry,
        UpstreamTls.defaults());
  }

  /** The same upstream settings at another URL (the sandbox's, once its port is known). */
  public UpstreamConfig withUrl(URI otherUrl) {
    return new UpstreamConfig(otherUrl, poolSize, connectTimeout, responseTimeout, bodyIdleTimeout, preserveHost,
        retry, tls);
  }

  /** This upstream with the documented defaults: pool 64, connect 2 s, response and body idle 30 s, retry defaults. */
  public static UpstreamConfig of(URI url) {
    return new UpstreamConfig(url, 64, Duration.ofSeconds(2), Duration.ofSeconds(30), false, RetryConfig.defaults());
  }

  public boolean ssl() {
    return url.getScheme().equalsIgnoreCase("https");
  }

  public String host() {
    return url.getHost();
  }

  public int port() {
    return url.getPort() > 0 ? url.getPort() : ssl() ? 443 : 80;
  }

  /** The Host header the upstream expects: {@code host} or {@code host:port} as written in the URL. */
  public String authority() {
    return url.getRawAuthority();
  }

  /** The path prefixed to every forwarded path, "" for none. */
  public String basePath() {
    String path = url.getRawPath();
    if (path == null || path.equals("/")) {
      return "";
    }
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /**
   * Client options for a keep-alive HTTP/1.1 client to this upstream (over TLS, checked as {@link #tls} says, when
   * the URL is https), whatever protocol the client spoke to the gateway.
   */
  public HttpClientOptions httpClientOptions() {
    return tls.applyTo(new HttpClientOptions(), ssl())
        .setProtocolVersion(HttpVersion.HTTP_1_1)
        .setKeepAlive(true)
        .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
        .setDefaultHost(host())
        .setDefaultPort(port())
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .setMaxHeaderSize(32 * 1024)
        .setDecompressionSupported(false);
  }

  /** Pool options: at most {@code poolSize} HTTP/1.1 connections. */
  public PoolOptions poolOptions() {
    return new PoolOptions().setHttp1MaxSize(poolSize);
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
