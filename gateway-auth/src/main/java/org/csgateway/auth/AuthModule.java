package org.csgateway.auth;

import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.InstantSource;
import java.util.Objects;
import org.csgateway.auth.basic.BasicCredentialMemory;
import org.csgateway.auth.config.AuthConfig;
import org.csgateway.auth.config.TokenStrategy;
import org.csgateway.auth.token.AuthServerListener;
import org.csgateway.auth.token.IntrospectionValidator;
import org.csgateway.auth.token.JwksClient;
import org.csgateway.auth.token.JwtValidator;
import org.csgateway.auth.token.TokenInfoValidator;
import org.csgateway.auth.token.TokenValidationCache;
import org.csgateway.auth.token.TokenValidator;

/**
 * Everything the {@code auth:} block configures, built once per gateway and shared by all event loops: the
 * filters to put in the pipeline (authentication and revocation at AUTHENTICATE, scopes at AUTHORIZE), the admin
 * API's handle, and the lifecycle of the JWKS refresh. The filters and caches are thread-safe.
 */
public final class AuthModule implements AutoCloseable {
  private final TokenValidationCache tokens;
  private final BasicCredentialMemory basic;
  private final JwtValidator.JwksSource jwks;
  private final AuthenticationFilter authentication;
  private final TokenRevocationFilter revocation;
  private final ScopeAuthorizationFilter authorization;
  private final AuthAdmin admin;

  private AuthModule(AuthConfig config, TokenValidator validator, JwtValidator.JwksSource jwks,
      AuthFailureListener listener, Ticker ticker, InstantSource clock, AuthServerListener serverListener) {
    this.tokens = new TokenValidationCache(validator, config.cache(), ticker, clock, serverListener);
    this.basic = new BasicCredentialMemory(config.basic(), ticker);
    this.jwks = jwks;
    this.authentication = new AuthenticationFilter(tokens, basic, config.invalidTokenStatus(), listener);
    this.revocation = new TokenRevocationFilter(tokens);
    this.authorization = new ScopeAuthorizationFilter(config.invalidTokenStatus(), listener);
    this.admin = new AuthAdmin(tokens, basic);
  }

  /** With the system clocks. */
  public static AuthModule create(Vertx vertx, WebClient client, AuthConfig config, URI upstreamBaseUrl,
      AuthFailureListener listener) {
    return create(vertx, client, config, upstreamBaseUrl, listener, Ticker.systemTicker(), InstantSource.system());
  }

  /**
   * @param vertx for the JWKS refresh timer and Vert.x Auth
   * @param client the non-blocking client for the authorization server (token info, introspection, JWKS)
   * @param config the {@code auth:} block
   * @param upstreamBaseUrl the upstream's base URL, where token info lives by default (may be null unless the
   *     strategy is {@code computestacks} without a {@code tokenInfoUrl})
   * @param listener told about every refused or failed authentication or authorization
   * @param ticker the nano clock of the caches (Caffeine)
   * @param clock wall time for token expiry; must agree with the ticker
   */
  public static AuthModule create(Vertx vertx, WebClient client, AuthConfig config, URI upstreamBaseUrl,
      AuthFailureListener listener, Ticker ticker, InstantSource clock) {
    return create(vertx, client, config, upstreamBaseUrl, listener, ticker, clock, AuthServerListener.NONE);
  }

  /** As above, and {@code serverListener} is told about every call to the authorization server (metrics). */
  public static AuthModule create(Vertx vertx, WebClient client, AuthConfig config, URI upstreamBaseUrl,
      AuthFailureListener listener, Ticker ticker, InstantSource clock, AuthServerListener serverListener) {
    Objects.requireNonNull(config, "config");
    TokenStrategy strategy = config.strategy();
    if (strategy instanceof TokenStrategy.Jwt jwt) {
      JwtValidator.JwksSource source =
          new JwtValidator.JwksSource(vertx, new JwksClient(client, jwt.jwksUrl(), config.timeout()), jwt, clock);
      return new AuthModule(config, new JwtValidator(source), source, listener, ticker, clock, serverListener);
    }
    TokenValidator validator = strategy instanceof TokenStrategy.Introspection introspection
        ? new IntrospectionValidator(client, introspection, config.timeout())
        : new TokenInfoValidator(client, ((TokenStrategy.ComputeStacks) strategy).resolve(upstreamBaseUrl),
            config.timeout(), clock);
    return new AuthModule(config, validator, null, listener, ticker, clock, serverListener);
  }

  /**
   * Loads the JWKS keys (jwt strategy) and starts their refresh timer; completes at once for the other strategies.
   * A failed first load fails the future; the gateway may still start (tokens are refused with 503 until the keys
   * load).
   */
  public Future<Void> start() {
    return jwks == null ? Future.succeededFuture() : jwks.start();
  }

  @Override
  public void close() {
    if (jwks != null) {
      jwks.close();
    }
  }

  public AuthenticationFilter authenticationFilter() {
    return authentication;
  }

  public TokenRevocationFilter revocationFilter() {
    return revocation;
  }

  public ScopeAuthorizationFilter authorizationFilter() {
    return authorization;
  }

  public AuthAdmin admin() {
    return admin;
  }

  public TokenValidationCache tokenCache() {
    return tokens;
  }
}
