package org.csgateway.auth.token;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.csgateway.auth.config.TokenStrategy;
import org.csgateway.auth.token.TokenVerdict.Invalid;
import org.csgateway.auth.token.TokenVerdict.Reason;
import org.csgateway.auth.token.TokenVerdict.Valid;

/**
 * The {@code introspection} strategy: RFC 7662 {@code POST} with the token in the form body and the gateway's own
 * client credentials in {@code Authorization: Basic}. {@code active:false} refuses the token; {@code scope},
 * {@code client_id}, {@code exp} and the resource owner ({@code sub}, or {@code resource_owner_id}, when it is not
 * the client itself) make the principal. A 401/403 means the gateway's own credentials are wrong: that fails closed
 * like an unreachable server, so one misconfiguration does not look like every caller's fault.
 */
public final class IntrospectionValidator implements TokenValidator {
  private final WebClient client;
  private final TokenStrategy.Introspection config;
  private final long timeoutMillis;

  public IntrospectionValidator(WebClient client, TokenStrategy.Introspection config, Duration timeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.config = Objects.requireNonNull(config, "config");
    this.timeoutMillis = Math.max(1, timeout.toMillis());
  }

  @Override
  public Future<TokenVerdict> validate(String token) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("token", token).add("token_type_hint", "access_token");
    return client.postAbs(config.url().toString())
        .basicAuthentication(config.clientId(), config.clientSecret())
        .putHeader("Accept", "application/json")
        .connectTimeout(timeoutMillis)
        .timeout(timeoutMillis)
        .sendForm(form)
        .transform(result -> Unavailable.interpret(result, "token introspection", this::interpret));
  }

  private TokenVerdict interpret(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      throw Unavailable.of("token introspection answered " + response.statusCode(), null);
    }
    JsonObject claims = response.bodyAsJsonObject();
    if (!Boolean.TRUE.equals(claims.getBoolean("active"))) {
      return new Invalid(Reason.UNKNOWN);
    }
    String clientId = claims.getString("client_id");
    Object owner = claims.getValue("sub", claims.getValue("resource_owner_id"));
    String ownerId = owner == null || owner.toString().equals(clientId) ? null : owner.toString();
    Number exp = claims.getNumber("exp");
    return new Valid(TokenPrincipals.of(ownerId, clientId, TokenInfoValidator.scopes(claims.getValue("scope")),
        exp == null ? null : Instant.ofEpochSecond(exp.longValue())));
  }
}
