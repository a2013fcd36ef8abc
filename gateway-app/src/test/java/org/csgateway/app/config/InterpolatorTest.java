package org.csgateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolatorTest {
  private final Interpolator interpolator =
      new Interpolator(Map.of("SECRET", "s3cr3t", "EMPTY", "", "PORT", "9090")::get);

  @Test
  void should_replace_a_variable_when_it_is_set() {
    assertThat(interpolator.apply("Bearer ${SECRET}")).isEqualTo("Bearer s3cr3t");
    assertThat(interpolator.apply("${PORT}${PORT}")).isEqualTo("90909090");
  }

  @Test
  void should_use_the_default_when_the_variable_is_unset_or_empty() {
    assertThat(interpolator.apply("${MISSING:-fallback}")).isEqualTo("fallback");
    assertThat(interpolator.apply("${EMPTY:-fallback}")).isEqualTo("fallback");
    assertThat(interpolator.apply("${MISSING:-}")).isEmpty();
    assertThat(interpolator.apply("${SECRET:-unused}")).isEqualTo("s3cr3t");
  }

  @Test
  void should_fail_naming_the_variable_when_it_is_unset_without_default() {
    assertThatThrownBy(() -> interpolator.apply("${NOPE}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("environment variable NOPE is not set");
  }

  @Test
  void should_keep_text_literal_when_it_has_no_reference_or_an_escaped_one() {
    assertThat(interpolator.apply("plain $ text")).isEqualTo("plain $ text");
    assertThat(interpolator.apply("$${SECRET}")).isEqualTo("${SECRET}");
  }

  @Test
  void should_fail_when_a_reference_is_malformed() {
    assertThatThrownBy(() -> interpolator.apply("${1BAD}")).hasMessageContaining("malformed variable reference");
    assertThatThrownBy(() -> interpolator.apply("${UNCLOSED")).hasMessageContaining("malformed variable reference");
  }
}
