package org.csgateway.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.sandbox.SandboxFixture.basic;
import static org.csgateway.app.sandbox.SandboxFixture.demoBasic;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The resource families and the error shapes the gateway's normalization must meet (api.md §6). Writes use the
 * user "other" or rows they create, so the demo user's seeded pages stay as seeded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxResourcesTest {
  private static final String OTHER = basic(SandboxIdentities.OTHER_API_KEY, SandboxIdentities.OTHER_API_SECRET);

  private final SandboxFixture fixture = new SandboxFixture();

  @AfterAll
  void close() {
    fixture.close();
  }

  private HttpResponse<Buffer> as(String authorization, HttpMethod method, String uri, String json) {
    return json == null ? fixture.send(method, uri, "Authorization", authorization)
        : fixture.sendJson(method, uri, json, "Authorization", authorization);
  }

  @Nested
  class Projects {
    @Test
    void should_show_a_project_under_its_member_key() {
      HttpResponse<Buffer> response = fixture.get("/api/projects/5", "Authorization", demoBasic());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getJsonObject("project").getString("name")).isEqualTo("demo-project-05");
    }

    @Test
    void should_answer_404_with_an_empty_body_when_the_project_is_someone_elses_or_unknown() {
      HttpResponse<Buffer> foreign = fixture.get("/api/projects/5", "Authorization", OTHER);
      HttpResponse<Buffer> unknown = fixture.get("/api/projects/999999", "Authorization", demoBasic());

      assertThat(foreign.statusCode()).isEqualTo(404);
      assertThat(foreign.body()).isNull();
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).isNull();
    }

    @Test
    void should_update_with_patch_and_put_and_refuse_a_blank_name_with_an_errors_array() {
      long id = fixture.get("/api/projects", "Authorization", OTHER).bodyAsJsonObject().getJsonArray("projects")
          .getJsonObject(0).getLong("id");

      HttpResponse<Buffer> patched = as(OTHER, HttpMethod.PATCH, "/api/projects/" + id,
          "{\"project\":{\"name\":\"renamed\"}}");
      HttpResponse<Buffer> put = as(OTHER, HttpMethod.PUT, "/api/projects/" + id + ".json", "{\"name\":\"unwrapped\"}");
      HttpResponse<Buffer> blank = as(OTHER, HttpMethod.PATCH, "/api/projects/" + id, "{\"project\":{\"name\":\" \"}}");

      assertThat(patched.statusCode()).isEqualTo(200);
      assertThat(patched.bodyAsJsonObject().getJsonObject("project").getString("name")).isEqualTo("renamed");
      assertThat(put.bodyAsJsonObject().getJsonObject("project").getString("name")).isEqualTo("unwrapped");
      assertThat(blank.statusCode()).isEqualTo(422);
      assertThat(blank.bodyAsString()).isEqualTo("{\"errors\":[\"Name can't be blank\"]}");
    }

    @Test
    void should_destroy_with_202_and_an_empty_object() {
      long id = createOrderProject("to-delete");

      HttpResponse<Buffer> deleted = as(OTHER, HttpMethod.DELETE, "/api/projects/" + id, null);

      assertThat(deleted.statusCode()).isEqualTo(202);
      assertThat(deleted.bodyAsString()).isEqualTo("{}");
      assertThat(fixture.get("/api/projects/" + id, "Authorization", OTHER).statusCode()).isEqualTo(404);
    }

    @Test
    void should_answer_page_not_found_before_any_filter_when_the_action_is_not_defined() {
      HttpResponse<Buffer> create = fixture.send(HttpMethod.POST, "/api/projects",
          "Accept", "application/json; api_version=93");

      assertThat(create.statusCode()).isEqualTo(404);
      assertThat(create.bodyAsString()).isEqualTo("{\"errors\":[\"page not found.\"]}");
    }
  }

  /** Creates an order as "other" and answers the id of the project it provisioned. */
  private long createOrderProject(String name) {
    HttpResponse<Buffer> created = as(OTHER, HttpMethod.POST, "/api/orders",
        new JsonObject().put("order", new JsonObject().put("project_name", name)).encode());
    assertThat(created.statusCode()).isEqualTo(201);
    long orderId = created.bodyAsJsonObject().getJsonObject("order").getLong("id");
    return fixture.get("/api/orders/" + orderId, "Authorization", OTHER).bodyAsJsonObject().getJsonObject("order")
        .getLong("project_id");
  }

  @Test
  void should_create_a_project_when_an_order_is_created() {
    long before = Long.parseLong(fixture.get("/api/projects", "Authorization", OTHER).getHeader("Total"));

    long projectId = createOrderProject("from-order");

    assertThat(fixture.get("/api/projects", "Authorization", OTHER).getHeader("Total")).isEqualTo(
        Long.toString(before + 1));
    assertThat(fixture.get("/api/projects/" + projectId, "Authorization", OTHER).bodyAsJsonObject()
        .getJsonObject("project").getString("name")).isEqualTo("from-order");
  }

  @Test
  void should_refuse_an_order_without_parameters_with_an_errors_array() {
    HttpResponse<Buffer> response = as(OTHER, HttpMethod.POST, "/api/orders", "{}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.bodyAsJsonObject().getJsonArray("errors")).hasSize(1);
  }

  @Nested
  class ErrorShapes {
    @Test
    void should_answer_a_string_errors_body_when_deleting_an_image_in_use() {
      HttpResponse<Buffer> response = as(demoBasic(), HttpMethod.DELETE,
          "/api/container_images/" + SandboxIdentities.IN_USE_IMAGE_ID, null);

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.bodyAsJsonObject().getValue("errors")).isInstanceOf(String.class);
      assertThat(response.bodyAsJsonObject().getString("errors")).startsWith("Unable to delete container image.");
    }

    @Test
    void should_answer_an_errors_hash_when_a_registry_fails_validation() {
      HttpResponse<Buffer> response = as(OTHER, HttpMethod.POST, "/api/container_registry",
          "{\"container_registry\":{\"label\":\"no name\"}}");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsString()).isEqualTo("{\"errors\":{\"name\":[\"can't be blank\"]}}");
    }

    @Test
    void should_answer_an_errors_hash_when_deleting_the_system_domain() {
      HttpResponse<Buffer> response = as(demoBasic(), HttpMethod.DELETE,
          "/api/domains/" + SandboxIdentities.SYSTEM_DOMAIN_ID, null);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsString()).isEqualTo(
          "{\"errors\":{\"base\":[\"System domains can not be removed.\"]}}");
    }

    @Test
    void should_answer_a_string_404_when_verifying_an_unknown_domain() {
      HttpResponse<Buffer> response = as(demoBasic(), HttpMethod.POST, "/api/domains/424242/verify_dns", null);

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.bodyAsString()).isEqualTo("{\"errors\":\"Unknown Domain\"}");
    }

    @Test
    void should_answer_unknown_api_call_on_an_unknown_path_or_method() {
      HttpResponse<Buffer> path = fixture.get("/api/no_such_thing", "Authorization", demoBasic());
      HttpResponse<Buffer> method = fixture.send(HttpMethod.DELETE, "/api/version", "Authorization", demoBasic());

      assertThat(path.statusCode()).isEqualTo(404);
      assertThat(path.bodyAsString()).isEqualTo("{\"errors\":[\"Unknown API Call. Please check the documentation.\"]}");
      assertThat(method.bodyAsString()).isEqualTo(path.bodyAsString());
    }

    @Test
    void should_answer_422_bad_request_when_the_query_is_malformed() {
      HttpResponse<Buffer> response = fixture.get("/api/projects?page=%zz", "Authorization", demoBasic());

      assertThat(response.statusCode()).isEqualTo(422);
      assertThat(response.bodyAsString()).isEqualTo("{\"errors\":[\"Bad Request. Please check the documentation.\"]}");
    }
  }

  @Nested
  class ContainerImages {
    @Test
    void should_create_update_and_delete_an_image() {
      HttpResponse<Buffer> created = as(OTHER, HttpMethod.POST, "/api/container_images",
          "{\"container_image\":{\"name\":\"mine\",\"image_url\":\"docker.io/me/mine\"}}");
      long id = created.bodyAsJsonObject().getJsonObject("container_image").getLong("id");

      HttpResponse<Buffer> updated = as(OTHER, HttpMethod.PATCH, "/api/container_images/" + id,
          "{\"container_image\":{\"label\":\"Mine\"}}");
      HttpResponse<Buffer> deleted = as(OTHER, HttpMethod.DELETE, "/api/container_images/" + id, null);

      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(updated.bodyAsJsonObject().getJsonObject("container_image").getString("label")).isEqualTo("Mine");
      assertThat(deleted.statusCode()).isEqualTo(202);
    }

    @Test
    void should_filter_by_name_after_paging_so_the_total_stays_unfiltered() {
      HttpResponse<Buffer> response = fixture.get("/api/container_images?byname=nginx", "Authorization", demoBasic());

      assertThat(response.bodyAsJsonObject().getJsonArray("container_images")).hasSize(1);
      assertThat(response.getHeader("Total")).isEqualTo("43");
    }

    @Test
    void should_refuse_a_nameless_image_with_an_errors_array() {
      HttpResponse<Buffer> response = as(OTHER, HttpMethod.POST, "/api/container_images", "{\"container_image\":{}}");

      assertThat(response.statusCode()).isEqualTo(422);
      assertThat(response.bodyAsString()).isEqualTo("{\"errors\":[\"Name can't be blank\"]}");
    }
  }

  @Nested
  class Http {
    @Test
    void should_answer_304_when_if_none_match_carries_the_etag() {
      HttpResponse<Buffer> first = fixture.get("/api/zones", "Authorization", demoBasic());
      String etag = first.getHeader("ETag");

      HttpResponse<Buffer> second = fixture.get("/api/zones", "Authorization", demoBasic(), "If-None-Match", etag);

      assertThat(etag).matches("W/\"[0-9a-f]{32}\"");
      assertThat(first.getHeader("Cache-Control")).isEqualTo("max-age=0, private, must-revalidate");
      assertThat(second.statusCode()).isEqualTo(304);
      assertThat(second.body()).isNull();
    }

    @Test
    void should_change_the_etag_when_the_data_changes() {
      String before = fixture.get("/api/volumes", "Authorization", OTHER).getHeader("ETag");
      long id = fixture.get("/api/volumes", "Authorization", OTHER).bodyAsJsonObject().getJsonArray("volumes")
          .getJsonObject(0).getLong("id");

      as(OTHER, HttpMethod.PUT, "/api/volumes/" + id, "{\"volume\":{\"label\":\"changed\"}}");

      assertThat(fixture.get("/api/volumes", "Authorization", OTHER).getHeader("ETag")).isNotEqualTo(before);
    }

    @Test
    void should_answer_head_like_get_without_a_body() {
      HttpResponse<Buffer> head = fixture.send(HttpMethod.HEAD, "/api/projects", "Authorization", demoBasic());

      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.getHeader("Total")).isEqualTo("75");
      assertThat(head.body()).isNull();
    }

    @Test
    void should_answer_406_for_the_xml_suffix_and_no_cache_on_errors() {
      HttpResponse<Buffer> response = fixture.get("/api/projects.xml", "Authorization", demoBasic());

      assertThat(response.statusCode()).isEqualTo(406);
      assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void should_refuse_an_api_body_over_one_mebibyte_with_413_and_an_errors_array() {
      HttpResponse<Buffer> response = fixture.client.post("/api/orders").putHeader("Authorization", OTHER)
          .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(new byte[2 * 1024 * 1024])).await();

      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.bodyAsJsonObject().getJsonArray("errors")).hasSize(1);
    }

    @Test
    void should_echo_a_well_formed_x_request_id_and_make_one_otherwise() {
      assertThat(fixture.get("/api/version", "Authorization", demoBasic(), "X-Request-Id", "abc-123")
          .getHeader("X-Request-Id")).isEqualTo("abc-123");
      assertThat(fixture.get("/api/version", "Authorization", demoBasic(), "X-Request-Id", "a b")
          .getHeader("X-Request-Id")).matches("[0-9a-f-]{36}");
    }
  }

  @Test
  void should_answer_users_with_the_current_user_whatever_the_id() {
    HttpResponse<Buffer> response = fixture.get("/api/users/12345", "Authorization", OTHER);

    assertThat(response.bodyAsJsonObject().getJsonObject("user").getLong("id"))
        .isEqualTo(SandboxIdentities.OTHER_USER_ID);
  }

  @Test
  void should_answer_the_2fa_check_without_authentication() {
    assertThat(fixture.send(HttpMethod.POST, "/api/user/demo-ext/authcheck").statusCode()).isEqualTo(202);
    assertThat(fixture.send(HttpMethod.POST, "/api/user/nobody/authcheck").bodyAsString())
        .isEqualTo("{\"errors\":[\"User does not exist.\"]}");
  }
}
