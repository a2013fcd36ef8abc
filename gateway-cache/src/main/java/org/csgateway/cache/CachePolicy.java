package org.csgateway.cache;

import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.csgateway.core.routing.Route;

/**
 * Which routes are cached, for how long, and which requests and responses may use the cache.
 *
 * <p>Only GET collection routes are ever cached. A route's TTL comes from {@code routes} (by route id, the template),
 * else from {@code families}, else {@code defaultTtl}; a zero TTL disables caching, so a route can opt out of an
 * enabled family. The upstream marks every answer {@code private, max-age=0, must-revalidate}; the configured TTL
 * governs instead. That is sound only because every entry belongs to exactly one principal and scope set (see
 * {@link CacheKey}): {@code private} forbids shared caches, and this cache is not shared between callers. The
 * directive is replayed to the client on hits so that caches beyond the gateway stay private too.
 *
 * <p>Requests: {@code Cache-Control: no-store} bypasses the cache (neither served nor stored);
 * {@code no-cache}, {@code max-age=0} or {@code Pragma: no-cache} force revalidation: the upstream is asked (with
 * {@code If-None-Match} when the entry has an ETag) and the entry is refreshed or replaced. Responses are stored
 * only when the status is 200, there is no {@code Set-Cookie}, {@code Cache-Control} has neither {@code no-store}
 * nor {@code no-cache}, and {@code Vary} names nothing but the request headers the key already covers.
 *
 * <p>YAML, under {@code cache:}: {@code defaultTtl} (default 0s: only listed routes and families are cached),
 * {@code families} (family name to TTL, e.g. {@code projects: 30s}), {@code routes} (route template to TTL, e.g.
 * {@code "/api/projects/{project_id}/events": 0s}), {@code alsoEvicts} (family to the other families a write to it
 * evicts too, e.g. {@code container_services: [projects]}).
 *
 * @param defaultTtl the TTL of collection routes not named in families or routes; zero disables them
 * @param families family name to TTL
 * @param routes route id (template) to TTL, which wins over the family's
 * @param alsoEvicts family to further families whose entries a successful write to it evicts
 */
public record CachePolicy(
    Duration defaultTtl, Map<String, Duration> families, Map<String, Duration> routes,
    Map<String, Set<String>> alsoEvicts) {

  /** The request headers the key covers (through the version key and the principal), so Vary on them is fine. */
  private static final Set<String> KEYED_VARY = Set.of("accept", "accept-encoding", "authorization");
  private static final String CACHE_CONTROL = "Cache-Control";

  public CachePolicy {
    Objects.requireNonNull(defaultTtl, "defaultTtl");
    families = Map.copyOf(Objects.requireNonNull(families, "families"));
    routes = Map.copyOf(Objects.requireNonNull(routes, "routes"));
    alsoEvicts = copyOfSets(Objects.requireNonNull(alsoEvicts, "alsoEvicts"));
    requireNotNegative("defaultTtl", defaultTtl);
    families.forEach((family, ttl) -> requireNotNegative("families." + family, ttl));
    routes.forEach((route, ttl) -> requireNotNegative("routes." + route, ttl));
  }

  private static Map<String, Set<String>> copyOfSets(Map<String, Set<String>> map) {
    Map<String, Set<String>> copy = new HashMap<>();
    map.forEach((family, others) -> copy.put(family, Set.copyOf(others)));
    return Map.copyOf(copy);
  }

  /** Caching for the given families only, each with its TTL. */
  public static CachePolicy forFamilies(Map<String, Duration> families) {
    return new CachePolicy(Duration.ZERO, families, Map.of(), Map.of());
  }

  /** The TTL of a route's entries; zero when the route is not cached. */
  public Duration ttl(Route route) {
    if (!route.collection()) {
      return Duration.ZERO;
    }
    Duration byRoute = routes.get(route.id());
    if (byRoute != null) {
      return byRoute;
    }
    return families.getOrDefault(route.family(), defaultTtl);
  }

  /** The longest TTL any route can have: how long an entry lives at most, before any stale retention. */
  public Duration longestTtl() {
    return Stream.concat(families.values().stream(), routes.values().stream())
        .reduce(defaultTtl, (a, b) -> a.compareTo(b) >= 0 ? a : b);
  }

  /** The families whose entries a successful write to this route evicts: its own, and any configured beyond. */
  public Set<String> familiesEvictedBy(Route route) {
    Set<String> others = alsoEvicts.get(route.family());
    if (others == null || others.isEmpty()) {
      return Set.of(route.family());
    }
    Set<String> all = new LinkedHashSet<>(others);
    all.add(route.family());
    return all;
  }

  /** Whether the request forbids the cache entirely ({@code Cache-Control: no-store}). */
  public boolean requestForbidsCache(MultiMap requestHeaders) {
    // contains() first: most requests carry no Cache-Control, and getAll makes a list either way.
    return requestHeaders.contains(CACHE_CONTROL) && hasDirective(requestHeaders.getAll(CACHE_CONTROL), "no-store");
  }

  /** Whether the request asks the cache to check with the upstream before answering. */
  public boolean requestAsksRevalidation(MultiMap requestHeaders) {
    if (!requestHeaders.contains(CACHE_CONTROL)) {
      String pragma = requestHeaders.get("Pragma");
      return pragma != null && pragma.toLowerCase(Locale.ROOT).contains("no-cache");
    }
    List<String> cacheControl = requestHeaders.getAll(CACHE_CONTROL);
    return hasDirective(cacheControl, "no-cache") || hasDirective(cacheControl, "max-age=0");
  }

  /** Whether an upstream answer with this status and these headers may be stored. */
  public boolean isStorable(int status, MultiMap headers) {
    if (status != 200 || headers.contains("Set-Cookie")) {
      return false;
    }
    List<String> cacheControl = headers.getAll(CACHE_CONTROL);
    if (hasDirective(cacheControl, "no-store") || hasDirective(cacheControl, "no-cache")) {
      return false;
    }
    if (!headers.contains("Vary")) {
      return true;
    }
    for (String vary : headers.getAll("Vary")) {
      for (String name : vary.split(",")) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!n.isEmpty() && !KEYED_VARY.contains(n)) {
          return false; // includes "*"
        }
      }
    }
    return true;
  }

  /**
   * Whether one of the comma-separated directives, compared without case, spaces or quotes, is the given one
   * (lower case): {@code "Max-Age = \"0\""} is {@code max-age=0}. Read in place, without splitting: every cached
   * route asks two or three times per request.
   */
  static boolean hasDirective(List<String> headerValues, String directive) {
    for (String value : headerValues) {
      int start = 0;
      while (start <= value.length()) {
        int end = value.indexOf(',', start);
        if (end < 0) {
          end = value.length();
        }
        if (isDirective(value, start, end, directive)) {
          return true;
        }
        start = end + 1;
      }
    }
    return false;
  }

  private static boolean isDirective(String value, int start, int end, String directive) {
    int matched = 0;
    for (int i = start; i < end; i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '"') {
        continue;
      }
      if (matched == directive.length() || Character.toLowerCase(c) != directive.charAt(matched)) {
        return false;
      }
      matched++;
    }
    return matched == directive.length();
  }

  private static void requireNotNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
  }
}
