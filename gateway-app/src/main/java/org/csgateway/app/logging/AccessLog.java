package org.csgateway.app.logging;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.Objects;
import org.csgateway.core.observe.RequestObserver;
import org.csgateway.core.observe.RequestRecord;

/**
 * One JSON line per request, at INFO, to the logger {@value #LOGGER}. Fields: {@code time} (ISO-8601, when the
 * request ended), {@code requestId}, {@code route}, {@code method}, {@code path} (never the query, which may carry
 * {@code access_token}; at most {@value #MAX_PATH} characters), {@code status}, {@code outcome} (completed, refused,
 * timed_out, client_closed, reset), {@code durationMs}, {@code gatewayMs}, {@code upstreamMs} (null when the request
 * never went upstream), {@code bytesIn}, {@code bytesOut}, {@code cache}, {@code rateLimit}, {@code authKind},
 * {@code authResult}, {@code apiVersion}, {@code principal} (a hash of the principal id, never a credential) and
 * {@code client}. Nothing is built while the logger is off.
 */
public final class AccessLog implements RequestObserver {
  /** The logger's name. */
  public static final String LOGGER = "csgateway.access";
  static final int MAX_PATH = 512;

  private final Logger log = System.getLogger(LOGGER);
  private final InstantSource clock;
  private final PrincipalHashes principals = new PrincipalHashes();

  /** @param clock the time stamped on each line */
  public AccessLog(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void onRequestEnd(RequestRecord record) {
    if (log.isLoggable(Level.INFO)) {
      log.log(Level.INFO, line(record));
    }
  }

  /** The JSON line of one request. */
  public String line(RequestRecord record) {
    String path = record.path();
    return new JsonLine(512)
        .string("time", clock.instant().toString())
        .string("requestId", record.requestId())
        .string("route", record.routeId())
        .string("method", record.method())
        .string("path", path.length() > MAX_PATH ? path.substring(0, MAX_PATH) : path)
        .number("status", record.status())
        .string("outcome", outcome(record.outcome()))
        .millis("durationMs", record.totalNanos())
        .millis("gatewayMs", record.gatewayNanos())
        .millis("upstreamMs", record.upstreamNanos())
        .number("bytesIn", record.bytesIn())
        .number("bytesOut", record.bytesOut())
        .string("cache", record.cacheResult())
        .string("rateLimit", record.rateLimitResult())
        .string("authKind", record.authKind())
        .string("authResult", record.authResult())
        .string("apiVersion", record.apiVersion())
        .string("principal", principals.of(record.principalId()))
        .string("client", record.clientAddress())
        .end();
  }

  private static String outcome(RequestRecord.Outcome outcome) {
    return switch (outcome) {
      case COMPLETED -> "completed";
      case REFUSED -> "refused";
      case TIMED_OUT -> "timed_out";
      case CLIENT_CLOSED -> "client_closed";
      case RESET -> "reset";
    };
  }
}
