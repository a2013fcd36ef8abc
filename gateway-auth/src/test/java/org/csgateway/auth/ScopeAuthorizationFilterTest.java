package org.csgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.Set;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.identity.CredentialKind;
import org.csgateway.core.identity.Principal;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.routing.AuthMode;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.RouteMatch;
import org.csgateway.core.routing.ScopeMatch;
import org.csgateway.core.testing.TestExchanges;
import org.junit.jupiter.api.Test;

/** Scope decisions on single exchanges; the end-to-end tests cover the answers on the wire. */
class ScopeAuthorizationFilterTest {
  private final ScopeAuthorizationFilter filter = new ScopeAuthorizationFilter(401, AuthFailureListener.NONE);

  private static Exchange exchange(Route route, Principal principal) {
    Exchange exchange = TestExchanges.exchange(route.method(), route.template());
    exchange.route(new RouteMatch(route, Map.of(), null));
    if (principal != null) {
      exchange.put(Principal.KEY, principal);
    }
    return exchange;
  }

  private Future<GatewayResponse> apply(Route route, Principal principal) {
    return filter.apply(exchange(route, principal),
        e -> Future.succeededFuture(GatewayResponse.of(200, Buffer.buffer())));
  }

  private static Route route(AuthMode auth, ScopeMatch match, String... scopes) {
    return new Route(HttpMethod.GET, "/api/things", auth, Set.of(scopes), match, false, false);
  }

  private static Principal token(CredentialKind kind, String... scopes) {
    return new Principal("user:1/app:a", kind, Set.of(scopes), kind == CredentialKind.USER_TOKEN ? "1" : null, "a",
        null);
  }

  @Test
  void should_check_scopes_for_a_token_with_a_user_too() {
    Future<GatewayResponse> result = apply(route(AuthMode.SCOPED, ScopeMatch.ANY, "project_read"),
        token(CredentialKind.USER_TOKEN, "profile_read"));

    assertThat(result.cause()).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.headers().get("WWW-Authenticate"))
          .isEqualTo("Bearer realm=\"ComputeStacks\", error=\"insufficient_scope\", scope=\"project_read\"");
    });
  }

  @Test
  void should_need_every_scope_of_an_all_route_and_one_scope_of_an_any_route() {
    Route all = route(AuthMode.SCOPED, ScopeMatch.ALL, "admin_read", "admin_write");
    Route any = route(AuthMode.SCOPED, ScopeMatch.ANY, "project_read", "project_write");

    assertThat(apply(all, token(CredentialKind.USER_TOKEN, "admin_read", "admin_write", "public")).result().status())
        .isEqualTo(200);
    assertThat(apply(all, token(CredentialKind.USER_TOKEN, "admin_write")).cause())
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThat(apply(any, token(CredentialKind.USER_TOKEN, "project_write")).result().status()).isEqualTo(200);
    assertThat(apply(any, token(CredentialKind.USER_TOKEN, "public")).cause())
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(403));
  }

  @Test
  void should_grant_every_scope_to_basic_credentials() {
    Principal basic = new Principal("basic:x", CredentialKind.BASIC, Set.of(), null, null, null);

    assertThat(apply(route(AuthMode.ADMIN_USER, ScopeMatch.ALL, "admin_read", "admin_write"), basic).result()
        .status()).isEqualTo(200);
  }

  @Test
  void should_pass_routes_without_scopes_and_without_credentials() {
    assertThat(apply(route(AuthMode.USER_ONLY, ScopeMatch.NONE), token(CredentialKind.CLIENT_TOKEN)).result()
        .status()).isEqualTo(200);
    assertThat(apply(route(AuthMode.NONE, ScopeMatch.NONE), null).result().status()).isEqualTo(200);
  }

  @Test
  void should_refuse_a_protected_route_reached_without_a_principal() {
    Future<GatewayResponse> result = apply(route(AuthMode.SCOPED, ScopeMatch.ANY, "public"), null);

    assertThat(result.cause()).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.status()).isEqualTo(401));
  }
}
