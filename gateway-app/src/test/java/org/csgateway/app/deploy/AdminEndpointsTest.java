package org.csgateway.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.deploy.DeployFiles.deploy;
import static org.csgateway.app.deploy.DeployFiles.get;
import static org.csgateway.app.deploy.DeployFiles.listAt;
import static org.csgateway.app.deploy.DeployFiles.map;
import static org.csgateway.app.deploy.DeployFiles.read;
import static org.csgateway.app.deploy.DeployFiles.stringAt;
import static org.csgateway.app.deploy.DeployFiles.yaml;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csgateway.app.deploy.DeployManifestsTest.Compose;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The admin paths the deploy manifests probe and scrape (health checks, Kubernetes probes, HAProxy checks,
 * Prometheus and the ServiceMonitor) and the metric names the Grafana dashboard queries, checked against a gateway
 * running here in front of the sandbox with the features the deploy configs switch on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminEndpointsTest {
  static final String READY = "/health/ready";
  static final String LIVE = "/health/live";
  static final String METRICS = "/metrics";

  /** Histogram and summary series carry these suffixes after the metric's own name. */
  private static final Pattern SERIES_SUFFIX = Pattern.compile("_(bucket|count|sum|max)$");
  private static final Pattern GATEWAY_METRIC = Pattern.compile("\\bcsgateway_[a-z0-9_]+");

  private final Vertx vertx = Vertx.vertx();
  private TestGateway gateway;
  private WebClient sandboxClient;

  @BeforeAll
  void start() {
    gateway = TestGateway.start(vertx, TestGateway.SANDBOX_YAML + """
        cache:
          enabled: true
          families: {projects: 30s}
        metrics: {enabled: true, histograms: true, jvm: true}
        """);
    sandboxClient = WebClient.create(vertx);
  }

  @AfterAll
  void stop() {
    sandboxClient.close();
    gateway.close();
    vertx.close().await();
  }

  /** Every admin path a manifest probes or scrapes, with where it is used. */
  static Map<String, String> adminPaths() {
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put(DeployManifestsTest.probeUrl(DeployManifestsTest.instructions("HEALTHCHECK").get(0)).getPath(),
        "Dockerfile HEALTHCHECK");
    paths.put(DeployManifestsTest.group(read(deploy("compose/haproxy.cfg")), "option httpchk GET (\\S+)"),
        "haproxy.cfg httpchk");
    paths.put(stringAt(map(listAt(yaml(deploy("compose/prometheus.yml")), "scrape_configs").get(0)), "metrics_path"),
        "prometheus.yml");
    for (String dir : List.of("base", "overlays/production")) {
      KustomizeView view = KustomizeView.of(deploy("kubernetes/" + dir));
      for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
        paths.put(stringAt(view.container(), probe, "httpGet", "path"), dir + " " + probe);
      }
      paths.put(stringAt(map(listAt(view.resource("ServiceMonitor", "csgateway"), "spec", "endpoints").get(0)),
          "path"), dir + " ServiceMonitor");
    }
    return paths;
  }

  @Test
  void should_answer_200_on_every_admin_path_the_manifests_probe_or_scrape() {
    Map<String, String> paths = adminPaths();
    assertThat(paths.keySet()).contains(READY, LIVE, METRICS);
    paths.forEach((path, where) -> {
      HttpResponse<Buffer> response = gateway.admin().get(path).send().await();
      assertThat(response.statusCode()).as("GET %s (%s)", path, where).isEqualTo(200);
    });
  }

  @Test
  void should_answer_the_compose_sandbox_healthcheck_on_the_sandbox() {
    Map<String, Object> sandbox = map(Compose.services().get("sandbox"));
    String path = DeployManifestsTest.probeUrl(String.valueOf(get(sandbox, "healthcheck", "test"))).getPath();
    HttpResponse<Buffer> response = sandboxClient.get(gateway.sandbox().port(), "127.0.0.1", path).send().await();
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void should_export_every_gateway_metric_the_dashboard_queries() {
    makeTraffic();
    String scrape = gateway.admin().get(METRICS).send().await().bodyAsString();
    Set<String> exported = metricNames(scrape);
    assertThat(exported).as("the gateway's own metrics").isNotEmpty();
    JsonObject dashboard = new JsonObject(read(deploy("grafana/csgateway-dashboard.json")));
    Set<String> queried = metricNames(dashboard.encode());
    assertThat(queried).hasSizeGreaterThanOrEqualTo(15);
    assertThat(exported).containsAll(queried);
  }

  /** A request of each kind the dashboard charts: Basic (cache miss, then hit), a bearer token, an unknown path. */
  private void makeTraffic() {
    for (int i = 0; i < 2; i++) {
      gateway.client().get("/api/projects?per_page=5")
          .basicAuthentication(SandboxIdentities.DEMO_API_KEY, SandboxIdentities.DEMO_API_SECRET).send().await();
    }
    String token = gateway.client().post("/api/oauth/token")
        .basicAuthentication(SandboxIdentities.DEMO_CLIENT_ID, SandboxIdentities.DEMO_CLIENT_SECRET)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "password")
            .add("username", SandboxIdentities.DEMO_API_KEY).add("password", SandboxIdentities.DEMO_API_SECRET)
            .add("scope", "project_read"))
        .await().bodyAsJsonObject().getString("access_token");
    gateway.client().get("/api/projects").bearerTokenAuthentication(token).send().await();
    gateway.client().get("/api/nothing_here").send().await();
  }

  /** The gateway's metric names in a text, series suffixes removed. */
  static Set<String> metricNames(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = GATEWAY_METRIC.matcher(text);
    while (m.find()) {
      names.add(SERIES_SUFFIX.matcher(m.group()).replaceFirst(""));
    }
    return names;
  }
}
