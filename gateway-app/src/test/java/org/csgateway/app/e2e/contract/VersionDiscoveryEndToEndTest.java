package org.csgateway.app.e2e.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 4, version discovery, through the real gateway. Both gateways are configured with a YAML policy that
 * differs from the sandbox's list on purpose: it supports 99, which the sandbox does not list, and does not know 53,
 * which the sandbox lists. So which of the two is accepted shows which policy is in force: the sandbox's, learned
 * from its {@code GET /api/version}, or the YAML's, kept when the upstream cannot be reached at start.
 */
@ExtendWith(VertxExtension.class)
class VersionDiscoveryEndToEndTest {
  /** Discovery on, with the demo user's Basic credentials (the upstream answers /api/version only to a user). */
  private static final String VERSIONS = """
      versions:
        default: 80
        supported: [80, 99]
        deprecated: [60]
        obsolete: [40, 50]
        discovery: {enabled: true, timeout: 2s, authorization: "%s"}
      """.formatted(ContractHttp.DEMO_BASIC);
  /** {@code api_available_versions} of the sandbox's {@code GET /api/version}. */
  private static final String SANDBOX_AVAILABLE = "51, 52, 53, 54, 60, 61, 62, 65, 70, 71, 80";

  private static ContractHttp http;

  @BeforeAll
  static void start(Vertx vertx) {
    http = new ContractHttp(vertx);
  }

  @AfterAll
  static void stop() {
    http.close();
  }

  private static ContractHttp.Reply projects(TestGateway gateway, int version) {
    return http.to(gateway.ports().proxy(), HttpMethod.GET, "/api/projects?per_page=1")
        .header("Accept", "application/json; api_version=" + version).asDemo().send();
  }

  @Nested
  class FromTheSandbox {
    private TestGateway gateway;

    @BeforeEach
    void start(Vertx vertx) {
      gateway = TestGateway.start(vertx, TestGateway.SANDBOX_YAML + VERSIONS);
    }

    @AfterEach
    void stop() {
      gateway.close();
    }

    @Test
    void should_accept_what_the_sandbox_lists_and_refuse_what_it_does_not_when_discovery_is_on() {
      assertThat(gateway.sandbox().stats().routeRequests("GET /api/version"))
          .as("discovery calls of the sandbox's /api/version").isPositive();

      ContractHttp.Reply listedOnlyBySandbox = projects(gateway, 53);
      ContractHttp.Reply listedOnlyByYaml = projects(gateway, 99);
      ContractHttp.Reply deprecatedInBoth = projects(gateway, 60);

      assertThat(listedOnlyBySandbox.status()).as("53, listed by the sandbox only").isEqualTo(200);
      assertThat(listedOnlyByYaml.status()).as("99, listed by the YAML only").isEqualTo(422);
      assertThat(listedOnlyByYaml.header("API-Available-Versions")).isEqualTo(SANDBOX_AVAILABLE);
      assertThat(deprecatedInBoth.status()).isEqualTo(200);
      assertThat(StructuredFieldDate.parse(deprecatedInBoth.header("Deprecation"))).isEqualTo(Instant.EPOCH);
    }
  }

  @Nested
  class UpstreamDownAtStart {
    private TestGateway gateway;

    @BeforeEach
    void start(Vertx vertx) {
      gateway = TestGateway.start(vertx, """
          server: {host: 127.0.0.1, port: 0, instances: 1}
          admin: {host: 127.0.0.1, port: 0}
          sandbox: {enabled: false}
          upstream: {url: "http://127.0.0.1:%d", connectTimeout: 1s}
          """.formatted(closedPort()) + VERSIONS);
    }

    @AfterEach
    void stop() {
      gateway.close();
    }

    @Test
    void should_keep_the_yaml_versions_when_the_upstream_cannot_be_reached_at_start() {
      ContractHttp.Reply listedOnlyByYaml = projects(gateway, 99);
      ContractHttp.Reply listedOnlyBySandbox = projects(gateway, 53);

      // Accepted by the version stage, so the request goes on and fails where the upstream is needed.
      assertThat(listedOnlyByYaml.status()).as("99, supported by the YAML").isEqualTo(502);
      assertThat(listedOnlyByYaml.header("API-Version-Supported")).isNull();
      assertThat(listedOnlyBySandbox.status()).as("53, unknown to the YAML").isEqualTo(422);
      assertThat(listedOnlyBySandbox.header("API-Version-Supported")).isEqualTo("false");
      assertThat(listedOnlyBySandbox.header("API-Available-Versions")).isEqualTo("60, 80, 99");
      assertThat(listedOnlyBySandbox.json().getJsonArray("errors").getList())
          .containsExactly("You requested an unsupported version (53)");
    }
  }

  /** A loopback port nothing listens on: bound, read and released. */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
