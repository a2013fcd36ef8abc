package org.csgateway.cache;

import java.util.Objects;

/**
 * A set of entries to remove: one principal's entries of one route family (after a write), all of a principal's,
 * all of a route's, or everything. It names principals by their id, which never contains a secret, so it may be
 * logged and sent to other gateway instances.
 *
 * @param scope which entries
 * @param principalId the principal, for {@link Scope#PRINCIPAL_FAMILY} and {@link Scope#PRINCIPAL}; else null
 * @param family the route family, for {@link Scope#PRINCIPAL_FAMILY}; else null
 * @param routeId the route id (template), for {@link Scope#ROUTE}; else null
 */
public record Eviction(Scope scope, String principalId, String family, String routeId) {

  /** Which entries an eviction removes. */
  public enum Scope { PRINCIPAL_FAMILY, PRINCIPAL, ROUTE, ALL }

  public Eviction {
    Objects.requireNonNull(scope, "scope");
    boolean needsPrincipal = scope == Scope.PRINCIPAL_FAMILY || scope == Scope.PRINCIPAL;
    requireIf(needsPrincipal, "principalId", principalId, scope);
    requireIf(scope == Scope.PRINCIPAL_FAMILY, "family", family, scope);
    requireIf(scope == Scope.ROUTE, "routeId", routeId, scope);
  }

  /** What a successful write by this principal to this family makes stale. */
  public static Eviction write(String principalId, String family) {
    return new Eviction(Scope.PRINCIPAL_FAMILY, principalId, family, null);
  }

  public static Eviction principal(String principalId) {
    return new Eviction(Scope.PRINCIPAL, principalId, null, null);
  }

  public static Eviction route(String routeId) {
    return new Eviction(Scope.ROUTE, null, null, routeId);
  }

  public static Eviction all() {
    return new Eviction(Scope.ALL, null, null, null);
  }

  /** Whether the entry with this key is one of those removed. */
  public boolean matches(CacheKey key) {
    return switch (scope) {
      case PRINCIPAL_FAMILY -> principalId.equals(key.principalId()) && family.equals(key.family());
      case PRINCIPAL -> principalId.equals(key.principalId());
      case ROUTE -> routeId.equals(key.routeId());
      case ALL -> true;
    };
  }

  private static void requireIf(boolean required, String name, String value, Scope scope) {
    if (required && (value == null || value.isBlank())) {
      throw new IllegalArgumentException(name + " is required for scope " + scope);
    }
    if (!required && value != null) {
      throw new IllegalArgumentException(name + " must be null for scope " + scope + ", was " + value);
    }
  }
}
