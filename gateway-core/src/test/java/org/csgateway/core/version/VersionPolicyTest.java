package org.csgateway.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VersionPolicyTest {
  private final VersionPolicy defaults = VersionPolicy.computeStacksDefaults();

  @Test
  void should_follow_the_upstream_source_when_using_the_shipped_defaults() {
    assertThat(defaults.defaultVersion()).isEqualTo(80);
    assertThat(defaults.supported()).containsExactly(80);
    assertThat(defaults.deprecated()).containsExactly(51, 52, 53, 54, 60, 61, 62, 65, 70, 71);
    assertThat(defaults.obsolete()).containsExactly(40, 50);
    assertThat(defaults.status(80)).isEqualTo(VersionPolicy.Status.SUPPORTED);
    assertThat(defaults.status(60)).isEqualTo(VersionPolicy.Status.DEPRECATED);
    assertThat(defaults.status(50)).isEqualTo(VersionPolicy.Status.UNSUPPORTED);
    assertThat(defaults.status(93)).isEqualTo(VersionPolicy.Status.UNSUPPORTED);
    assertThat(defaults.available()).containsExactly(51, 52, 53, 54, 60, 61, 62, 65, 70, 71, 80);
  }

  @Test
  void should_reject_overlapping_lists_when_created() {
    assertThatThrownBy(() -> new VersionPolicy(80, Set.of(80, 60), Set.of(60), Set.of(), DeprecationDates.UNKNOWN,
        Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("supported and deprecated must be disjoint, both contain [60]");
    assertThatThrownBy(() -> new VersionPolicy(80, Set.of(80), Set.of(60), Set.of(60), DeprecationDates.UNKNOWN,
        Map.of()))
        .hasMessage("deprecated and obsolete must be disjoint, both contain [60]");
  }

  @Test
  void should_reject_a_default_that_is_not_supported_when_created() {
    assertThatThrownBy(() -> new VersionPolicy(60, Set.of(80), Set.of(60), Set.of(), DeprecationDates.UNKNOWN,
        Map.of()))
        .hasMessage("default must be one of the supported versions [80], was 60");
  }

  @Test
  void should_reject_dates_for_a_version_that_is_not_deprecated_when_created() {
    assertThatThrownBy(() -> new VersionPolicy(80, Set.of(80), Set.of(60), Set.of(), DeprecationDates.UNKNOWN,
        Map.of(80, DeprecationDates.UNKNOWN)))
        .hasMessage("deprecationByVersion names only deprecated versions [60], was 80");
  }

  @Test
  void should_reject_a_sunset_before_the_deprecation_when_created() {
    assertThatThrownBy(() -> new DeprecationDates(Instant.parse("2025-01-01T00:00:00Z"),
        Instant.parse("2024-01-01T00:00:00Z")))
        .hasMessageStartingWith("sunset must not be before deprecation");
  }

  @Test
  void should_keep_deprecations_and_obsolete_what_the_upstream_dropped_when_learning_the_available_list() {
    VersionPolicy learned = defaults.withAvailable(List.of(60, 70, 80, 81));

    assertThat(learned.supported()).containsExactly(80, 81);
    assertThat(learned.deprecated()).containsExactly(60, 70);
    assertThat(learned.obsolete()).containsExactly(40, 50, 51, 52, 53, 54, 61, 62, 65, 71);
    assertThat(learned.defaultVersion()).isEqualTo(80);
  }

  @Test
  void should_move_the_default_to_the_highest_supported_when_the_upstream_dropped_it() {
    VersionPolicy learned = defaults.withAvailable(List.of(70, 90, 85));

    assertThat(learned.defaultVersion()).isEqualTo(90);
    assertThat(learned.status(80)).isEqualTo(VersionPolicy.Status.UNSUPPORTED);
  }

  @Test
  void should_refuse_a_list_of_deprecated_versions_only_when_learning() {
    assertThatThrownBy(() -> defaults.withAvailable(List.of(60, 70)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withAvailable(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
