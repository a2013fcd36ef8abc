package org.csgateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  private static Route route(HttpMethod method, String template) {
    return new Route(method, template, AuthMode.SCOPED, Set.of("project_read"), ScopeMatch.ANY, false, false);
  }

  private final RouteTable table = RouteTable.of(List.of(
      route(HttpMethod.GET, "/api/projects"),
      route(HttpMethod.POST, "/api/projects"),
      route(HttpMethod.GET, "/api/projects/{id}"),
      route(HttpMethod.GET, "/api/projects/{project_id}/volumes"),
      route(HttpMethod.GET, "/api/users/ssh_keys"),
      route(HttpMethod.POST, "/api/users/ssh_keys"),
      route(HttpMethod.GET, "/api/users/{id}"),
      route(HttpMethod.PATCH, "/api/users/{id}"),
      route(HttpMethod.GET, "/api/version")));

  private RouteMatch found(HttpMethod method, String path) {
    RouteLookup lookup = table.lookup(method, path);
    assertThat(lookup).as("%s %s", method, path).isInstanceOf(RouteLookup.Found.class);
    return ((RouteLookup.Found) lookup).match();
  }

  @Nested
  class Matching {
    @Test
    void should_bind_parameters_by_the_routes_own_names_when_a_template_matches() {
      RouteMatch match = found(HttpMethod.GET, "/api/projects/42/volumes");
      assertThat(match.route().id()).isEqualTo("/api/projects/{project_id}/volumes");
      assertThat(match.params()).isEqualTo(Map.of("project_id", "42"));
      assertThat(match.format()).isNull();
    }

    @Test
    void should_strip_the_format_suffix_when_the_path_ends_in_json_or_xml() {
      assertThat(found(HttpMethod.GET, "/api/projects.json").format()).isEqualTo("json");
      RouteMatch xml = found(HttpMethod.GET, "/api/projects/7.xml");
      assertThat(xml.format()).isEqualTo("xml");
      assertThat(xml.params()).containsEntry("id", "7");
    }

    @Test
    void should_ignore_one_trailing_slash_when_matching() {
      assertThat(found(HttpMethod.GET, "/api/projects/").route().id()).isEqualTo("/api/projects");
    }

    @Test
    void should_prefer_a_literal_segment_when_a_parameter_would_match_too() {
      assertThat(found(HttpMethod.GET, "/api/users/ssh_keys").route().id()).isEqualTo("/api/users/ssh_keys");
      assertThat(found(HttpMethod.GET, "/api/users/5").route().id()).isEqualTo("/api/users/{id}");
    }

    @Test
    void should_fall_back_to_the_parameter_route_when_the_literal_route_lacks_the_method() {
      // Rails matches method and path together: PATCH /api/users/ssh_keys is users#update with id=ssh_keys.
      RouteMatch match = found(HttpMethod.PATCH, "/api/users/ssh_keys");
      assertThat(match.route().id()).isEqualTo("/api/users/{id}");
      assertThat(match.params()).isEqualTo(Map.of("id", "ssh_keys"));
    }

    @Test
    void should_serve_head_with_the_get_route_when_no_head_route_exists() {
      assertThat(found(HttpMethod.HEAD, "/api/version").route().method()).isEqualTo(HttpMethod.GET);
    }

    @Test
    void should_keep_parameters_percent_encoded_when_binding_them() {
      assertThat(found(HttpMethod.GET, "/api/projects/a%2Fb").params()).containsEntry("id", "a%2Fb");
    }
  }

  @Nested
  class Refusing {
    @Test
    void should_answer_not_found_when_no_template_has_the_path() {
      assertThat(table.lookup(HttpMethod.GET, "/api/nope")).isInstanceOf(RouteLookup.NotFound.class);
      assertThat(table.lookup(HttpMethod.GET, "/api/projects/1/2/3")).isInstanceOf(RouteLookup.NotFound.class);
      assertThat(table.lookup(HttpMethod.GET, "/api//projects")).isInstanceOf(RouteLookup.NotFound.class);
      assertThat(table.lookup(HttpMethod.GET, "api/projects")).isInstanceOf(RouteLookup.NotFound.class);
      assertThat(table.lookup(HttpMethod.GET, "/")).isInstanceOf(RouteLookup.NotFound.class);
    }

    @Test
    void should_not_bind_a_parameter_containing_a_dot_when_matching() {
      assertThat(table.lookup(HttpMethod.GET, "/api/projects/1.2.3")).isInstanceOf(RouteLookup.NotFound.class);
    }

    @Test
    void should_list_the_methods_of_every_matching_template_when_the_method_is_not_allowed() {
      RouteLookup lookup = table.lookup(HttpMethod.DELETE, "/api/users/ssh_keys");
      assertThat(lookup).isInstanceOf(RouteLookup.MethodNotAllowed.class);
      assertThat(((RouteLookup.MethodNotAllowed) lookup).allowed())
          .containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH);
    }

    @Test
    void should_refuse_a_table_with_two_routes_of_the_same_shape_and_method() {
      assertThatThrownBy(() -> RouteTable.of(List.of(
          route(HttpMethod.GET, "/api/projects/{id}"), route(HttpMethod.GET, "/api/projects/{project_id}"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("duplicate route GET /api/projects/{project_id}");
    }
  }
}
