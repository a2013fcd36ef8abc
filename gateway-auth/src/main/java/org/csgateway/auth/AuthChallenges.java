package org.csgateway.auth;

import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import org.csgateway.core.error.GatewayException;

/**
 * The refusals of the auth stages, in one place: their status, code, client-facing message and
 * {@code WWW-Authenticate} challenge (RFC 6750, realm "ComputeStacks" as the upstream's Doorkeeper sends it).
 */
final class AuthChallenges {
  static final String MISSING = "MISSING_CREDENTIALS";
  static final String INVALID_TOKEN = "INVALID_TOKEN";
  static final String INVALID_BASIC = "INVALID_CREDENTIALS";
  static final String INVALID_REQUEST = "INVALID_AUTH_REQUEST";
  static final String INSUFFICIENT_SCOPE = "INSUFFICIENT_SCOPE";
  private static final String REALM = "Bearer realm=\"ComputeStacks\"";

  private final int invalidTokenStatus;

  /** @param invalidTokenStatus 401 (RFC 6750, the upstream) or 403 (the public docs) for missing or bad tokens */
  AuthChallenges(int invalidTokenStatus) {
    this.invalidTokenStatus = invalidTokenStatus;
  }

  GatewayException missing() {
    return new GatewayException(invalidTokenStatus, MISSING,
        "An access token or API credentials are required", challenge("The access token is missing"), null);
  }

  /** @param description a fixed, token-free description, e.g. "The access token expired" */
  GatewayException invalidToken(String description) {
    return new GatewayException(invalidTokenStatus, INVALID_TOKEN, description, challenge(description), null);
  }

  /** Wrong API credentials: what the upstream's {@code auth_request!} answers, without a challenge. */
  GatewayException invalidBasic() {
    return new GatewayException(401, INVALID_BASIC, "Not Authorized");
  }

  GatewayException ambiguous(String message) {
    return new GatewayException(400, INVALID_REQUEST, message,
        Map.of("WWW-Authenticate", REALM + ", error=\"invalid_request\""), null);
  }

  /** @param all whether every scope is needed, or any one of them */
  GatewayException insufficientScope(Collection<String> scopes, boolean all) {
    TreeSet<String> sorted = new TreeSet<>(scopes);
    String list = String.join(", ", sorted);
    String message = sorted.size() == 1 ? "This request needs the scope " + list
        : (all ? "This request needs all of the scopes " : "This request needs one of the scopes ") + list;
    String header = REALM + ", error=\"insufficient_scope\", scope=\"" + String.join(" ", sorted) + "\"";
    return new GatewayException(403, INSUFFICIENT_SCOPE, message, Map.of("WWW-Authenticate", header), null);
  }

  private static Map<String, String> challenge(String description) {
    return Map.of("WWW-Authenticate",
        REALM + ", error=\"invalid_token\", error_description=\"" + description + "\"");
  }
}
