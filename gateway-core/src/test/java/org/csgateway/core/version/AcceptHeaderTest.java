package org.csgateway.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcceptHeaderTest {

  @Test
  void should_read_every_range_with_its_parameters_and_weight_when_several_are_sent() {
    List<MediaRange> ranges = AcceptHeader.parse(
        "Application/JSON ; API_Version = 60 ; Q=0.5 , text/xml;charset=\"utf-8\", */*;q=0.001");

    assertThat(ranges).containsExactly(
        new MediaRange("application", "json", Map.of("api_version", "60"), 0.5, 0),
        new MediaRange("text", "xml", Map.of("charset", "utf-8"), 1, 1),
        new MediaRange("*", "*", Map.of(), 0.001, 2));
  }

  @Test
  void should_unescape_quoted_values_and_keep_separators_inside_them() {
    List<MediaRange> ranges = AcceptHeader.parse("a/b; x=\"1,2;3 \\\"four\\\\\", c/d");

    assertThat(ranges).hasSize(2);
    assertThat(ranges.get(0).parameter("x")).isEqualTo("1,2;3 \"four\\");
    assertThat(ranges.get(1).type()).isEqualTo("c");
  }

  @Test
  void should_keep_the_range_but_drop_a_malformed_parameter() {
    List<MediaRange> ranges = AcceptHeader.parse("application/json; bare; a b=1; v=\"open; api_version=7");

    assertThat(ranges).containsExactly(new MediaRange("application", "json", Map.of(), 1, 0));
  }

  @Test
  void should_drop_only_the_range_with_an_invalid_weight() {
    assertThat(AcceptHeader.parse("a/b;q=1.5, c/d;q=x, e/f;q=.5, g/h;q=0.25"))
        .extracting(MediaRange::type).containsExactly("g");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", ",", "garbage", "/", "a/", "/b", "a/b/c", "\"", "a/b;q", "a/b;=;=", "\u0000/\u0001",
      "application/json;q=1e5", "ü/ü", "a/b; x=\"\\"})
  void should_never_throw_when_the_header_is_garbage(String header) {
    assertThatCode(() -> AcceptHeader.parse(header)).doesNotThrowAnyException();
    assertThatCode(() -> RequestedVersion.negotiate(header, null)).doesNotThrowAnyException();
  }

  @Test
  void should_give_nothing_when_the_header_is_absent() {
    assertThat(AcceptHeader.parse(null)).isEmpty();
  }
}
