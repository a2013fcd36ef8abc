package org.csgateway.auth.token;

import java.util.Locale;
import java.util.Objects;
import org.csgateway.core.identity.Principal;

/** What the authorization server said about a token: who it stands for, or why it is refused. */
public sealed interface TokenVerdict {

  /** The token is active; the principal carries its owner, client, scopes and expiry. */
  record Valid(Principal principal) implements TokenVerdict {
    public Valid {
      Objects.requireNonNull(principal, "principal");
    }
  }

  /** The token is unknown, expired or revoked. */
  record Invalid(Reason reason) implements TokenVerdict {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Why a token was refused, with the description Doorkeeper gives for it. */
  enum Reason {
    UNKNOWN("The access token is invalid"),
    EXPIRED("The access token expired"),
    REVOKED("The access token was revoked");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }

    /** Reads a reason from an authorization server's free-text description; unknown text means UNKNOWN. */
    public static Reason fromDescription(String text) {
      if (text == null) {
        return UNKNOWN;
      }
      String lower = text.toLowerCase(Locale.ROOT);
      if (lower.contains("expired")) {
        return EXPIRED;
      }
      return lower.contains("revoked") ? REVOKED : UNKNOWN;
    }
  }
}
