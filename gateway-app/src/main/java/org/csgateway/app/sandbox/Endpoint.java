package org.csgateway.app.sandbox;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Objects;
import org.csgateway.core.routing.ScopeMatch;

/**
 * One API action the sandbox implements: method, path template (as in routes.yaml, without format suffix), how
 * the upstream guards it, and what it does.
 *
 * @param method the HTTP method (a GET also answers HEAD, as in Rails)
 * @param template the path template, for example {@code /api/projects/{id}}
 * @param guard how the upstream authenticates and authorizes it
 * @param scopes the scopes from routes.yaml (checked only for callers without a user)
 * @param scopeMatch whether any or all of the scopes are needed
 * @param action what it does once the guard passed
 */
record Endpoint(HttpMethod method, String template, Guard guard, List<String> scopes, ScopeMatch scopeMatch,
    Action action) {

  /** How an action is guarded, following api.md §2-§3. */
  enum Guard {
    /** Api::ApplicationController: auth_request! (Basic), then doorkeeper_authorize! unless there is a user. */
    SCOPED,
    /** Api::Admin: auth_request!, then ensure_admin! (401 unless an admin user); scopes never run. */
    ADMIN,
    /** No authentication at all (the system namespace, /api/auth, authcheck). */
    NONE
  }

  /** The action behind an endpoint. */
  @FunctionalInterface
  interface Action {
    void handle(ApiCall call);
  }

  Endpoint {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(scopeMatch, "scopeMatch");
    Objects.requireNonNull(action, "action");
    scopes = List.copyOf(scopes);
  }

  static Endpoint scoped(HttpMethod method, String template, String scope, Action action) {
    return new Endpoint(method, template, Guard.SCOPED, List.of(scope), ScopeMatch.ANY, action);
  }

  static Endpoint scopedAny(HttpMethod method, String template, List<String> scopes, Action action) {
    return new Endpoint(method, template, Guard.SCOPED, scopes, ScopeMatch.ANY, action);
  }

  static Endpoint scopedAll(HttpMethod method, String template, List<String> scopes, Action action) {
    return new Endpoint(method, template, Guard.SCOPED, scopes, ScopeMatch.ALL, action);
  }

  static Endpoint unguarded(HttpMethod method, String template, Action action) {
    return new Endpoint(method, template, Guard.NONE, List.of(), ScopeMatch.NONE, action);
  }

  static Endpoint admin(HttpMethod method, String template, String scope, Action action) {
    return new Endpoint(method, template, Guard.ADMIN, List.of(scope), ScopeMatch.ANY, action);
  }

  /** The stats key, {@code "GET /api/projects"}. */
  String key() {
    return method.name() + " " + template;
  }
}
