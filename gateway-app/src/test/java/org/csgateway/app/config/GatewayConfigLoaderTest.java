package org.csgateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.csgateway.core.forward.RetryConfig;
import org.csgateway.core.forward.UpstreamConfig;
import org.csgateway.core.http.ForwardedConfig;
import org.csgateway.core.http.ForwardedMode;
import org.csgateway.core.routing.RoutingConfig;
import org.csgateway.core.routing.UnmatchedPolicy;
import org.csgateway.core.server.ServerLimits;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigLoaderTest {
  private static final Map<String, String> ENV = Map.of("UPSTREAM_URL", "http://cs.internal:3000");

  @TempDir
  Path dir;

  private final GatewayConfigLoader loader = new GatewayConfigLoader(ENV::get, () -> 3);

  private GatewayConfig parse(String yaml) {
    return loader.parse(yaml, "test.yaml", new ConfigResources(dir));
  }

  private List<String> errorsOf(String yaml) {
    return ConfigErrorLists.errorsOf(() -> parse(yaml));
  }

  @Nested
  class Defaults {
    @Test
    void should_load_the_bundled_configuration_in_front_of_the_sandbox() {
      GatewayConfig config = loader.load(GatewayConfigLoader.BUNDLED);
      assertThat(config.sandbox().enabled()).isTrue();
      assertThat(config.server().port()).isEqualTo(8080);
      assertThat(config.admin().port()).isEqualTo(8081);
      assertThat(config.server().instances()).as("0 = one per core").isEqualTo(3);
      assertThat(config.upstream().url()).isEqualTo(URI.create("http://127.0.0.1:0"));
      assertThat(config.routes().table().routes()).hasSize(192 + 142);
    }

    @Test
    void should_resolve_every_default_when_only_the_upstream_url_is_given() {
      GatewayConfig config = parse("upstream:\n  url: ${UPSTREAM_URL}\n");
      assertThat(config.server()).usingRecursiveComparison().isEqualTo(new ServerConfig("0.0.0.0", 8080, 3, null, ServerLimits.defaults(),
          ForwardedConfig.defaults()));
      assertThat(config.server().limits().maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
      assertThat(config.server().h2c()).as("cleartext HTTP/2 off, for the edge's protections").isFalse();
      assertThat(config.server().transport()).isEqualTo(IoTransport.AUTO);
      assertThat(config.admin()).isEqualTo(new AdminConfig("127.0.0.1", 8081));
      assertThat(config.upstream()).isEqualTo(UpstreamConfig.of(URI.create("http://cs.internal:3000")));
      assertThat(config.upstream().retry()).isEqualTo(RetryConfig.defaults());
      RoutingConfig routes = config.routes();
      assertThat(routes.unmatched()).isEqualTo(UnmatchedPolicy.REJECT);
      assertThat(routes.blocked()).isEqualTo(RoutingConfig.DEFAULT_BLOCKED);
      assertThat(routes.table().routes()).hasSize(334);
      assertThat(config.sandbox().enabled()).isFalse();
    }

    @Test
    void should_read_every_key_when_all_are_written() {
      GatewayConfig config = parse("""
          server:
            host: 127.0.0.1
            port: 9090
            instances: 2
            h2c: true
            transport: io_uring
            publicBaseUrl: https://api.example.com
            limits: {maxUriLength: 4096, maxHeaderBytes: 8KiB, maxBodyBytes: 1MiB, requestTimeout: 5s, idleTimeout: 1m}
            forwarded: {trustedProxies: [10.0.0.0/8], mode: both, via: edge}
          admin: {host: 0.0.0.0, port: 9091}
          upstream:
            url: https://cs.example.com/base
            poolSize: 8
            connectTimeout: 250ms
            responseTimeout: 10s
            bodyIdleTimeout: 3s
            preserveHost: true
            retry: {attempts: 2, methods: [GET, put], budgetRatio: 0.5, minRetriesPerSecond: 3}
          routes: {files: [classpath:routes/computestacks.yaml], unmatched: forward, blocked: [/internal/**]}
          sandbox: {enabled: false, port: 7000}
          """);
      assertThat(config.server().publicBaseUrl()).isEqualTo(URI.create("https://api.example.com"));
      assertThat(config.server().h2c()).isTrue();
      assertThat(config.server().transport()).isEqualTo(IoTransport.IO_URING);
      assertThat(config.server().limits()).isEqualTo(
          new ServerLimits(4096, 8192, 1024 * 1024, Duration.ofSeconds(5), Duration.ofMinutes(1)));
      assertThat(config.server().forwarded().mode()).isEqualTo(ForwardedMode.BOTH);
      assertThat(config.server().forwarded().trustedProxies().networks()).containsExactly("10.0.0.0/8");
      assertThat(config.upstream().retry().methods()).containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.PUT);
      assertThat(config.upstream().basePath()).isEqualTo("/base");
      assertThat(config.upstream().bodyIdleTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(config.routes().table().routes()).hasSize(192);
      assertThat(config.routes().unmatched()).isEqualTo(UnmatchedPolicy.FORWARD);
      assertThat(config.sandbox().options().port()).isEqualTo(7000);
    }
  }

  @Nested
  class Validation {
    @Test
    void should_list_every_invalid_field_with_its_path_when_a_file_has_many_errors() {
      assertThat(errorsOf("""
          server:
            port: 70000
            instances: -1
            transport: kqueue
            publicBaseUrl: ftp://nope/path
            limits: {requestTimeout: 30, maxBodyBytes: lots, maxUriLenght: 10}
            forwarded: {trustedProxies: [10.0.0.0/8, 10.0.0.1/8, banana], mode: sideways, via: "two words"}
          admin: {prot: 1, host: "${ADMIN_HOST}"}
          upstream:
            poolSize: 0
            retry: {methods: [GET, POST], budgetRatio: high}
          routes: {unmatched: maybe, blocked: ["/api/sys*"]}
          telemetry: {enabled: true}
          """)).containsExactly(
          "server.port: must be between 0 and 65535, was 70000",
          "server.instances: must be between 0 and 1024, was -1",
          "server.publicBaseUrl: must be an absolute http(s) URL without path, query or user info,"
              + " was 'ftp://nope/path'",
          "server.limits.maxBodyBytes: must be a size such as 10MiB, 512KiB, 64KB or a number of bytes, was 'lots'",
          "server.limits.requestTimeout: must be a duration such as 250ms, 2s, 5m, 1h or 1d, was 30",
          "server.limits.maxUriLenght: unknown key; did you mean 'maxUriLength'?",
          "server.forwarded.trustedProxies[1]: trusted proxy network '10.0.0.1/8' has host bits set;"
              + " did you mean 10.0.0.0/8?",
          "server.forwarded.trustedProxies[2]: trusted proxy network 'banana' is not an IP address or CIDR network",
          "server.forwarded.mode: must be one of x-forwarded, forwarded, both, was 'sideways'",
          "server.forwarded: via must be a token (letters, digits, '-', '.', ...), was 'two words'",
          "server.transport: must be one of auto, io_uring, epoll, nio, was 'kqueue'",
          "admin.host: environment variable ADMIN_HOST is not set and has no default"
              + " (write ${ADMIN_HOST:-default} to give one)",
          "admin.prot: unknown key; did you mean 'port'?",
          "upstream.url: is required (or set sandbox.enabled: true to run in front of the sandbox)",
          "upstream.poolSize: must be between 1 and 100000, was 0",
          "upstream.retry.methods[1]: must be one of GET, HEAD, OPTIONS, PUT, DELETE (others are never retried),"
              + " was 'POST'",
          "upstream.retry.budgetRatio: must be a number, was 'high'",
          "routes.unmatched: must be one of reject, forward, was 'maybe'",
          "routes.blocked[0]: '*' and '**' must be whole segments, was 'sys*' in '/api/sys*'",
          "telemetry: unknown key; known keys here: accessLog, admin, auth, cache, cors, errors, health, metrics,"
              + " pagination, rateLimit, reload, routes, sandbox, server, shutdown, upstream, versions");
    }

    @Test
    void should_report_a_records_own_check_at_the_sections_path_when_its_compact_constructor_refuses() {
      assertThat(errorsOf("upstream: {url: 'http://cs:3000/?q=1'}\n"))
          .containsExactly("upstream.url: must not have a query, fragment or user info, was 'http://cs:3000/?q=1'");
    }

    @Test
    void should_bound_upstream_body_pauses_by_the_response_timeout_when_no_body_idle_timeout_is_written() {
      assertThat(parse("upstream: {url: 'http://cs:3000', responseTimeout: 7s}\n").upstream().bodyIdleTimeout())
          .isEqualTo(Duration.ofSeconds(7));
      assertThat(errorsOf("upstream: {url: 'http://cs:3000', bodyIdleTimeout: 0s}\n"))
          .containsExactly("upstream: bodyIdleTimeout must be positive, was PT0S");
    }

    @Test
    void should_refuse_an_upstream_url_when_the_sandbox_is_the_upstream() {
      assertThat(errorsOf("sandbox: {enabled: true}\nupstream: {url: 'http://cs:3000'}\n"))
          .containsExactly("upstream.url: must not be set when sandbox.enabled is true: the sandbox is the upstream");
    }

    @Test
    void should_accept_several_sandbox_event_loops_when_its_port_is_chosen_at_random() {
      assertThat(parse("sandbox: {enabled: true, instances: 2}\n").sandbox().options().instances()).isEqualTo(2);
    }

    @Test
    void should_report_the_line_when_the_file_is_not_valid_yaml() {
      assertThat(errorsOf("server:\n  port: [8080\n")).singleElement().asString()
          .startsWith("test.yaml: invalid YAML at line 3");
    }

    @Test
    void should_report_an_unreadable_file_when_the_path_does_not_exist() {
      assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml").toString()))
          .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).singleElement().asString()
              .contains("missing.yaml: cannot read the configuration: no such file"));
    }
  }

  @Nested
  class RouteFiles {
    @Test
    void should_name_the_file_and_entry_index_when_route_entries_are_invalid() throws IOException {
      Files.writeString(dir.resolve("bad-routes.yaml"), """
          routes:
            - {method: GET, path: /api/ok, auth: scoped, scopes: [a]}
            - {method: FETCH, path: /api/x, auth: scoped}
            - {method: GET, auth: none}
            - {method: POST, path: /api/y, auth: none, paginated: true}
            - {method: GET, path: /api/z, auth: sometimes, scope_match: any}
            - {method: GET, path: "/api/{bad-name}", auth: none}
          """);
      assertThat(errorsOf("upstream: {url: 'http://cs:3000'}\nroutes: {files: [bad-routes.yaml]}\n"))
          .containsExactly(
              "bad-routes.yaml: routes[1].method: must be one of get, head, post, put, patch, delete, options,"
                  + " was 'FETCH'",
              "bad-routes.yaml: routes[2].path: is required",
              "bad-routes.yaml: routes[3]: a paginated route must be a collection",
              "bad-routes.yaml: routes[4].auth: must be one of scoped, user_only, admin_user, none, oauth,"
                  + " was 'sometimes'",
              "bad-routes.yaml: routes[4].scope_match: unknown key; did you mean 'scopeMatch'?",
              "bad-routes.yaml: routes[5]: path segment '{bad-name}' of '/api/{bad-name}' is neither a literal"
                  + " nor a {parameter}");
    }

    @Test
    void should_report_duplicates_and_missing_files_when_the_route_files_conflict() throws IOException {
      Files.writeString(dir.resolve("a.yaml"), "routes:\n  - {method: GET, path: '/api/p/{id}', auth: none}\n");
      Files.writeString(dir.resolve("b.yaml"), "routes:\n  - {method: GET, path: '/api/p/{p_id}', auth: none}\n");
      assertThat(errorsOf("upstream: {url: 'http://cs:3000'}\nroutes: {files: [a.yaml, b.yaml]}\n"))
          .containsExactly("routes.files: duplicate route GET /api/p/{p_id} (same shape as /api/p/{id})");
      assertThat(errorsOf("upstream: {url: 'http://cs:3000'}\nroutes: {files: [a.yaml, nope.yaml]}\n"))
          .singleElement().asString().startsWith("routes.files[1]: cannot read route file 'nope.yaml': no such file");
    }

    @Test
    void should_resolve_route_files_against_the_configurations_directory_when_loading_a_file() throws IOException {
      Path sub = Files.createDirectories(dir.resolve("conf"));
      Files.writeString(sub.resolve("mine.yaml"), "routes:\n  - {method: GET, path: /api/ping, auth: none}\n");
      Files.writeString(sub.resolve("gateway.yaml"), "upstream: {url: 'http://cs:3000'}\nroutes: {files: [mine.yaml]}\n");
      GatewayConfig config = loader.load(sub.resolve("gateway.yaml").toString());
      assertThat(config.routes().table().routes()).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo("/api/ping"));
    }

    @Test
    void should_refuse_an_empty_table_when_unmatched_requests_are_rejected() {
      assertThat(errorsOf("upstream: {url: 'http://cs:3000'}\nroutes: {files: []}\n")).containsExactly(
          "routes.files: no routes are configured while unmatched is reject, so every request would be refused");
      assertThat(parse("upstream: {url: 'http://cs:3000'}\nroutes: {files: [], unmatched: forward}\n")
          .routes().table().routes()).isEmpty();
    }
  }
}
