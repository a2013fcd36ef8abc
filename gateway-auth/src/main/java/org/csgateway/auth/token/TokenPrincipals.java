package org.csgateway.auth.token;

import java.time.Instant;
import java.util.Set;
import org.csgateway.core.identity.CredentialKind;
import org.csgateway.core.identity.Principal;

/** Builds the principal of a validated token the same way for every strategy. */
final class TokenPrincipals {
  private TokenPrincipals() {}

  /**
   * {@code user:<owner>/app:<client>} and USER_TOKEN when the token has a resource owner, else {@code app:<client>}
   * and CLIENT_TOKEN.
   */
  static Principal of(String ownerId, String clientId, Set<String> scopes, Instant expiresAt) {
    String owner = blankToNull(ownerId);
    String client = blankToNull(clientId);
    String app = "app:" + (client == null ? "unknown" : client);
    if (owner != null) {
      return new Principal("user:" + owner + "/" + app, CredentialKind.USER_TOKEN, scopes, owner, client, expiresAt);
    }
    return new Principal(app, CredentialKind.CLIENT_TOKEN, scopes, null, client, expiresAt);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
