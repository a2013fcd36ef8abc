package org.csgateway.auth;

import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.util.Objects;
import org.csgateway.auth.basic.BasicCredentialMemory;
import org.csgateway.auth.token.TokenValidationCache;
import org.csgateway.auth.token.TokenVerdict;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.identity.Principal;
import org.csgateway.core.observe.Observations;
import org.csgateway.core.pipeline.Answers;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;
import org.csgateway.core.routing.Route;

/**
 * Establishes who is calling and puts the {@link Principal} on the exchange. Bearer tokens (header or
 * {@code access_token}/{@code bearer_token} query parameter) are validated through the {@link TokenValidationCache};
 * API credentials (Basic) are forwarded and learnt from the upstream's answer, and answered 401 at the gateway once
 * the upstream has refused them. Routes that need no credential ({@code none}, {@code oauth}) pass untouched, and so
 * does an unmatched request without a credential; an unmatched request with one has it validated. The upstream
 * always receives the caller's own {@code Authorization} header and query unchanged. Refusals go to the
 * {@link AuthFailureListener}, which is also asked to admit the caller before a credential not known to be good is
 * checked. Nothing here logs a token, a password or a raw URI.
 */
public final class AuthenticationFilter implements GatewayFilter {
  private static final System.Logger LOG = System.getLogger(AuthenticationFilter.class.getName());

  private final TokenValidationCache tokens;
  private final BasicAuthenticator basic;
  private final AuthChallenges challenges;
  private final AuthFailureListener listener;

  /**
   * @param tokens validates bearer tokens
   * @param basicMemory what the upstream said about API credentials lately
   * @param invalidTokenStatus 401 or 403 for a missing or invalid token ({@code auth.invalidTokenStatus})
   * @param listener told about every refusal
   */
  public AuthenticationFilter(TokenValidationCache tokens, BasicCredentialMemory basicMemory, int invalidTokenStatus,
      AuthFailureListener listener) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.basic = new BasicAuthenticator(basicMemory);
    this.challenges = new AuthChallenges(invalidTokenStatus);
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public String id() {
    return "authenticate";
  }

  @Override
  public Stage stage() {
    return Stage.AUTHENTICATE;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    Route route = exchange.route() == null ? null : exchange.route().route();
    if (route != null && !route.auth().requiresCredential()) {
      return chain.proceed(exchange);
    }
    Credential credential = CredentialExtractor.extract(exchange.request());
    if (credential instanceof Credential.Bearer bearer) {
      String token = bearer.token();
      String hash = TokenValidationCache.hash(token); // once per request: the cache key, and what failures are reported under
      return tokens.isKnownValidHash(hash) ? bearer(exchange, chain, token, hash)
          : listener.admit(exchange).compose(admitted -> bearer(exchange, chain, token, hash));
    }
    if (credential instanceof Credential.Basic credentials) {
      String key = basic.key(credentials);
      return basic.isKnownValid(key) ? basic(exchange, chain, key)
          : listener.admit(exchange).compose(admitted -> basic(exchange, chain, key));
    }
    if (credential instanceof Credential.MalformedBasic) {
      return listener.admit(exchange).compose(admitted ->
          refuse(exchange, AuthFailure.Kind.INVALID_BASIC, challenges.invalidBasic(), null));
    }
    if (credential instanceof Credential.Ambiguous ambiguous) {
      return refuse(exchange, AuthFailure.Kind.AMBIGUOUS_REQUEST, challenges.ambiguous(ambiguous.message()), null);
    }
    return route == null ? chain.proceed(exchange)
        : refuse(exchange, AuthFailure.Kind.MISSING_CREDENTIALS, challenges.missing(), null);
  }

  private Future<GatewayResponse> bearer(Exchange exchange, FilterChain chain, String token, String hash) {
    return tokens.validate(token, hash).transform(result -> {
      if (result.failed()) {
        if (result.cause() instanceof GatewayException unavailable) {
          LOG.log(Level.WARNING, "Token validation for request {0} on {1} failed: {2}", exchange.requestId(),
              exchange.routeId(), unavailable.getCause() == null ? unavailable.code() : unavailable.getCause());
          notify(exchange, AuthFailure.Kind.AUTH_SERVER_UNAVAILABLE, hash);
        }
        return Future.failedFuture(result.cause());
      }
      if (result.result() instanceof TokenVerdict.Valid valid) {
        exchange.put(Principal.KEY, valid.principal());
        return chain.proceed(exchange);
      }
      TokenVerdict.Invalid invalid = (TokenVerdict.Invalid) result.result();
      if (invalid.reason() == TokenVerdict.Reason.EXPIRED) {
        Observations.authResult(exchange, AuthFailures.EXPIRED_BEARER);
      }
      return refuse(exchange, AuthFailure.Kind.INVALID_TOKEN, challenges.invalidToken(invalid.reason().description()),
          hash);
    });
  }

  private Future<GatewayResponse> basic(Exchange exchange, FilterChain chain, String key) {
    if (basic.isKnownInvalid(key)) {
      return refuse(exchange, AuthFailure.Kind.INVALID_BASIC, challenges.invalidBasic(), key);
    }
    exchange.put(Principal.KEY, BasicAuthenticator.principal(key));
    return Answers.map(chain.proceed(exchange), response -> {
      if (basic.learn(exchange, key, response)) {
        notify(exchange, AuthFailure.Kind.INVALID_BASIC, key);
      }
      return response;
    });
  }

  private Future<GatewayResponse> refuse(
      Exchange exchange, AuthFailure.Kind kind, GatewayException refusal, String credentialHash) {
    LOG.log(Level.DEBUG, "Refused request {0} on {1}: {2}", exchange.requestId(), exchange.routeId(), refusal.code());
    notify(exchange, kind, credentialHash);
    return Future.failedFuture(refusal);
  }

  private void notify(Exchange exchange, AuthFailure.Kind kind, String credentialHash) {
    AuthFailures.notify(listener, exchange,
        new AuthFailure(kind, exchange.routeId(), exchange.clientAddress(), credentialHash, null));
  }
}
