package org.csgateway.app.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csgateway.app.config.GatewayConfigLoader;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.RouteLookup;
import org.csgateway.core.routing.RouteMatch;
import org.csgateway.core.routing.RouteTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Route matching over the whole bundled ComputeStacks table (end-user, OAuth and admin), as the gateway loads it. */
class BundledRouteTableTest {
  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final RouteTable TABLE =
      new GatewayConfigLoader(name -> null, () -> 1).load(GatewayConfigLoader.BUNDLED).routes().table();

  /** The template with every parameter replaced by a sample value derived from its name. */
  private static String samplePath(Route route) {
    Matcher m = PARAM.matcher(route.template());
    StringBuilder path = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(path, "v_" + m.group(1) + "_42");
    }
    return m.appendTail(path).toString();
  }

  private static RouteMatch found(HttpMethod method, String path) {
    RouteLookup lookup = TABLE.lookup(method, path);
    assertThat(lookup).as("%s %s", method, path).isInstanceOf(RouteLookup.Found.class);
    return ((RouteLookup.Found) lookup).match();
  }

  @Test
  void should_hold_the_whole_end_user_oauth_and_admin_table() {
    assertThat(TABLE.routes()).hasSize(181 + 11 + 142);
    assertThat(TABLE.routes()).filteredOn(r -> r.template().startsWith("/api/oauth/")).hasSize(11);
    assertThat(TABLE.routes()).filteredOn(r -> r.template().startsWith("/api/admin/")).hasSize(142);
  }

  @Test
  void should_match_every_route_itself_with_bound_parameters_and_any_format_suffix() {
    for (Route route : TABLE.routes()) {
      String path = samplePath(route);
      for (String suffix : List.of("", ".json", ".xml")) {
        RouteMatch match = found(route.method(), path + suffix);
        assertThat(match.route()).as("%s %s%s", route.method(), path, suffix).isEqualTo(route);
        assertThat(match.format()).isEqualTo(suffix.isEmpty() ? null : suffix.substring(1));
        Matcher names = PARAM.matcher(route.template());
        while (names.find()) {
          assertThat(match.params()).containsEntry(names.group(1), "v_" + names.group(1) + "_42");
        }
      }
      if (route.method() == HttpMethod.GET) {
        assertThat(found(HttpMethod.HEAD, path).route()).isEqualTo(route);
      }
    }
  }

  @Test
  void should_resolve_the_literal_and_parameter_overlap_as_rails_does() {
    assertThat(found(HttpMethod.GET, "/api/users/ssh_keys").route().id()).isEqualTo("/api/users/ssh_keys");
    assertThat(found(HttpMethod.POST, "/api/users/ssh_keys.json").route().id()).isEqualTo("/api/users/ssh_keys");
    RouteMatch update = found(HttpMethod.PATCH, "/api/users/ssh_keys");
    assertThat(update.route().id()).isEqualTo("/api/users/{id}");
    assertThat(update.params()).isEqualTo(Map.of("id", "ssh_keys"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/api/system/events", "/api/stacks/load_balancers", "/api/projects/1/2/3/4/5", "/api", "/api/",
      "/api/projects.txt", "/api/projects.json.json", "/api/projects/1.5", "/api//projects", "/projects",
      "/api/containers", "/api/admin"})
  void should_not_match_a_path_when_no_route_has_it(String path) {
    assertThat(TABLE.lookup(HttpMethod.GET, path)).as(path).isInstanceOf(RouteLookup.NotFound.class);
  }

  @Test
  void should_list_the_routed_methods_when_a_known_path_is_asked_with_another() {
    RouteLookup lookup = TABLE.lookup(HttpMethod.DELETE, "/api/projects");
    assertThat(lookup).isInstanceOf(RouteLookup.MethodNotAllowed.class);
    // POST /api/projects is routed by Rails but has no action upstream, so the table has GET only.
    assertThat(((RouteLookup.MethodNotAllowed) lookup).allowed()).containsExactly(HttpMethod.GET);
  }

  @Test
  void should_carry_the_route_files_scopes_and_flags_when_matched() {
    Route images = found(HttpMethod.GET, "/api/container_images").route();
    assertThat(images.scopes()).containsExactlyInAnyOrder("public", "images_read");
    assertThat(images.collection()).isTrue();
    assertThat(images.paginated()).isTrue();
    Route collaborators = found(HttpMethod.GET, "/api/zones/7/collaborators").route();
    assertThat(collaborators.scopeMatch().name()).isEqualTo("ALL");
    assertThat(found(HttpMethod.POST, "/api/oauth/token").route().auth().name()).isEqualTo("OAUTH");
    assertThat(found(HttpMethod.GET, "/api/admin/billing_plans").route().auth().name()).isEqualTo("ADMIN_USER");
  }
}
