package org.csgateway.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.csgateway.app.config.AccessLogSettings;
import org.csgateway.app.config.ConfigException;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.config.MetricsSettings;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** The {@code metrics} and {@code accessLog} sections: defaults, and every error reported at once. */
class MetricsConfigTest {

  @Test
  void should_turn_metrics_and_the_access_log_on_when_the_sections_are_absent() {
    GatewayConfig config = TestGateway.parse(TestGateway.SANDBOX_YAML);

    assertThat(config.metrics()).isEqualTo(new MetricsSettings(true, true, true, false));
    assertThat(config.accessLog()).isEqualTo(new AccessLogSettings(true));
  }

  @Test
  void should_read_each_switch_when_the_sections_set_them() {
    GatewayConfig config = TestGateway.parse(TestGateway.SANDBOX_YAML + """
        metrics: {enabled: true, histograms: false, jvm: false, vertxHttp: true}
        accessLog: {enabled: false}
        """);

    assertThat(config.metrics()).isEqualTo(new MetricsSettings(true, false, false, true));
    assertThat(config.accessLog().enabled()).isFalse();
  }

  @Test
  void should_list_every_error_when_the_sections_are_wrong() {
    ConfigException refused = catchThrowableOfType(ConfigException.class, () -> TestGateway.parse(
        TestGateway.SANDBOX_YAML + """
            metrics: {enabled: maybe, histogram: true}
            accessLog: {enabled: 3}
            """));

    assertThat(refused.errors()).extracting(Object::toString)
        .anyMatch(e -> e.contains("metrics.enabled"))
        .anyMatch(e -> e.contains("metrics.histogram"))
        .anyMatch(e -> e.contains("accessLog.enabled"));
  }
}
