package org.csgateway.app.sandbox;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link Sandbox} runs: where it listens, which clock ages its tokens, how long tokens live, how many event
 * loops serve it and how many recent requests it remembers for tests. Immutable; validated on creation.
 *
 * @param host the interface to bind, for example "127.0.0.1"
 * @param port the port to bind; 0 picks a free one (read it from {@link Sandbox#port()})
 * @param clock the clock that dates tokens and decides when they expire; tests pass a fake one
 * @param tokenLifetime the lifetime of issued access tokens (Doorkeeper's default is 7200 s, api.md §3.2)
 * @param instances how many event loops serve requests (one HTTP server per event loop, sharing the port)
 * @param recordedRequests how many recent requests {@link Sandbox#recentRequests()} keeps; 0 keeps none
 */
public record SandboxOptions(
    String host,
    int port,
    InstantSource clock,
    Duration tokenLifetime,
    int instances,
    int recordedRequests) {

  /** Doorkeeper's default access token lifetime, not overridden by ComputeStacks (api.md §3.2). */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(7200);

  public SandboxOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(tokenLifetime, "tokenLifetime");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
      throw new IllegalArgumentException("tokenLifetime must be positive, was " + tokenLifetime);
    }
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be positive, was " + instances);
    }
    if (recordedRequests < 0) {
      throw new IllegalArgumentException("recordedRequests must not be negative, was " + recordedRequests);
    }
  }

  /** Loopback, any free port, the system clock, 7200 s tokens, one event loop, the last 64 requests remembered. */
  public static SandboxOptions defaults() {
    return new SandboxOptions("127.0.0.1", 0, InstantSource.system(), DEFAULT_TOKEN_LIFETIME, 1, 64);
  }

  public SandboxOptions withHost(String host) {
    return new SandboxOptions(host, port, clock, tokenLifetime, instances, recordedRequests);
  }

  public SandboxOptions withPort(int port) {
    return new SandboxOptions(host, port, clock, tokenLifetime, instances, recordedRequests);
  }

  public SandboxOptions withClock(InstantSource clock) {
    return new SandboxOptions(host, port, clock, tokenLifetime, instances, recordedRequests);
  }

  public SandboxOptions withTokenLifetime(Duration tokenLifetime) {
    return new SandboxOptions(host, port, clock, tokenLifetime, instances, recordedRequests);
  }

  public SandboxOptions withInstances(int instances) {
    return new SandboxOptions(host, port, clock, tokenLifetime, instances, recordedRequests);
  }

  public SandboxOptions withRecordedRequests(int recordedRequests) {
    return new SandboxOptions(host, port, clock, tokenLifetime, instances, recordedRequests);
  }
}
