package org.csgateway.app.e2e.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The soak's gateway process starts as the container image starts the gateway, but for its fixed heap. */
class GatewayProcessTest {
  @Test
  void should_start_with_the_images_jvm_options_and_environment_and_a_fixed_heap() {
    assertThat(GatewayProcess.JVM_FLAGS)
        .startsWith("-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch")
        .contains("-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-XX:TrimNativeHeapInterval=5000")
        .noneMatch(flag -> flag.contains("RAMPercentage") || flag.contains("\""));
    assertThat(GatewayProcess.ENVIRONMENT).containsEntry("MALLOC_ARENA_MAX", "2").doesNotContainKey("JAVA_OPTS");
  }
}
