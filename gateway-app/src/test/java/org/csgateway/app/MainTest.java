package org.csgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csgateway.app.config.GatewayConfigLoader;
import org.csgateway.app.config.IoTransport;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line run in-process: output captured, the exit code returned instead of exiting. */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8),
      new GatewayConfigLoader(Map.of("UPSTREAM", "http://127.0.0.1:3000")::get, () -> 2));

  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    main.stop().await();
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String file(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml).toString();
  }

  @Nested
  class Validate {
    @Test
    void should_print_ok_and_exit_0_when_the_bundled_configuration_is_validated() {
      assertThat(main.run("--validate")).isZero();
      assertThat(out()).contains("OK: classpath:gateway.yaml is valid");
      assertThat(main.application()).isEmpty();
    }

    @Test
    void should_print_ok_and_exit_0_when_a_good_file_is_validated() throws IOException {
      String good = file("good.yaml", "upstream:\n  url: ${UPSTREAM}\nserver: {port: 9999}\n");
      assertThat(main.run("--validate", "--config", good)).isZero();
      assertThat(out()).contains("OK: " + good);
      assertThat(err()).isEmpty();
    }

    @Test
    void should_print_every_error_and_exit_1_when_a_bad_file_is_validated() throws IOException {
      String bad = file("bad.yaml", """
          server: {port: 70000, limits: {idleTimeout: forever}}
          upstream: {url: 'http://cs:3000', poolSize: 0}
          admni: {port: 1}
          """);
      assertThat(main.run("--config", bad, "--validate")).isEqualTo(1);
      assertThat(err()).contains(bad + ": 4 configuration error(s):")
          .contains("  server.port: must be between 0 and 65535, was 70000")
          .contains("  server.limits.idleTimeout: must be a duration such as 250ms, 2s, 5m, 1h or 1d, was 'forever'")
          .contains("  upstream.poolSize: must be between 1 and 100000, was 0")
          .contains("  admni: unknown key; did you mean 'admin'?");
      assertThat(out()).doesNotContain("OK");
    }
  }

  @Nested
  class Arguments {
    @Test
    void should_print_usage_and_exit_2_when_an_argument_is_unknown() {
      assertThat(main.run("--frobnicate")).isEqualTo(2);
      assertThat(err()).contains("unknown argument '--frobnicate'").contains("usage: java -jar gateway.jar");
    }

    @Test
    void should_exit_2_when_config_has_no_path() {
      assertThat(main.run("--config")).isEqualTo(2);
      assertThat(err()).contains("--config needs a file path");
    }
  }

  @Nested
  class Start {
    @Test
    void should_print_every_error_and_not_start_when_the_configuration_is_invalid() throws IOException {
      String bad = file("bad.yaml", "server: {port: -5}\nsandbox: {enabled: maybe}\n");
      assertThat(main.run("--config", bad)).isEqualTo(1);
      assertThat(err()).contains(bad + ": 2 configuration error(s):")
          .contains("server.port: must be between 0 and 65535, was -5")
          .contains("sandbox.enabled: must be true or false, was 'maybe'");
      assertThat(main.application()).isEmpty();
    }

    @Test
    void should_listen_and_print_the_ports_and_demo_credentials_when_started_in_front_of_the_sandbox()
        throws IOException {
      String config = file("demo.yaml", """
          server: {host: 127.0.0.1, port: 0, instances: 1}
          admin: {port: 0}
          sandbox: {enabled: true}
          shutdown: {drainDelay: 0s, drainTimeout: 1s}
          """);
      assertThat(main.run("--config", config)).isZero();

      Matcher listening = Pattern.compile("csgateway listening proxy=(\\d+) admin=(\\d+)").matcher(out());
      assertThat(listening.find()).as(out()).isTrue();
      GatewayApplication application = main.application().orElseThrow();
      assertThat(application.readiness().isReady()).isTrue();
      GatewayApplication.Ports ports = application.ports();
      assertThat(Integer.parseInt(listening.group(1))).isEqualTo(ports.proxy());
      assertThat(Integer.parseInt(listening.group(2))).isEqualTo(ports.admin());
      assertThat(out()).contains("(1 event-loop instance(s) on "
          + GatewayVertx.transport(IoTransport.AUTO).name() + ")");
      assertThat(out()).contains(SandboxIdentities.DEMO_API_KEY + " / " + SandboxIdentities.DEMO_API_SECRET)
          .contains(SandboxIdentities.DEMO_CLIENT_ID + " / " + SandboxIdentities.DEMO_CLIENT_SECRET)
          .contains("curl -i -u demo-api-key:demo-api-secret 'http://127.0.0.1:" + ports.proxy()
              + "/api/projects?per_page=5'");

      Vertx vertx = Vertx.vertx();
      try {
        WebClient client = WebClient.create(vertx);
        HttpResponse<Buffer> response = client.get(ports.proxy(), "127.0.0.1", "/api/projects?per_page=1")
            .basicAuthentication(SandboxIdentities.DEMO_API_KEY, SandboxIdentities.DEMO_API_SECRET)
            .putHeader("Accept", "application/json").send().await();
        assertThat(response.statusCode()).isEqualTo(200);
      } finally {
        vertx.close().await();
      }
    }

    @Test
    void should_stop_without_error_when_the_drain_waits_on_an_event_loop_timer() throws IOException {
      String config = file("proxy.yaml", """
          server: {host: 127.0.0.1, port: 0, instances: 1}
          admin: {host: 127.0.0.1, port: 0}
          upstream: {url: "http://127.0.0.1:1"}
          sandbox: {enabled: false}
          shutdown: {drainDelay: 1s, drainTimeout: 1s}
          """);
      assertThat(main.run("--config", config)).isZero();

      // The drain delay runs on an event-loop timer, so the drain's future belongs to that event loop. Closing Vert.x
      // was chained to it, and handing the result back to that (by then terminated) event loop was rejected: every
      // SIGTERM printed a RejectedExecutionException and "shutdown did not complete", though the gateway had drained.
      assertThatCode(() -> main.stop().await(20, TimeUnit.SECONDS)).doesNotThrowAnyException();
    }
  }
}
