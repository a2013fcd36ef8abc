package org.csgateway.app.e2e.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 4, error shapes, through the real gateway in front of the sandbox. Each case sends the same request straight
 * to the sandbox and through the gateway: the sandbox's string and hash {@code errors} arrive as arrays of strings;
 * bodies already in the documented shape, and empty ones, arrive byte for byte as the sandbox sent them.
 */
@ExtendWith(VertxExtension.class)
class ErrorShapeEndToEndTest {
  private static TestGateway gateway;
  private static ContractHttp http;

  @BeforeAll
  static void start(Vertx vertx) {
    gateway = TestGateway.start(vertx, TestGateway.SANDBOX_YAML);
    http = new ContractHttp(vertx);
  }

  @AfterAll
  static void stop() {
    http.close();
    gateway.close();
  }

  /** The same request as the demo user, straight to the sandbox (index 0) and through the gateway (index 1). */
  private static List<ContractHttp.Reply> directAndThroughGateway(HttpMethod method, String uri, JsonObject body) {
    return List.of(gateway.sandbox().port(), gateway.ports().proxy()).stream()
        .map(port -> http.to(port, method, uri).header("Accept", "application/json").asDemo().send(body))
        .toList();
  }

  @Test
  void should_turn_a_string_error_into_an_array_when_the_sandbox_fails_to_delete_an_image_in_use() {
    List<ContractHttp.Reply> replies = directAndThroughGateway(
        HttpMethod.DELETE, "/api/container_images/" + SandboxIdentities.IN_USE_IMAGE_ID, null);
    ContractHttp.Reply direct = replies.get(0);
    ContractHttp.Reply through = replies.get(1);

    assertThat(direct.status()).isEqualTo(500);
    String message = direct.json().getString("errors");
    assertThat(message).as("the sandbox's string-shaped errors").isNotBlank();
    assertThat(through.status()).isEqualTo(500);
    assertThat(through.header("Content-Type")).startsWith("application/json");
    assertThat(through.json()).isEqualTo(new JsonObject().put("errors", List.of(message)));
    assertThat(through.header("Content-Length")).isEqualTo(Integer.toString(through.body().length()));
  }

  @Test
  void should_turn_a_hash_error_into_field_messages_when_a_registry_is_created_without_a_name() {
    List<ContractHttp.Reply> replies = directAndThroughGateway(HttpMethod.POST, "/api/container_registry",
        new JsonObject().put("container_registry", new JsonObject()));
    ContractHttp.Reply direct = replies.get(0);
    ContractHttp.Reply through = replies.get(1);

    assertThat(direct.status()).isEqualTo(400);
    assertThat(direct.json().getValue("errors")).as("the sandbox's hash-shaped errors").isInstanceOf(JsonObject.class);
    assertThat(direct.json().getJsonObject("errors").getJsonArray("name").getList()).containsExactly("can't be blank");
    assertThat(through.status()).isEqualTo(400);
    assertThat(through.json()).isEqualTo(new JsonObject().put("errors", List.of("name can't be blank")));
  }

  @Test
  void should_pass_an_empty_404_unchanged_when_the_id_is_unknown() {
    List<ContractHttp.Reply> replies = directAndThroughGateway(HttpMethod.GET, "/api/projects/987654321", null);
    ContractHttp.Reply direct = replies.get(0);
    ContractHttp.Reply through = replies.get(1);

    assertThat(direct.status()).isEqualTo(404);
    assertThat(direct.body().length()).as("the sandbox's body").isZero();
    assertThat(through.status()).isEqualTo(404);
    assertThat(through.body().getBytes()).isEqualTo(direct.body().getBytes());
  }

  @Test
  void should_pass_an_errors_array_byte_for_byte_when_the_sandbox_already_sends_one() {
    long projectId = http.to(gateway.sandbox().port(), HttpMethod.GET, "/api/projects?per_page=1")
        .header("Accept", "application/json").asDemo().send()
        .json().getJsonArray("projects").getJsonObject(0).getLong("id");
    JsonObject blankName = new JsonObject().put("project", new JsonObject().put("name", ""));

    List<ContractHttp.Reply> replies = directAndThroughGateway(HttpMethod.PATCH, "/api/projects/" + projectId,
        blankName);
    ContractHttp.Reply direct = replies.get(0);
    ContractHttp.Reply through = replies.get(1);

    assertThat(direct.status()).isEqualTo(422);
    assertThat(direct.json().getValue("errors")).isInstanceOf(JsonArray.class);
    assertThat(through.status()).isEqualTo(422);
    assertThat(through.body().getBytes()).isEqualTo(direct.body().getBytes());
  }
}
