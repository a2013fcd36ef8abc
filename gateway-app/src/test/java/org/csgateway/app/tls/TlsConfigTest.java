package org.csgateway.app.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.csgateway.app.config.ConfigError;
import org.csgateway.app.config.ConfigException;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.config.GatewayConfigLoader;
import org.csgateway.app.testing.TestGateway;
import org.csgateway.core.forward.UpstreamTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.http2}, {@code server.tls} and {@code upstream.tls} as the loader reads them: defaults, paths
 * resolved, and every problem with the files reported at the key that names them, all in one load.
 */
class TlsConfigTest {
  @TempDir
  static Path dir;

  private static TestCertificates.Pair pair;
  private static TestCertificates.Pair other;

  @BeforeAll
  static void makeCertificates() {
    pair = TestCertificates.generate(dir, "gateway");
    other = TestCertificates.generate(dir, "other");
  }

  private static String withServerTls(String tls) {
    return """
        server: {host: 127.0.0.1, port: 0, instances: 1, tls: %s}
        sandbox: {enabled: true}
        """.formatted(tls);
  }

  private static List<String> errorsOf(String yaml) {
    try {
      TestGateway.parse(yaml);
    } catch (ConfigException e) {
      return e.errors().stream().map(ConfigError::toString).toList();
    }
    throw new AssertionError("expected configuration errors");
  }

  @Test
  void should_offer_http2_in_cleartext_and_trust_the_jvm_when_nothing_is_configured() {
    GatewayConfig config = TestGateway.parse(TestGateway.SANDBOX_YAML);

    assertThat(config.server().http2()).isTrue();
    assertThat(config.server().tls()).isEqualTo(ServerTlsConfig.disabled());
    assertThat(config.upstream().tls()).isEqualTo(UpstreamTls.defaults());
  }

  @Test
  void should_read_the_tls_files_and_settings_when_they_are_valid() {
    GatewayConfig config = TestGateway.parse("""
        server:
          http2: false
          tls: {enabled: true, certFile: '%s', keyFile: '%s', reloadCheck: 30s}
        upstream: {tls: {caFile: '%s', verifyHost: false}}
        sandbox: {enabled: true}
        """.formatted(pair.cert(), pair.key(), other.cert()));

    assertThat(config.server().http2()).isFalse();
    assertThat(config.server().tls())
        .isEqualTo(new ServerTlsConfig(true, pair.cert(), pair.key(), Duration.ofSeconds(30)));
    assertThat(config.upstream().tls()).isEqualTo(new UpstreamTls(other.cert(), false));
  }

  @Test
  void should_resolve_relative_paths_against_the_configuration_files_directory() throws Exception {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, withServerTls("{enabled: true, certFile: gateway.crt, keyFile: gateway.key}"));

    GatewayConfig loaded = new GatewayConfigLoader(name -> null, () -> 1).load(config.toString());

    assertThat(loaded.server().tls().certFile()).isEqualTo(pair.cert().toAbsolutePath());
    assertThat(loaded.server().tls().keyFile()).isEqualTo(pair.key().toAbsolutePath());
  }

  @Test
  void should_not_read_the_files_when_tls_is_disabled() {
    GatewayConfig config = TestGateway.parse(withServerTls("{enabled: false, certFile: /nowhere.crt}"));

    assertThat(config.server().tls().enabled()).isFalse();
  }

  @Test
  void should_list_every_tls_error_at_its_key_when_several_are_wrong() {
    List<String> errors = errorsOf("""
        server:
          http2: sometimes
          tls: {enabled: true, reloadCheck: soon, certFle: x}
        upstream: {tls: {caFile: '%s', verifyHost: maybe}}
        sandbox: {enabled: true}
        """.formatted(dir.resolve("missing-ca.pem")));

    assertThat(errors).containsExactlyInAnyOrder(
        "server.http2: must be true or false, was 'sometimes'",
        "server.tls.reloadCheck: must be a duration such as 250ms, 2s, 5m, 1h or 1d, was 'soon'",
        "server.tls.certFile: is required",
        "server.tls.keyFile: is required",
        "server.tls.certFle: unknown key; did you mean 'certFile'?",
        "upstream.tls.caFile: file '" + dir.resolve("missing-ca.pem") + "' does not exist or is not a regular file",
        "upstream.tls.verifyHost: must be true or false, was 'maybe'");
  }

  @Test
  void should_name_the_certificate_file_when_it_is_missing_or_not_a_certificate() {
    Path missing = dir.resolve("missing.crt");
    assertThat(errorsOf(withServerTls("{enabled: true, certFile: '%s', keyFile: '%s'}"
        .formatted(missing, pair.key())))).containsExactly(
            "server.tls.certFile: file '" + missing + "' does not exist or is not a regular file");

    assertThat(errorsOf(withServerTls("{enabled: true, certFile: '%s', keyFile: '%s'}"
        .formatted(pair.key(), pair.key())))).singleElement().asString()
        .startsWith("server.tls.certFile: ");
  }

  @Test
  void should_name_the_key_file_when_the_key_does_not_parse() throws Exception {
    Path broken = dir.resolve("broken.key");
    Files.writeString(broken, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

    assertThat(errorsOf(withServerTls("{enabled: true, certFile: '%s', keyFile: '%s'}"
        .formatted(pair.cert(), broken)))).singleElement().asString()
        .startsWith("server.tls.keyFile: is not a PEM private key");
  }

  @Test
  void should_name_the_key_file_when_the_key_belongs_to_another_certificate() {
    assertThat(errorsOf(withServerTls("{enabled: true, certFile: '%s', keyFile: '%s'}"
        .formatted(pair.cert(), other.key())))).singleElement().asString()
        .startsWith("server.tls.keyFile: is not the private key of the certificate 'CN=localhost'");
  }

  @Test
  void should_name_the_ca_file_when_it_holds_no_certificate() {
    assertThat(errorsOf("""
        upstream: {tls: {caFile: '%s'}}
        sandbox: {enabled: true}
        """.formatted(pair.key()))).singleElement().asString().startsWith("upstream.tls.caFile: ");
  }
}
