package org.csgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredHeadersTest {
  @Test
  void should_keep_only_the_kept_headers_in_their_order_with_every_value() {
    MultiMap upstream = HttpHeaders.headers()
        .add("Set-Cookie", "session=1")
        .add("Link", "<a>; rel=\"next\"")
        .add("Content-Type", "application/json; charset=utf-8")
        .add("Vary", "Accept")
        .add("Vary", "Accept-Encoding")
        .add("X-Request-Id", "abc")
        .add("Cache-Control", "max-age=0, private, must-revalidate");

    assertThat(pairs(StoredHeaders.of(upstream))).containsExactly(
        "Content-Type: application/json; charset=utf-8",
        "Link: <a>; rel=\"next\"",
        "Cache-Control: max-age=0, private, must-revalidate",
        "Vary: Accept",
        "Vary: Accept-Encoding");
  }

  @Test
  void should_add_cache_control_private_only_when_the_upstream_sent_none() {
    assertThat(pairs(StoredHeaders.of(HttpHeaders.headers().add("ETag", "\"1\""))))
        .containsExactly("ETag: \"1\"", "Cache-Control: private");
    assertThat(pairs(StoredHeaders.of(HttpHeaders.headers().add("Cache-Control", "no-transform"))))
        .containsExactly("Cache-Control: no-transform");
  }

  @Test
  void should_restore_every_octet_exactly_and_refuse_a_value_it_could_not() {
    String latin1 = "caf\u00e9 \u00ff~";
    StoredHeaders stored = StoredHeaders.of(HttpHeaders.headers().add("Link", latin1));

    assertThat(stored.first("Link")).isEqualTo(latin1);
    // Not an HTTP header map: those refuse such a value already; the check here is the last line of defence.
    assertThat(StoredHeaders.of(MultiMap.caseInsensitiveMultiMap().add("Link", "snow \u2603"))).isNull();
  }

  @Test
  void should_weigh_exactly_its_packed_bytes() {
    StoredHeaders stored = StoredHeaders.of(HttpHeaders.headers().add("Total", "75").add("Per-Page", "5"));

    // Per-Page "5", Total "75", Cache-Control "private": five bytes of name index and length each, then the value.
    assertThat(stored.length()).isEqualTo(5 + 1 + 5 + 2 + 5 + 7);
  }

  @Test
  void should_take_a_304s_headers_but_keep_the_representations_own() {
    StoredHeaders stored = StoredHeaders.of(HttpHeaders.headers()
        .add("Content-Type", "application/json")
        .add("ETag", "\"old\"")
        .add("Total", "75")
        .add("Cache-Control", "private"));
    MultiMap notModified = HttpHeaders.headers()
        .add("Content-Type", "text/html")
        .add("ETag", "\"new\"")
        .add("Last-Modified", "Tue, 24 Nov 2026 10:00:00 GMT");

    assertThat(pairs(stored.merged(notModified))).containsExactly(
        "Content-Type: application/json",
        "Total: 75",
        "ETag: \"new\"",
        "Last-Modified: Tue, 24 Nov 2026 10:00:00 GMT",
        "Cache-Control: private");
    assertThat(stored.first("ETag")).isEqualTo("\"old\""); // the original is unchanged
  }

  @Test
  void should_answer_the_first_value_or_null() {
    StoredHeaders stored = StoredHeaders.of(HttpHeaders.headers().add("Vary", "Accept").add("Vary", "Origin"));

    assertThat(stored.first("Vary")).isEqualTo("Accept");
    assertThat(stored.first("ETag")).isNull();
  }

  private static List<String> pairs(StoredHeaders headers) {
    List<String> out = new ArrayList<>();
    headers.forEach((name, value) -> out.add(name + ": " + value));
    return out;
  }
}
