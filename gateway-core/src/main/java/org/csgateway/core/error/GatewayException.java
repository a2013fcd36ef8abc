package org.csgateway.core.error;

import java.util.Map;
import java.util.Objects;

/**
 * An expected refusal or failure with the status and the message the client should see. It carries no stack
 * trace: it is control flow, created often (every 401, 429 and 502), and its message is safe to show. Headers it
 * carries ({@code WWW-Authenticate}, {@code Retry-After}) are added to the error response.
 */
public final class GatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient Map<String, String> headers;

  /**
   * @param status the HTTP status, 400 to 599
   * @param code an UPPER_SNAKE code for logs and metrics, for example "UPSTREAM_TIMEOUT"
   * @param message the message the client sees in {@code {"errors":[message]}}; never a secret
   * @param headers response headers to add, for example {@code Retry-After}
   * @param cause the underlying failure, for the log only
   */
  public GatewayException(int status, String code, String message, Map<String, String> headers, Throwable cause) {
    super(message, cause, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be between 400 and 599, was " + status);
    }
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.headers = Map.copyOf(headers);
  }

  public GatewayException(int status, String code, String message) {
    this(status, code, message, Map.of(), null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public static GatewayException badRequest(String code, String message) {
    return new GatewayException(400, code, message);
  }

  public static GatewayException notFound(String message) {
    return new GatewayException(404, "ROUTE_NOT_FOUND", message);
  }

  public static GatewayException forbidden(String code, String message) {
    return new GatewayException(403, code, message);
  }

  public static GatewayException badGateway(String message, Throwable cause) {
    return new GatewayException(502, "UPSTREAM_UNAVAILABLE", message, Map.of(), cause);
  }

  public static GatewayException gatewayTimeout(String message, Throwable cause) {
    return new GatewayException(504, "UPSTREAM_TIMEOUT", message, Map.of(), cause);
  }

  public static GatewayException requestTimeout() {
    return new GatewayException(408, "REQUEST_TIMEOUT", "The request was not received in time");
  }

  public static GatewayException payloadTooLarge(long limit) {
    return new GatewayException(413, "BODY_TOO_LARGE", "The request body is larger than " + limit + " bytes");
  }
}
