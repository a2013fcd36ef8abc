package org.csgateway.core.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.csgateway.core.pipeline.AttributeKey;

/**
 * Who is calling, as established by the authentication stage. It never holds a raw secret: {@code id} is built from
 * stable, non-secret identifiers (or a keyed hash of a Basic credential), so later stages may key caches and
 * limits on it. Two requests with the same id and scope set may see each other's cached answers; nothing else may.
 *
 * @param id a stable identifier, e.g. "user:42/app:abc" or "basic:&lt;hmac&gt;"; no secret in clear
 * @param kind how the caller authenticated
 * @param scopes the granted scopes (for Basic, every scope is implied: see {@link #hasScope})
 * @param ownerId the resource owner (user) id, or null for a token without a user
 * @param clientId the OAuth application's client id, or null for Basic credentials
 * @param expiresAt when the credential stops being valid, or null when unknown
 */
public record Principal(
    String id, CredentialKind kind, Set<String> scopes, String ownerId, String clientId, Instant expiresAt) {

  /** Where the authentication stage leaves the principal on the exchange. */
  public static final AttributeKey<Principal> KEY = AttributeKey.of("principal", Principal.class);

  public Principal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
  }

  /** Whether the caller holds this scope; Basic credentials hold every scope, as the API documents. */
  public boolean hasScope(String scope) {
    return kind == CredentialKind.BASIC || scopes.contains(scope);
  }

  /** The scopes in a stable order, space-separated: equal scope sets give equal strings (for cache keys). */
  public String canonicalScopes() {
    return kind == CredentialKind.BASIC ? "*" : String.join(" ", new TreeSet<>(scopes));
  }
}
