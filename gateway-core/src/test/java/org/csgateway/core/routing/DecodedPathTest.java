package org.csgateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.csgateway.core.error.GatewayException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DecodedPathTest {
  private static final List<PathPattern> SYSTEM = List.of(PathPattern.of("/api/system/**"));

  @ParameterizedTest
  @ValueSource(strings = {
      "/api/system/events", "/api/%73ystem/events", "/api%2Fsystem/events", "/api%2fsystem%2fevents",
      "/api//system/events", "/api/system;x=1/events", "/API/System/events", "/api/system.json",
      "/api/system/events.xml", "/api/%2573ystem/events", "/api/system"})
  void should_match_the_blocked_pattern_when_the_path_spells_it_another_way(String raw) {
    assertThat(DecodedPath.of(raw).matchesAny(SYSTEM)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/projects", "/api/systems/x", "/api/projects/system", "/api/x%2Fsystem"})
  void should_not_match_the_blocked_pattern_when_the_path_is_elsewhere(String raw) {
    assertThat(DecodedPath.of(raw).matchesAny(SYSTEM)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/api/projects/../system/events", "/api/./projects", "/api/projects/%2e%2e/system", "/api/projects/%2E",
      "/api/projects/..%2Fsystem", "/api/projects/..;x/system", "/api/projects/%252e%252e/system", "/api/.."})
  void should_refuse_with_400_when_the_path_has_a_dot_segment(String raw) {
    assertThatThrownBy(() -> DecodedPath.of(raw))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).contains("dot segment");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api\\system", "/api/%5Csystem", "/api/%5csystem"})
  void should_refuse_with_400_when_the_path_has_a_backslash(String raw) {
    assertThatThrownBy(() -> DecodedPath.of(raw)).hasMessageContaining("backslash");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/projects%00", "/api/pro%0d%0ajects", "/api/%7f"})
  void should_refuse_with_400_when_the_path_has_a_control_character(String raw) {
    assertThatThrownBy(() -> DecodedPath.of(raw)).hasMessageContaining("control character");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/%", "/api/%4", "/api/%zz", "/api/%g0x"})
  void should_refuse_with_400_when_the_percent_encoding_is_malformed(String raw) {
    assertThatThrownBy(() -> DecodedPath.of(raw)).hasMessageContaining("malformed percent-encoding");
  }

  @Test
  void should_accept_a_percent_encoded_base64_id_when_it_decodes_to_slashes_and_plus_signs() {
    DecodedPath path = DecodedPath.of("/api/projects/1/backups/ab%2Bc%2Fd%3D");
    assertThat(path.spellings()).containsExactly(List.of("api", "projects", "1", "backups", "ab+c", "d="));
  }

  @Test
  void should_keep_a_literal_percent_when_the_once_decoded_path_is_not_an_encoding() {
    assertThat(DecodedPath.of("/api/a%25zz").spellings()).containsExactly(List.of("api", "a%zz"));
  }

  @Test
  void should_decode_utf8_when_the_path_has_encoded_multibyte_characters() {
    assertThat(DecodedPath.of("/api/caf%C3%A9").spellings()).containsExactly(List.of("api", "café"));
  }
}
