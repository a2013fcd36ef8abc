package org.csgateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathPatternTest {

  private static List<String> segments(String path) {
    return path.equals("/") ? List.of() : List.of(path.substring(1).split("/"));
  }

  @Test
  void should_match_any_depth_including_none_when_the_pattern_ends_in_double_star() {
    PathPattern system = PathPattern.of("/api/system/**");
    assertThat(system.matches(segments("/api/system"))).isTrue();
    assertThat(system.matches(segments("/api/system/events"))).isTrue();
    assertThat(system.matches(segments("/api/system/events/1/x"))).isTrue();
    assertThat(system.matches(segments("/api/systems"))).isFalse();
    assertThat(system.matches(segments("/api"))).isFalse();
  }

  @Test
  void should_match_exactly_one_segment_when_the_pattern_has_a_single_star() {
    PathPattern one = PathPattern.of("/api/*/secret");
    assertThat(one.matches(segments("/api/x/secret"))).isTrue();
    assertThat(one.matches(segments("/api/secret"))).isFalse();
    assertThat(one.matches(segments("/api/x/y/secret"))).isFalse();
  }

  @Test
  void should_match_double_star_in_the_middle_when_segments_follow() {
    PathPattern middle = PathPattern.of("/api/**/events");
    assertThat(middle.matches(segments("/api/events"))).isTrue();
    assertThat(middle.matches(segments("/api/a/b/events"))).isTrue();
    assertThat(middle.matches(segments("/api/a/b/other"))).isFalse();
  }

  @Test
  void should_ignore_case_when_comparing_literal_segments() {
    assertThat(PathPattern.of("/api/system/**").matches(segments("/API/SyStEm/events"))).isTrue();
  }

  @Test
  void should_refuse_a_pattern_when_it_is_malformed() {
    assertThatThrownBy(() -> PathPattern.of("api/system")).hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> PathPattern.of("/api//system")).hasMessageContaining("empty segments");
    assertThatThrownBy(() -> PathPattern.of("/api/sys*")).hasMessageContaining("whole segments");
  }

  @Test
  void should_compare_by_text_when_testing_equality() {
    assertThat(PathPattern.of("/a/**")).isEqualTo(PathPattern.of("/a/**")).hasToString("/a/**");
  }
}
