package org.csgateway.app.sandbox;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One injected misbehaviour of the sandbox, optionally limited to the next {@code times} matching requests and to
 * paths starting with {@code pathPrefix}. Immutable; build with the factories and the {@code times}/{@code onPath}
 * withers, for example {@code SandboxFault.status(503).times(2).onPath("/api/projects")}.
 *
 * @param kind what happens
 * @param delay the wait before the response head ({@link Kind#DELAY}) or between body chunks
 *     ({@link Kind#SLOW_BODY}); zero otherwise
 * @param status the status answered by {@link Kind#STATUS}; 0 otherwise
 * @param chunkBytes the size of each dribbled chunk of {@link Kind#SLOW_BODY}; 0 otherwise
 * @param times how many matching requests it still applies to; 0 means every one until cleared
 * @param pathPrefix only requests whose path starts with it are affected; null or empty means every path
 */
public record SandboxFault(Kind kind, Duration delay, int status, int chunkBytes, int times, String pathPrefix) {

  /** What a fault does. */
  public enum Kind {
    /** Wait {@code delay} before answering normally (slow response head). Combines with one other fault. */
    DELAY,
    /** Reset the connection (TCP RST) without answering. */
    RESET_BEFORE_RESPONSE,
    /** Send the response head and about half of the body, then reset the connection. */
    RESET_MID_BODY,
    /** Answer {@code status} (5xx) with {@code {"errors":["..."]}}, as an upstream {@code api_fatal_error}. */
    STATUS,
    /** Answer normally but dribble the body, {@code chunkBytes} every {@code delay}. */
    SLOW_BODY,
    /** Write bytes that are not HTTP, then close the connection. */
    GARBAGE
  }

  public SandboxFault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative, was " + times);
    }
    if (kind == Kind.STATUS && (status < 500 || status > 599)) {
      throw new IllegalArgumentException("status must be a 5xx status, was " + status);
    }
    if (kind != Kind.STATUS && status != 0) {
      throw new IllegalArgumentException("status is only for kind status, was " + status);
    }
    if (kind == Kind.SLOW_BODY && chunkBytes < 1) {
      throw new IllegalArgumentException("chunkBytes must be positive, was " + chunkBytes);
    }
    boolean timed = kind == Kind.DELAY || kind == Kind.SLOW_BODY;
    if (timed && delay.isZero()) {
      throw new IllegalArgumentException("delay must be positive for kind " + kind.name().toLowerCase(Locale.ROOT));
    }
    if (!timed && !delay.isZero()) {
      throw new IllegalArgumentException("delay is only for kinds delay and slow_body, was " + delay);
    }
    if (kind != Kind.SLOW_BODY && chunkBytes != 0) {
      throw new IllegalArgumentException("chunkBytes is only for kind slow_body, was " + chunkBytes);
    }
    if (pathPrefix != null && pathPrefix.isEmpty()) {
      pathPrefix = null;
    }
    if (pathPrefix != null && !pathPrefix.startsWith("/")) {
      throw new IllegalArgumentException("pathPrefix must start with '/', was '" + pathPrefix + "'");
    }
  }

  /** Waits {@code delay} before sending the response head. */
  public static SandboxFault delay(Duration delay) {
    return new SandboxFault(Kind.DELAY, delay, 0, 0, 0, null);
  }

  /** Resets the connection before any response byte. */
  public static SandboxFault resetBeforeResponse() {
    return new SandboxFault(Kind.RESET_BEFORE_RESPONSE, Duration.ZERO, 0, 0, 0, null);
  }

  /** Sends the head and part of the body, then resets the connection. */
  public static SandboxFault resetMidBody() {
    return new SandboxFault(Kind.RESET_MID_BODY, Duration.ZERO, 0, 0, 0, null);
  }

  /** Answers this 5xx status. */
  public static SandboxFault status(int status) {
    return new SandboxFault(Kind.STATUS, Duration.ZERO, status, 0, 0, null);
  }

  /** Dribbles the body: {@code chunkBytes} every {@code interval}. */
  public static SandboxFault slowBody(Duration interval, int chunkBytes) {
    return new SandboxFault(Kind.SLOW_BODY, interval, 0, chunkBytes, 0, null);
  }

  /** Answers bytes that are not HTTP and closes. */
  public static SandboxFault garbage() {
    return new SandboxFault(Kind.GARBAGE, Duration.ZERO, 0, 0, 0, null);
  }

  /** The same fault, limited to the next {@code n} matching requests (0 = unlimited). */
  public SandboxFault times(int n) {
    return new SandboxFault(kind, delay, status, chunkBytes, n, pathPrefix);
  }

  /** The same fault, limited to paths starting with {@code prefix}. */
  public SandboxFault onPath(String prefix) {
    return new SandboxFault(kind, delay, status, chunkBytes, times, prefix);
  }

  /**
   * Reads the control API's JSON form: {@code {"kind":"delay","delayMs":200,"times":3,"pathPrefix":"/api"}};
   * kinds are delay, reset_before_response, reset_mid_body, status (with "status"), slow_body (with "delayMs" and
   * "chunkBytes") and garbage.
   *
   * @throws IllegalArgumentException if the JSON does not describe a valid fault
   */
  public static SandboxFault fromJson(JsonObject json) {
    Object kindValue = json.getValue("kind");
    if (!(kindValue instanceof String kindName)) {
      throw new IllegalArgumentException("kind must be one of delay, reset_before_response, reset_mid_body, status,"
          + " slow_body, garbage");
    }
    Kind kind;
    try {
      kind = Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown fault kind '" + kindName + "'");
    }
    return new SandboxFault(kind, Duration.ofMillis(longField(json, "delayMs")), (int) longField(json, "status"),
        (int) longField(json, "chunkBytes"), (int) longField(json, "times"), stringField(json, "pathPrefix"));
  }

  /** The control API's JSON form of this fault. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("kind", kind.name().toLowerCase(Locale.ROOT));
    if (!delay.isZero()) {
      json.put("delayMs", delay.toMillis());
    }
    if (status != 0) {
      json.put("status", status);
    }
    if (chunkBytes != 0) {
      json.put("chunkBytes", chunkBytes);
    }
    json.put("times", times);
    if (pathPrefix != null) {
      json.put("pathPrefix", pathPrefix);
    }
    return json;
  }

  boolean appliesTo(String path) {
    return pathPrefix == null || path.startsWith(pathPrefix);
  }

  private static long longField(JsonObject json, String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return 0;
    }
    if (value instanceof Number n && n.doubleValue() == n.longValue()) {
      return n.longValue();
    }
    throw new IllegalArgumentException(name + " must be an integer, was " + value);
  }

  private static String stringField(JsonObject json, String name) {
    Object value = json.getValue(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new IllegalArgumentException(name + " must be a string, was " + value);
  }
}
