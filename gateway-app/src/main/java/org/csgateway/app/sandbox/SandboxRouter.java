package org.csgateway.app.sandbox;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Builds the sandbox's Vert.x Web router, in the upstream's filter order (api.md §2): the ingress (count, record,
 * faults), then for {@code /api}: Doorkeeper's endpoints, routed-but-undefined actions (404 before any filter),
 * the version check (422 before authentication, also for unknown paths), OPTIONS (200), the actions behind their
 * authentication and scope filters, and finally the catch-all "Unknown API Call".
 */
final class SandboxRouter {
  private static final System.Logger LOG = System.getLogger(SandboxRouter.class.getName());
  private static final String PAGE_NOT_FOUND = "page not found.";
  private static final String SEGMENT = "[^/.]+";
  private static final String SUFFIX = "(?:\\.(?<format>json|xml))?/?";

  private final SandboxState state;
  private final ApiGuard guard;
  private final OAuthEndpoints oauth;
  private final ControlApi control;
  private final ApiEndpoints endpoints;

  SandboxRouter(SandboxState state) {
    this.state = state;
    this.guard = new ApiGuard(state.accounts(), state.tokens());
    this.oauth = new OAuthEndpoints(state.accounts(), state.tokens(), state.stats());
    this.control = new ControlApi(state);
    this.endpoints = new ApiEndpoints(state.data(), state.accounts());
  }

  Router create(Vertx vertx) {
    Router router = Router.router(vertx);
    control.mountControl(router);
    router.route().handler(new Ingress(state));
    control.mountHelpers(router);
    // Bodies only where they carry parameters; GETs (the hot path) skip the buffering.
    router.route("/api/*").method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH)
        .method(HttpMethod.DELETE).handler(BodyHandler.create(false).setBodyLimit(1024 * 1024));
    doorkeeper(router, HttpMethod.POST, "/api/oauth/token", oauth::token);
    doorkeeper(router, HttpMethod.GET, "/api/oauth/token/info", oauth::tokenInfo);
    doorkeeper(router, HttpMethod.POST, "/api/oauth/introspect", oauth::introspect);
    doorkeeper(router, HttpMethod.POST, "/api/oauth/revoke", oauth::revoke);
    undefinedActions(router);
    router.route("/api/*").handler(this::versionAndOptions);
    for (Endpoint endpoint : endpoints.all()) {
      mount(router, endpoint);
    }
    LongAdder unknown = state.stats().routeCounter(SandboxStats.UNKNOWN_ROUTE);
    router.route("/api/*").handler(ctx -> {
      unknown.increment();
      unknownRoute(ctx);
    });
    router.route().handler(ctx -> Replies.errors(ctx, 404, PAGE_NOT_FOUND));
    router.route().failureHandler(SandboxRouter::failed);
    return router;
  }

  /**
   * A handler failed or a limit was hit (BodyHandler's 413): answered like the upstream's {@code api_fatal_error},
   * {@code {"errors":[...]}}, and logged once here.
   */
  private static void failed(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (status >= 500) {
      LOG.log(System.Logger.Level.WARNING, "sandbox request " + ctx.request().method() + " " + ctx.request().path()
          + " failed", ctx.failure());
    } else {
      LOG.log(System.Logger.Level.DEBUG, "sandbox request " + ctx.request().method() + " " + ctx.request().path()
          + " refused with " + status);
    }
    Replies.errors(ctx, status, status >= 500 ? "The sandbox failed to handle the request" : "Request refused");
  }

  /**
   * The version check (CS api_version.rb via VersionCake's prepend_before_action): unsupported → 422 with
   * {@code API-Version-Supported: false}; deprecated → remembered for {@code API-Deprecated}. Then OPTIONS → 200
   * with an empty body (api_auth.rb answers it through unknown_route before checking credentials).
   */
  private void versionAndOptions(RoutingContext ctx) {
    ApiVersions.Check check = ApiVersions.check(accept(ctx.request()));
    if (check.verdict() == ApiVersions.Verdict.UNSUPPORTED) {
      ctx.response().putHeader("API-Version-Supported", "false");
      Replies.errors(ctx, 422, check.rejection());
      return;
    }
    if (check.verdict() == ApiVersions.Verdict.DEPRECATED) {
      ctx.put(ApiGuard.DEPRECATED_KEY, Boolean.TRUE);
    }
    if (ctx.request().method() == HttpMethod.OPTIONS) {
      Replies.head(ctx, 200);
      return;
    }
    ctx.next();
  }

  /** application#unknown_route after auth_request!: bad Basic credentials still get 401 first. */
  private void unknownRoute(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.contains("Basic") && state.accounts().basicUser(authorization) == null) {
      Replies.errors(ctx, 401, "Not Authorized");
      return;
    }
    Replies.errors(ctx, 404, "Unknown API Call. Please check the documentation.");
  }

  private void mount(Router router, Endpoint endpoint) {
    Route route = router.routeWithRegex(endpoint.method(), regex(endpoint.template()));
    if (endpoint.method() == HttpMethod.GET) {
      route.method(HttpMethod.HEAD);
    }
    List<String> names = paramNames(endpoint.template());
    LongAdder counter = state.stats().routeCounter(endpoint.key());
    route.handler(ctx -> {
      counter.increment();
      Map<String, String> params = names.isEmpty() ? Map.of() : new HashMap<>(names.size() * 2);
      for (int i = 0; i < names.size(); i++) {
        params.put(names.get(i), ctx.pathParam("p" + i));
      }
      try {
        ApiCall call = guard.admit(ctx, endpoint, params);
        if (call == null) {
          return;
        }
        if ("xml".equals(ctx.pathParam("format"))) {
          Replies.errors(ctx, 406, "The sandbox renders JSON only; the .xml format is not supported.");
          return;
        }
        endpoint.action().handle(call);
      } catch (RailsParams.BadQueryException e) {
        Replies.errors(ctx, 422, "Bad Request. Please check the documentation.");
      }
    });
  }

  /**
   * A Doorkeeper endpoint. Doorkeeper's controllers get VersionCake's check but do not rescue it, so an unsupported
   * version ends in the exceptions app's 404 (api.md §4, [unverified] there).
   */
  private void doorkeeper(Router router, HttpMethod method, String path, Handler<RoutingContext> handler) {
    LongAdder counter = state.stats().routeCounter(method.name() + " " + path);
    router.routeWithRegex(method, regex(path)).handler(ctx -> {
      counter.increment();
      if (ApiVersions.check(accept(ctx.request())).verdict() == ApiVersions.Verdict.UNSUPPORTED) {
        Replies.errors(ctx, 404, PAGE_NOT_FOUND);
        return;
      }
      try {
        handler.handle(ctx);
      } catch (RailsParams.BadQueryException e) {
        Replies.errors(ctx, 422, "Bad Request. Please check the documentation.");
      }
    });
  }

  /**
   * Rails {@code resources} routes all seven actions; those the controller lacks raise ActionNotFound before any
   * filter runs, answered by the exceptions app as 404 {@code {"errors":["page not found."]}} (api.md §2).
   */
  private void undefinedActions(Router router) {
    undefined(router, "/api/projects", "create", "new", "edit");
    undefined(router, "/api/container_images", "new", "edit");
    undefined(router, "/api/zones", "create", "update", "destroy", "new", "edit");
    undefined(router, "/api/orders", "update", "destroy", "new", "edit");
    undefined(router, "/api/volumes", "create", "destroy", "new", "edit");
    undefined(router, "/api/domains", "new", "edit");
    undefined(router, "/api/container_registry", "new", "edit");
  }

  private void undefined(Router router, String base, String... actions) {
    for (String action : actions) {
      List<HttpMethod> methods = switch (action) {
        case "create" -> List.of(HttpMethod.POST);
        case "update" -> List.of(HttpMethod.PATCH, HttpMethod.PUT);
        case "destroy" -> List.of(HttpMethod.DELETE);
        default -> List.of(HttpMethod.GET);
      };
      String template = switch (action) {
        case "create" -> base;
        case "new" -> base + "/new";
        case "edit" -> base + "/{id}/edit";
        default -> base + "/{id}";
      };
      for (HttpMethod method : methods) {
        LongAdder counter = state.stats().routeCounter(method.name() + " " + template);
        router.routeWithRegex(method, regex(template)).handler(ctx -> {
          counter.increment();
          Replies.errors(ctx, 404, PAGE_NOT_FOUND);
        });
      }
    }
  }

  /** Rails' {@code path(.:format)}: parameters never contain '/' or '.'; one trailing slash is ignored. */
  static String regex(String template) {
    StringBuilder regex = new StringBuilder();
    int param = 0;
    for (String segment : template.substring(1).split("/")) {
      regex.append('/');
      if (segment.startsWith("{")) {
        regex.append("(?<p").append(param++).append('>').append(SEGMENT).append(')');
      } else {
        regex.append(Pattern.quote(segment));
      }
    }
    return regex.append(SUFFIX).toString();
  }

  private static List<String> paramNames(String template) {
    List<String> names = new ArrayList<>();
    for (String segment : template.substring(1).split("/")) {
      if (segment.startsWith("{")) {
        names.add(segment.substring(1, segment.length() - 1));
      }
    }
    return names;
  }

  /** Every Accept header line joined with ", ", as the server hands them to Rack. */
  static String accept(HttpServerRequest request) {
    List<String> values = request.headers().getAll(HttpHeaders.ACCEPT);
    return values.isEmpty() ? null : values.size() == 1 ? values.get(0) : String.join(", ", values);
  }
}
