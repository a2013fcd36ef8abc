package org.csgateway.core.ratelimit;

import org.csgateway.core.identity.Principal;
import org.csgateway.core.pipeline.Exchange;

/**
 * Whose allowance a request draws on. Every choice falls back to the client address for unauthenticated traffic,
 * so a request always has a key. The identity is prefixed with its kind ("principal:", "client:", "address:") so
 * that values of different kinds never share an allowance; it is hashed by {@link RateLimitKeys} before any store
 * sees it. YAML: {@code key: principal | client_id | client_address}.
 */
public enum RateLimitKey {
  /** The authenticated principal ({@code Principal.id()}), else the client address. */
  PRINCIPAL,
  /** The OAuth application ({@code Principal.clientId()}), else the principal, else the client address. */
  CLIENT_ID,
  /** The client address, resolved through the trusted proxies by the server. */
  CLIENT_ADDRESS;

  /** The unhashed identity of the caller for this kind of key. */
  public String identity(Exchange exchange) {
    Principal principal = this == CLIENT_ADDRESS ? null : exchange.get(Principal.KEY);
    if (principal == null) {
      return "address:" + exchange.clientAddress();
    }
    if (this == CLIENT_ID && principal.clientId() != null) {
      return "client:" + principal.clientId();
    }
    return "principal:" + principal.id();
  }

  /** Parses a YAML value such as "client_id" or "client-id", case-insensitively. */
  public static RateLimitKey parse(String value) {
    String normalized = value.trim().replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    for (RateLimitKey key : values()) {
      if (key.name().equals(normalized)) {
        return key;
      }
    }
    throw new IllegalArgumentException("key must be one of principal, client_id, client_address, was '" + value + "'");
  }
}
