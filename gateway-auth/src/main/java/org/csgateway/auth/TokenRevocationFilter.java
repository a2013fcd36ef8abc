package org.csgateway.auth;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.csgateway.auth.token.TokenValidationCache;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;

/**
 * Makes a revocation through the gateway take effect at once: on {@code POST /api/oauth/revoke} it keeps a copy of
 * the (tiny) body while it streams upstream, and when the upstream answers 200 it evicts the revoked token (the
 * {@code token} form or JSON parameter) from the validation cache. The request and the answer pass unchanged.
 * Revoking a refresh token also revokes its access token upstream, which the gateway cannot name: that one stays
 * valid at the gateway for at most {@code auth.cache.maxTtl}.
 */
public final class TokenRevocationFilter implements GatewayFilter {
  /** The revocation endpoint of the ComputeStacks API (Doorkeeper under {@code /api}). */
  public static final String REVOKE_PATH = "/api/oauth/revoke";
  private static final int MAX_BODY_BYTES = 16 * 1024;
  private static final System.Logger LOG = System.getLogger(TokenRevocationFilter.class.getName());

  private final TokenValidationCache tokens;

  public TokenRevocationFilter(TokenValidationCache tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  @Override
  public String id() {
    return "token-revocation";
  }

  @Override
  public Stage stage() {
    return Stage.AUTHENTICATE;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    boolean revoke = exchange.request().method() == HttpMethod.POST && exchange.upstreamBody() != null
        && (exchange.route() != null ? exchange.route().route().template().equals(REVOKE_PATH)
            : exchange.request().path().equals(REVOKE_PATH));
    if (!revoke) {
      return chain.proceed(exchange);
    }
    CapturingReadStream body = new CapturingReadStream(exchange.upstreamBody(), MAX_BODY_BYTES);
    exchange.upstreamBody(body);
    return chain.proceed(exchange).map(response -> {
      if (response.status() == 200) {
        evict(exchange, body.body());
      }
      return response;
    });
  }

  private void evict(Exchange exchange, Buffer body) {
    String token = formParameter(exchange.request().query(), "token"); // Rails lets the query win over the body
    if (token == null && body != null) {
      token = token(exchange.request().headers(), body);
    }
    if (token == null) {
      LOG.log(Level.INFO, "Revocation {0} succeeded upstream but its token could not be read; it stays cached "
          + "for at most the cache's maximum lifetime", exchange.requestId());
      return;
    }
    tokens.evictToken(token);
    LOG.log(Level.DEBUG, "Revocation {0}: evicted the revoked token from the validation cache", exchange.requestId());
  }

  /** The {@code token} parameter of a form or JSON body, or null. */
  static String token(MultiMap headers, Buffer body) {
    String type = headers.get(HttpHeaders.CONTENT_TYPE);
    try {
      if (type != null && type.toLowerCase(Locale.ROOT).contains("json")) {
        Object token = new JsonObject(body).getValue("token");
        return token instanceof String text && !text.isBlank() ? text : null;
      }
      return formParameter(body.toString(StandardCharsets.UTF_8), "token");
    } catch (RuntimeException e) {
      return null; // an unreadable body: the upstream could not have revoked anything named in it either
    }
  }

  /** The first non-blank value of a parameter in URL-encoded text, or null. */
  private static String formParameter(String encoded, String name) {
    if (encoded == null) {
      return null;
    }
    for (String pair : encoded.split("[&;]")) {
      int eq = pair.indexOf('=');
      try {
        if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
          String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).trim();
          if (!value.isEmpty()) {
            return value;
          }
        }
      } catch (IllegalArgumentException e) {
        // a malformed pair names nothing
      }
    }
    return null;
  }
}
