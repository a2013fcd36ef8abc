package org.csgateway.auth;

/** A credential as the client presented it. Its secrets never appear in {@code toString}. */
sealed interface Credential {

  /** Where a bearer token came from. */
  enum Source { HEADER, QUERY }

  /** {@code Authorization: Basic}: ComputeStacks API credentials. */
  record Basic(String username, String password) implements Credential {
    @Override
    public String toString() {
      return "Basic[<redacted>]";
    }
  }

  /** An OAuth2 access token from the header or the query. */
  record Bearer(String token, Source source) implements Credential {
    @Override
    public String toString() {
      return "Bearer[" + source + ", <redacted>]";
    }
  }

  /** Basic credentials that cannot be decoded: the upstream would refuse them, so the gateway does. */
  record MalformedBasic() implements Credential {}

  /** A request whose token the gateway cannot be sure the upstream would read the same way; refused with 400. */
  record Ambiguous(String message) implements Credential {}

  /** No credential at all. */
  record None() implements Credential {}
}
