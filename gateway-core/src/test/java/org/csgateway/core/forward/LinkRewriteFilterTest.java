package org.csgateway.core.forward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkRewriteFilterTest {

  @Test
  void should_replace_the_origin_of_every_url_and_keep_path_query_and_parameters() {
    String link = "<http://10.0.0.5:3000/api/projects?page=1&per_page=30>; rel=\"first\", "
        + "<HTTPS://upstream.internal/api/projects?page=3>; rel=\"next\"";

    assertThat(LinkRewriteFilter.rewrite(link, "https://api.example.com"))
        .isEqualTo("<https://api.example.com/api/projects?page=1&per_page=30>; rel=\"first\", "
            + "<https://api.example.com/api/projects?page=3>; rel=\"next\"");
  }

  @Test
  void should_rewrite_an_origin_without_a_path() {
    assertThat(LinkRewriteFilter.rewrite("<http://upstream:3000>; rel=\"home\"", "http://gw:8080"))
        .isEqualTo("<http://gw:8080>; rel=\"home\"");
  }

  @Test
  void should_leave_relative_and_non_http_references_alone() {
    String link = "</api/projects?page=2>; rel=\"next\", <urn:isbn:123>; rel=\"cite\"";

    assertThat(LinkRewriteFilter.rewrite(link, "https://api.example.com")).isEqualTo(link);
  }
}
