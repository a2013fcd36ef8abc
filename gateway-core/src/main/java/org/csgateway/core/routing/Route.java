package org.csgateway.core.routing;

import io.vertx.core.http.HttpMethod;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One row of the route table: a method and a path template such as {@code /api/projects/{project_id}/volumes},
 * with what it requires of the caller and whether it answers a collection. Immutable and validated on creation.
 *
 * @param method the HTTP method
 * @param template the path template; segments are literals or {@code {name}} parameters; no format suffix
 * @param auth what the route asks of the caller
 * @param scopes the scopes the route needs (empty when none)
 * @param scopeMatch how the scopes combine
 * @param collection whether a GET on it answers a collection (the index action)
 * @param paginated whether the collection is paginated (sends Link, Per-Page and Total)
 */
public record Route(
    HttpMethod method,
    String template,
    AuthMode auth,
    Set<String> scopes,
    ScopeMatch scopeMatch,
    boolean collection,
    boolean paginated) {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9_.~-]*|\\{[A-Za-z_][A-Za-z0-9_]*}");

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(scopeMatch, "scopeMatch");
    scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
    if (!template.startsWith("/") || template.length() < 2 || template.endsWith("/")) {
      throw new IllegalArgumentException("path must start with '/' and not end with '/', was '" + template + "'");
    }
    for (String segment : template.substring(1).split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException("path segment '" + segment + "' of '" + template
            + "' is neither a literal nor a {parameter}");
      }
    }
    if (scopeMatch == ScopeMatch.NONE && !scopes.isEmpty()) {
      throw new IllegalArgumentException("scopeMatch none cannot be combined with scopes " + scopes);
    }
    if (scopeMatch != ScopeMatch.NONE && scopes.isEmpty()) {
      throw new IllegalArgumentException("scopeMatch " + scopeMatch.name().toLowerCase() + " needs at least one scope");
    }
    if (paginated && !collection) {
      throw new IllegalArgumentException("a paginated route must be a collection");
    }
    if (collection && method != HttpMethod.GET) {
      throw new IllegalArgumentException("only GET routes can be collections, was " + method);
    }
  }

  /** The route id used in logs and metric labels: the template. Bounded by the table, never a raw path. */
  public String id() {
    return template;
  }

  /**
   * The resource family a write affects, for cache eviction: the first segment after {@code /api} (or after
   * {@code /api/admin}), for example "projects" for {@code /api/projects/{project_id}/volumes}.
   */
  public String family() {
    // Index arithmetic rather than split("/"): the cache asks on every request it answers.
    int start = skip(template, 1, "api");
    start = skip(template, start, "admin");
    int end = template.indexOf('/', start);
    return template.substring(start, end < 0 ? template.length() : end);
  }

  /** Past the segment starting at {@code from} when it is {@code literal} and another segment follows it. */
  private static int skip(String template, int from, String literal) {
    int end = from + literal.length();
    boolean followed = end < template.length() && template.charAt(end) == '/';
    return followed && template.startsWith(literal, from) ? end + 1 : from;
  }
}
