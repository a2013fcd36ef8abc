package org.csgateway.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.sandbox.SandboxFixture.demoBasic;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pagination as api-pagination over will_paginate answers it (api.md §5), through real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxPaginationTest {
  private final SandboxFixture fixture = new SandboxFixture();

  @AfterAll
  void close() {
    fixture.close();
  }

  private HttpResponse<Buffer> projects(String query, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Authorization";
    all[1] = demoBasic();
    System.arraycopy(headers, 0, all, 2, headers.length);
    return fixture.get("/api/projects" + query, all);
  }

  private static JsonArray rows(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonArray("projects");
  }

  @Test
  void should_answer_the_first_page_of_30_with_next_and_last_links_when_no_parameters_are_given() {
    HttpResponse<Buffer> response = projects("", "Host", "api.example.com");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(rows(response)).hasSize(30);
    assertThat(rows(response).getJsonObject(0).getString("name")).isEqualTo("demo-project-01");
    assertThat(response.getHeader("Per-Page")).isEqualTo("30");
    assertThat(response.getHeader("Total")).isEqualTo("75");
    assertThat(response.getHeader("Link")).isEqualTo(
        "<http://api.example.com/api/projects?page=3>; rel=\"last\", "
            + "<http://api.example.com/api/projects?page=2>; rel=\"next\"");
  }

  @Test
  void should_link_first_prev_last_and_next_in_that_order_when_on_a_middle_page() {
    HttpResponse<Buffer> response = projects("?page=2&per_page=10", "Host", "h:8080");

    assertThat(rows(response)).hasSize(10);
    assertThat(rows(response).getJsonObject(0).getString("name")).isEqualTo("demo-project-11");
    assertThat(response.getHeader("Link")).isEqualTo(
        "<http://h:8080/api/projects?page=1&per_page=10>; rel=\"first\", "
            + "<http://h:8080/api/projects?page=1&per_page=10>; rel=\"prev\", "
            + "<http://h:8080/api/projects?page=8&per_page=10>; rel=\"last\", "
            + "<http://h:8080/api/projects?page=3&per_page=10>; rel=\"next\"");
  }

  @Test
  void should_omit_last_and_next_when_on_the_last_page() {
    HttpResponse<Buffer> response = projects("?page=3", "Host", "h");

    assertThat(rows(response)).hasSize(15);
    assertThat(response.getHeader("Link")).isEqualTo(
        "<http://h/api/projects?page=1>; rel=\"first\", <http://h/api/projects?page=2>; rel=\"prev\"");
  }

  @Test
  void should_answer_an_empty_list_with_the_total_when_the_page_is_past_the_end() {
    HttpResponse<Buffer> response = projects("?page=9", "Host", "h");

    assertThat(rows(response)).isEmpty();
    assertThat(response.getHeader("Total")).isEqualTo("75");
    // will_paginate: not the first page, and past the last one, so only first and prev (prev = 8, past the end)
    assertThat(response.getHeader("Link")).isEqualTo(
        "<http://h/api/projects?page=1>; rel=\"first\", <http://h/api/projects?page=8>; rel=\"prev\"");
  }

  @ParameterizedTest(name = "page={0} per_page={1} -> page {2} of size {3}")
  @CsvSource({
      "abc, xyz, 1, 30",
      "0, 0, 1, 30",
      "-3, -10, 1, 30",
      "2abc, 5x, 2, 5",
      "' 3', '1_0', 3, 10",
      "+2, 7.9, 2, 7"
  })
  void should_read_page_and_per_page_with_ruby_to_i_when_they_are_not_plain_numbers(
      String page, String perPage, int effectivePage, int effectiveSize) {
    HttpResponse<Buffer> response = projects("?page=" + page.replace(" ", "%20") + "&per_page=" + perPage);

    assertThat(response.getHeader("Per-Page")).isEqualTo(Integer.toString(effectiveSize));
    assertThat(rows(response).getJsonObject(0).getLong("id"))
        .isEqualTo((long) (effectivePage - 1) * effectiveSize + 1);
  }

  @Test
  void should_apply_no_maximum_when_per_page_is_large() {
    HttpResponse<Buffer> response = projects("?per_page=100000");

    assertThat(rows(response)).hasSize(75);
    assertThat(response.getHeader("Per-Page")).isEqualTo("100000");
    assertThat(response.getHeader("Link")).isNull();
  }

  @Test
  void should_build_links_from_x_forwarded_proto_and_the_last_x_forwarded_host_when_they_are_sent() {
    HttpResponse<Buffer> response = projects("?per_page=25", "Host", "internal:9000",
        "X-Forwarded-Proto", "https, http", "X-Forwarded-Host", "spoofed.example, gw.example.com");

    assertThat(response.getHeader("Link")).startsWith("<https://gw.example.com/api/projects?page=3&per_page=25>");
  }

  @Test
  void should_keep_a_non_default_forwarded_port_and_drop_the_default_one() {
    assertThat(projects("", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "gw:8443").getHeader("Link"))
        .startsWith("<https://gw:8443/api/projects?");
    assertThat(projects("", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "gw:443").getHeader("Link"))
        .startsWith("<https://gw/api/projects?");
    assertThat(projects("", "X-Forwarded-Host", "gw", "X-Forwarded-Port", "8080").getHeader("Link"))
        .startsWith("<http://gw:8080/api/projects?");
  }

  @Test
  void should_sort_and_cgi_escape_the_query_when_it_builds_link_urls() {
    HttpResponse<Buffer> response = projects("?zeta=a%20b&page=1&alpha=x%2Fy&tags[]=1&tags[]=2", "Host", "h");

    assertThat(response.getHeader("Link")).startsWith(
        "<http://h/api/projects?alpha=x%2Fy&page=3&tags%5B%5D=1&tags%5B%5D=2&zeta=a+b>; rel=\"last\"");
  }

  @Test
  void should_keep_the_format_suffix_in_link_urls_when_the_path_has_one() {
    HttpResponse<Buffer> response = projects(".json", "Host", "h");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(rows(response)).hasSize(30);
    assertThat(response.getHeader("Link")).startsWith("<http://h/api/projects.json?page=3>");
  }

  @Test
  void should_paginate_other_families_with_their_own_root_key() {
    HttpResponse<Buffer> zones = fixture.get("/api/zones?per_page=15", "Authorization", demoBasic());
    HttpResponse<Buffer> orders = fixture.get("/api/orders", "Authorization", demoBasic());

    assertThat(zones.bodyAsJsonObject().getJsonArray("zones")).hasSize(15);
    assertThat(zones.getHeader("Total")).isEqualTo("40");
    assertThat(orders.bodyAsJsonObject().getJsonArray("orders")).hasSize(30);
    assertThat(orders.getHeader("Total")).isEqualTo("35");
  }

  @Test
  void should_show_each_user_only_their_own_rows() {
    HttpResponse<Buffer> other = fixture.get("/api/projects", "Authorization",
        SandboxFixture.basic(SandboxIdentities.OTHER_API_KEY, SandboxIdentities.OTHER_API_SECRET));

    assertThat(other.getHeader("Total")).isEqualTo("5");
    assertThat(other.bodyAsJsonObject().getJsonArray("projects").getJsonObject(0).getString("name"))
        .isEqualTo("other-project-01");
    assertThat(other.getHeader("Link")).isNull();
  }
}
