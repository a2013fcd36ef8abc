package org.csgateway.cache;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;
import org.csgateway.core.identity.CredentialKind;
import org.csgateway.core.identity.Principal;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;

/**
 * A stand-in for the authentication stage: a fixed table from {@code Authorization} values to principals. Alice has
 * two tokens for the same principal id with different scope sets; an unknown or missing header leaves no principal.
 */
final class HeaderAuthentication implements GatewayFilter {
  static final String ALICE = "Bearer alice-read";
  static final String ALICE_MORE_SCOPES = "Bearer alice-read-write";
  static final String BOB = "Bearer bob-read";

  private static final Map<String, Principal> PRINCIPALS = Map.of(
      ALICE, user("alice", Set.of("projects_read")),
      ALICE_MORE_SCOPES, user("alice", Set.of("projects_read", "projects_write")),
      BOB, user("bob", Set.of("projects_read")));

  private static Principal user(String name, Set<String> scopes) {
    return new Principal("user:" + name + "/app:test", CredentialKind.USER_TOKEN, scopes, name, "test", null);
  }

  @Override
  public String id() {
    return "test-authentication";
  }

  @Override
  public Stage stage() {
    return Stage.AUTHENTICATE;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    String authorization = exchange.request().headers().get("Authorization");
    Principal principal = authorization == null ? null : PRINCIPALS.get(authorization);
    if (principal != null) {
      exchange.put(Principal.KEY, principal);
    }
    return chain.proceed(exchange);
  }
}
