package org.csgateway.auth.token;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Fetches a JWKS document and keeps its public signature keys. Keys marked {@code use: enc}, symmetric keys (a
 * shared secret published in a JWKS would let anyone sign) and private parts are dropped. A key without
 * {@code alg} gets the usual one for its type, as many issuers omit it.
 */
public final class JwksClient {
  private final WebClient client;
  private final String url;
  private final long timeoutMillis;

  public JwksClient(WebClient client, URI jwksUrl, Duration timeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.url = Objects.requireNonNull(jwksUrl, "jwksUrl").toString();
    this.timeoutMillis = Math.max(1, timeout.toMillis());
  }

  /** The signature keys of the document; fails with a 503 {@code GatewayException} if it cannot be read. */
  public Future<Keys> fetch() {
    return client.getAbs(url)
        .putHeader("Accept", "application/json")
        .connectTimeout(timeoutMillis)
        .timeout(timeoutMillis)
        .send()
        .transform(result -> Unavailable.interpret(result, "JWKS " + url, JwksClient::keys));
  }

  private static Keys keys(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      throw Unavailable.of("JWKS answered " + response.statusCode(), null);
    }
    JsonArray all = response.bodyAsJsonObject().getJsonArray("keys", new JsonArray());
    List<JsonObject> jwks = new ArrayList<>();
    Set<String> kids = new LinkedHashSet<>();
    for (Object entry : all) {
      if (!(entry instanceof JsonObject key) || "enc".equals(key.getString("use"))
          || !Set.of("RSA", "EC").contains(key.getString("kty", ""))) {
        continue;
      }
      String alg = key.getString("alg", defaultAlgorithm(key));
      if (alg == null) {
        continue;
      }
      JsonObject publicKey = key.copy().put("alg", alg);
      for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi", "k")) {
        publicKey.remove(privatePart);
      }
      jwks.add(publicKey);
      if (key.getString("kid") != null) {
        kids.add(key.getString("kid"));
      }
    }
    if (jwks.isEmpty()) {
      throw Unavailable.of("JWKS has no signature keys", null);
    }
    return new Keys(List.copyOf(jwks), Set.copyOf(kids));
  }

  private static String defaultAlgorithm(JsonObject key) {
    return switch (key.getString("kty", "")) {
      case "RSA" -> "RS256";
      case "EC" -> switch (key.getString("crv", "")) {
        case "P-256" -> "ES256";
        case "P-384" -> "ES384";
        case "P-521" -> "ES512";
        default -> null;
      };
      default -> null;
    };
  }

  /** The public signature keys of a JWKS document and their key ids. */
  public record Keys(List<JsonObject> jwks, Set<String> kids) {}
}
