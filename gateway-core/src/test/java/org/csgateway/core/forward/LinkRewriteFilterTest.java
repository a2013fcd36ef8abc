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

  @Test
  void should_give_back_the_value_itself_when_every_url_already_has_the_public_origin() {
    String link = "<https://api.example.com/api/projects?page=2&per_page=5>; rel=\"next\", "
        + "<https://api.example.com/api/projects?page=9>; rel=\"last\", </relative>; rel=\"x\"";

    assertThat(LinkRewriteFilter.rewrite(link, "https://api.example.com")).isSameAs(link);
  }

  @Test
  void should_answer_exactly_as_the_replacement_whatever_the_shortcut_decides() {
    String base = "http://gw:8080";
    String[] links = {
        "<http://gw:8080/a>; rel=\"next\"", // already public: unchanged
        "<http://gw:80801/a>; rel=\"next\"", // the base is only a prefix of the origin
        "<http://gw:8080.evil/a>", "<http://gw:8080@evil/a>", // the origin goes on past the base
        "<HTTP://gw:8080/a>", "<http://GW:8080/a>", // the same origin spelt otherwise: rewritten to the base
        "< http://gw:8080/a>", "<\thttp://gw:8080/a>", // the replacement drops the space
        "<http://gw:8080/a>, <http://upstream:3000/b>", "<http://upstream:3000/b>, <http://gw:8080/a>",
        "<http://gw:8080>", "<http://gw:8080?q=1>", "<http://gw:8080#f>", "<http://gw:8080", "<http://gw:808",
        "<https://gw:8080/a>", "<ftp://gw:8080/a>", "<", "", "no brackets http://upstream/a"};

    for (String link : links) {
      String replaced = link.replaceAll("(?i)<\\s*https?://[^/?#>]*", "<" + base);
      assertThat(LinkRewriteFilter.rewrite(link, base)).as(link).isEqualTo(replaced);
    }
  }
}
