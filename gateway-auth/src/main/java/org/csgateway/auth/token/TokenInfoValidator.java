package org.csgateway.auth.token;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.csgateway.auth.token.TokenVerdict.Invalid;
import org.csgateway.auth.token.TokenVerdict.Reason;
import org.csgateway.auth.token.TokenVerdict.Valid;

/**
 * The {@code computestacks} strategy: {@code GET /api/oauth/token/info} on the upstream with the token as a bearer
 * credential. Doorkeeper answers 200 {@code {resource_owner_id, scope:[...], expires_in, application:{uid}}} for an
 * accessible token (it checks expiry and revocation, unlike the API controllers) and 401 otherwise. Any other
 * answer, a timeout or a refused connection fails closed.
 */
public final class TokenInfoValidator implements TokenValidator {
  private final WebClient client;
  private final String url;
  private final long timeoutMillis;
  private final InstantSource clock;

  /**
   * @param client a non-blocking client, shared with other callers
   * @param tokenInfoUrl the absolute token-info URL, e.g. {@code http://upstream/api/oauth/token/info}
   * @param timeout the bound on connecting and on waiting for the answer
   * @param clock turns the relative {@code expires_in} into an instant
   */
  public TokenInfoValidator(WebClient client, URI tokenInfoUrl, Duration timeout, InstantSource clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.url = Objects.requireNonNull(tokenInfoUrl, "tokenInfoUrl").toString();
    this.timeoutMillis = Math.max(1, timeout.toMillis());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Future<TokenVerdict> validate(String token) {
    return client.getAbs(url)
        .bearerTokenAuthentication(token)
        .putHeader("Accept", "application/json")
        .connectTimeout(timeoutMillis)
        .timeout(timeoutMillis)
        .send()
        .transform(result -> Unavailable.interpret(result, "token info", this::interpret));
  }

  private TokenVerdict interpret(HttpResponse<Buffer> response) {
    if (response.statusCode() == 401) {
      JsonObject error = response.body() == null || response.body().length() == 0
          ? new JsonObject() : response.bodyAsJsonObject();
      return new Invalid(Reason.fromDescription(error.getString("error_description")));
    }
    if (response.statusCode() != 200) {
      throw Unavailable.of("token info answered " + response.statusCode(), null);
    }
    JsonObject info = response.bodyAsJsonObject();
    Object owner = info.getValue("resource_owner_id");
    JsonObject application = info.getJsonObject("application");
    Number expiresIn = info.getNumber("expires_in");
    Instant expiresAt = expiresIn == null ? null : clock.instant().plusSeconds(expiresIn.longValue());
    return new Valid(TokenPrincipals.of(owner == null ? null : owner.toString(),
        application == null ? null : application.getString("uid"), scopes(info.getValue("scope")), expiresAt));
  }

  /** Doorkeeper sends the scopes as an array; a space-separated string is accepted too. */
  static Set<String> scopes(Object value) {
    Set<String> scopes = new LinkedHashSet<>();
    if (value instanceof JsonArray array) {
      for (Object scope : array) {
        scopes.add(scope.toString());
      }
    } else if (value instanceof String text) {
      for (String scope : text.trim().split("\\s+")) {
        if (!scope.isEmpty()) {
          scopes.add(scope);
        }
      }
    }
    return scopes;
  }
}
