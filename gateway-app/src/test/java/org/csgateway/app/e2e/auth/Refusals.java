package org.csgateway.app.e2e.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;

/** What the gateway's refusals must look like on the wire (RFC 6750 challenges, the API's errors array). */
final class Refusals {
  static final String INVALID_TOKEN_CHALLENGE = "Bearer realm=\"ComputeStacks\", error=\"invalid_token\"";
  static final String AUTH_SERVER_UNAVAILABLE = "The authorization server is unavailable, try again later";

  private Refusals() {}

  /** The messages of an {@code {"errors":["..."]}} body; fails on any other shape. */
  static List<String> errors(HttpResponse<Buffer> response) {
    assertThat(response.getHeader("Content-Type")).as("content type").startsWith("application/json");
    JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors).as("errors array").isNotNull().isNotEmpty();
    assertThat(errors.getList()).as("errors are strings").allMatch(String.class::isInstance);
    return errors.getList().stream().map(String.class::cast).toList();
  }

  /** 401 with the invalid_token challenge and an errors body. */
  static void assertInvalidToken(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as("status").isEqualTo(401);
    assertThat(response.getHeader("WWW-Authenticate")).startsWith(INVALID_TOKEN_CHALLENGE);
    assertThat(errors(response)).isNotEmpty();
  }

  /** 403 with the insufficient_scope challenge naming these scopes, and an errors body naming them too. */
  static void assertInsufficientScope(HttpResponse<Buffer> response, String... scopes) {
    assertThat(response.statusCode()).as("status").isEqualTo(403);
    String challenge = response.getHeader("WWW-Authenticate");
    assertThat(challenge).startsWith("Bearer ").contains("error=\"insufficient_scope\"")
        .contains("scope=\"" + String.join(" ", scopes) + "\"");
    List<String> errors = errors(response);
    for (String scope : scopes) {
      assertThat(errors).anyMatch(message -> message.contains(scope));
    }
  }
}
