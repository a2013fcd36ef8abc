package org.csgateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

  @Test
  void should_parse_durations_when_written_with_a_unit() {
    assertThat(ConfigValues.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(ConfigValues.duration("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(ConfigValues.duration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(ConfigValues.duration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(ConfigValues.duration("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(ConfigValues.duration("0")).isZero();
  }

  @Test
  void should_refuse_a_duration_when_it_has_no_or_an_unknown_unit() {
    for (String bad : new String[] {"30", "2 seconds", "1.5s", "-1s", "s", ""}) {
      assertThatThrownBy(() -> ConfigValues.duration(bad)).as(bad)
          .hasMessageStartingWith("must be a duration such as 250ms");
    }
  }

  @Test
  void should_parse_sizes_when_written_in_binary_or_decimal_units_or_bytes() {
    assertThat(ConfigValues.size("10MiB")).isEqualTo(10L * 1024 * 1024);
    assertThat(ConfigValues.size("512KiB")).isEqualTo(512L * 1024);
    assertThat(ConfigValues.size("2GiB")).isEqualTo(2L << 30);
    assertThat(ConfigValues.size("64KB")).isEqualTo(64_000);
    assertThat(ConfigValues.size("100B")).isEqualTo(100);
    assertThat(ConfigValues.size("4096")).isEqualTo(4096);
  }

  @Test
  void should_refuse_a_size_when_it_is_malformed_or_too_large() {
    assertThatThrownBy(() -> ConfigValues.size("10 megabytes")).hasMessageStartingWith("must be a size");
    assertThatThrownBy(() -> ConfigValues.size("10mib")).hasMessageStartingWith("must be a size");
    assertThatThrownBy(() -> ConfigValues.size("999999999999999GiB")).hasMessageStartingWith("is too large");
  }
}
