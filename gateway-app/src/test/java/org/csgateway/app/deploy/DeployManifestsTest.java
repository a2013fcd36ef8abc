package org.csgateway.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.deploy.DeployFiles.deploy;
import static org.csgateway.app.deploy.DeployFiles.documents;
import static org.csgateway.app.deploy.DeployFiles.get;
import static org.csgateway.app.deploy.DeployFiles.listAt;
import static org.csgateway.app.deploy.DeployFiles.map;
import static org.csgateway.app.deploy.DeployFiles.mapAt;
import static org.csgateway.app.deploy.DeployFiles.named;
import static org.csgateway.app.deploy.DeployFiles.read;
import static org.csgateway.app.deploy.DeployFiles.stringAt;
import static org.csgateway.app.deploy.DeployFiles.yaml;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.csgateway.app.Main;
import org.csgateway.app.config.AdminConfig;
import org.csgateway.app.config.ConfigValues;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.config.GatewayConfigLoader;
import org.csgateway.app.config.Interpolator;
import org.csgateway.app.config.ServerConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment files under deploy/ (container image, Compose, Kubernetes, systemd, the production example, the
 * dashboard) checked against the gateway itself, so they cannot drift from it silently: every gateway config passes
 * the gateway's own {@code --validate} with the environment its manifest gives it, and the ports, paths, probe URLs,
 * mount paths, drain timings and names the manifests use are those the loaded configs and the build produce. The
 * probe and metric paths, and the metric names of the dashboard, are checked against a running gateway in
 * {@link AdminEndpointsTest}.
 */
class DeployManifestsTest {
  /** Where the image reads its configuration; every manifest mounts the config there. */
  static final String CONFIG_PATH = "/etc/csgateway/gateway.yaml";
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

  // ---- what the gateway and the build say -------------------------------------------------------------------------

  /** The README's build command and the jar it runs: "mvn ... package && java -jar path". */
  static Matcher readmeRunLine() {
    Matcher m = Pattern.compile("(?m)^(mvn [^&\\n]*package) && java -jar (\\S+)$")
        .matcher(read(DeployFiles.repository().resolve("README.md")));
    assertThat(m.find()).as("README.md has the build-and-run line").isTrue();
    return m;
  }

  static List<String> instructions(String name) {
    return DockerfileView.instructions(name);
  }

  /** The image's entrypoint as one command line. */
  static String entrypoint() {
    List<String> entrypoints = instructions("ENTRYPOINT");
    assertThat(entrypoints).hasSize(1);
    return new JsonArray(entrypoints.get(0)).stream().map(Object::toString).collect(Collectors.joining(" "));
  }

  /** The jar path inside the image, from the entrypoint. */
  static String imageJar() {
    Matcher m = Pattern.compile("-jar (\\S+) --config (\\S+)").matcher(entrypoint());
    assertThat(m.find()).as("entrypoint runs -jar ... --config ...").isTrue();
    return m.group(1);
  }

  static GatewayConfig load(Path config, Map<String, String> environment) {
    return StagedConfig.apply(config,
        staged -> new GatewayConfigLoader(environment::get, () -> 2).load(staged.toString()));
  }

  static Duration drain(GatewayConfig config) {
    return config.shutdown().drainDelay().plus(config.shutdown().drainTimeout());
  }

  // ---- which manifest runs which gateway config, with which environment -------------------------------------------

  /** Every gateway config under deploy/ and the environment the manifest that runs it provides. */
  static Map<Path, Map<String, String>> gatewayConfigs() {
    Map<Path, Map<String, String>> configs = new LinkedHashMap<>();
    configs.put(deploy("container/gateway.yaml"), Map.of());
    configs.put(deploy("compose/gateway.yaml"), Compose.gatewayEnvironment());
    configs.put(deploy("config/production.yaml"), Systemd.environment());
    for (String dir : List.of("base", "overlays/production")) {
      KustomizeView view = KustomizeView.of(deploy("kubernetes/" + dir));
      configs.put(view.configFile(), view.environment());
    }
    return configs;
  }

  static boolean looksLikeGatewayConfig(Map<String, Object> document) {
    return document.containsKey("server") || document.containsKey("admin") || document.containsKey("upstream");
  }

  @Nested
  class EveryFile {
    @Test
    void should_parse_every_yaml_and_json_file_under_deploy() {
      List<Path> parsed = new ArrayList<>();
      for (Path file : DeployFiles.all()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
          assertThat(documents(file)).as(file.toString()).isNotEmpty();
          parsed.add(file);
        } else if (name.endsWith(".json")) {
          assertThat(new JsonObject(read(file)).isEmpty()).as(file.toString()).isFalse();
          parsed.add(file);
        }
      }
      assertThat(parsed).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void should_know_the_manifest_that_runs_every_gateway_config_under_deploy() {
      Set<Path> found = DeployFiles.all().stream().filter(f -> f.toString().matches(".*\\.ya?ml$"))
          .filter(f -> documents(f).stream().anyMatch(DeployManifestsTest::looksLikeGatewayConfig))
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(found).containsExactlyInAnyOrderElementsOf(gatewayConfigs().keySet());
    }

    @Test
    void should_pass_the_gateways_own_validation_for_every_config_with_the_environment_its_manifest_gives() {
      gatewayConfigs().forEach((config, environment) -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StagedConfig.apply(config, staged -> new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), new GatewayConfigLoader(environment::get, () -> 2))
            .run("--validate", "--config", staged.toString()));
        assertThat(code).as("%s --validate:%n%s", config, err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK");
        assertThat(environment).as("%s: every ${VAR} set by its manifest", config)
            .containsKeys(variables(config).toArray(String[]::new));
      });
    }

    /**
     * Without these the C allocator keeps what large bodies and JIT compilations once took (deploy/bench measured the
     * peak RSS about 6 MiB and the steady RSS about 30 MiB lower with them). A manifest that sets its own JAVA_OPTS
     * replaces the image's, so each is checked; the image's MALLOC_ARENA_MAX reaches Compose and Kubernetes.
     */
    @Test
    void should_give_the_c_allocators_freed_memory_back_wherever_the_jvm_is_started() {
      Map<String, String> javaOpts = new LinkedHashMap<>();
      javaOpts.put("Dockerfile", DockerfileView.environment().get("JAVA_OPTS"));
      javaOpts.put("compose", Compose.gatewayEnvironment().get("JAVA_OPTS"));
      for (String dir : List.of("base", "overlays/production")) {
        javaOpts.put("kubernetes/" + dir, KustomizeView.of(deploy("kubernetes/" + dir)).environment().get("JAVA_OPTS"));
      }
      List<String> systemd = Systemd.unit().get("Environment").lines().map(l -> l.replace("\"", "")).toList();
      systemd.stream().filter(e -> e.startsWith("JAVA_OPTS=")).forEach(e -> javaOpts.put("systemd", e));
      assertThat(javaOpts).hasSize(5)
          .allSatisfy((where, opts) -> assertThat(opts).as(where).contains("-XX:TrimNativeHeapInterval="));
      assertThat(DockerfileView.environment()).as("Dockerfile").containsEntry("MALLOC_ARENA_MAX", "2");
      assertThat(systemd).as("systemd").contains("MALLOC_ARENA_MAX=2");
    }

    @Test
    void should_keep_secrets_out_of_every_config_except_through_the_environment() {
      for (Path config : gatewayConfigs().keySet()) {
        Map<String, Object> auth = map(yaml(config).getOrDefault("auth", Map.of()));
        Object hmac = get(auth, "basic", "hmacSecret");
        Object clientSecret = get(auth, "introspection", "clientSecret");
        for (Object secret : new Object[] {hmac, clientSecret}) {
          if (secret != null) {
            assertThat(secret.toString()).as(config + ": a secret comes from ${...}").startsWith("${");
          }
        }
      }
    }
  }

  static Set<String> variables(Path file) {
    Set<String> names = new TreeSet<>();
    Matcher m = VARIABLE.matcher(read(file).lines().map(l -> l.replaceAll("\\s#.*$", ""))
        .filter(l -> !l.stripLeading().startsWith("#")).collect(Collectors.joining("\n")));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Nested
  class ContainerImage {
    @Test
    void should_build_with_the_readme_build_command() {
      String readmeBuild = readmeRunLine().group(1);
      List<String> runs = instructions("RUN").stream().map(r -> r.replaceAll("--mount=\\S+\\s+", "")).toList();
      assertThat(runs).contains(readmeBuild);
      assertThat(DockerfileView.instructions().get(0)[0]).isEqualTo("FROM");
      assertThat(instructions("FROM")).hasSize(2)
          .anySatisfy(f -> assertThat(f).startsWith("maven:").contains("temurin-17").endsWith(" AS build"))
          .anySatisfy(f -> assertThat(f).isEqualTo("eclipse-temurin:17-jre"));
    }

    @Test
    void should_run_the_jar_the_build_produces() {
      String readmeJar = readmeRunLine().group(2);
      Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>")
          .matcher(read(DeployFiles.repository().resolve("gateway-app/pom.xml")));
      assertThat(finalName.find()).isTrue();
      assertThat(Path.of(readmeJar).getFileName()).hasToString(finalName.group(1) + ".jar");
      String copy = "--from=build /src/" + readmeJar + " " + imageJar();
      assertThat(instructions("COPY")).contains(copy);
      assertThat(entrypoint()).contains("exec java $JAVA_OPTS -jar " + imageJar() + " --config " + CONFIG_PATH);
      assertThat(Path.of(imageJar()).getFileName()).isEqualTo(Path.of(readmeJar).getFileName());
    }

    @Test
    void should_bake_a_valid_config_at_the_config_path_with_the_default_ports_and_a_reachable_admin() {
      assertThat(instructions("COPY")).contains("deploy/container/gateway.yaml " + CONFIG_PATH);
      GatewayConfig config = load(deploy("container/gateway.yaml"), Map.of());
      assertThat(config.server().port()).isEqualTo(ServerConfig.DEFAULT_PORT);
      assertThat(config.admin().port()).isEqualTo(AdminConfig.DEFAULT_PORT);
      assertThat(config.admin().host()).as("probes come from outside the container's loopback").isEqualTo("0.0.0.0");
      assertThat(instructions("EXPOSE")).containsExactly(ServerConfig.DEFAULT_PORT + " " + AdminConfig.DEFAULT_PORT);
    }

    @Test
    void should_check_health_on_the_admin_port_as_a_non_root_user_with_container_sized_memory() {
      URI probe = probeUrl(instructions("HEALTHCHECK").get(0));
      assertThat(probe.getPort()).isEqualTo(AdminConfig.DEFAULT_PORT);
      assertThat(probe.getPath()).isEqualTo(AdminEndpointsTest.READY);
      assertThat(instructions("USER")).singleElement()
          .satisfies(u -> assertThat(u).doesNotStartWith("0").isNotEqualTo("root"));
      assertThat(instructions("ENV")).anySatisfy(e -> assertThat(e).startsWith("JAVA_OPTS=")
          .contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError"));
    }
  }

  static URI probeUrl(String text) {
    Matcher m = Pattern.compile("http://[^\\s\"',\\]]+").matcher(text);
    assertThat(m.find()).as("a URL in " + text).isTrue();
    return URI.create(m.group());
  }

  /** deploy/compose: two gateways behind HAProxy, Redis, the sandbox, Prometheus. */
  static final class Compose {
    static Map<String, Object> file() {
      return yaml(deploy("compose/compose.yaml"));
    }

    static Map<String, Object> services() {
      return mapAt(file(), "services");
    }

    /** The services that mount a gateway config at the image's config path. */
    static Map<String, Map<String, Object>> gateways() {
      Map<String, Map<String, Object>> gateways = new LinkedHashMap<>();
      services().forEach((name, service) -> {
        Object volumes = get(service, "volumes");
        boolean mountsConfig = volumes != null
            && DeployFiles.list(volumes).stream().anyMatch(v -> v.toString().contains(":" + CONFIG_PATH));
        if (mountsConfig) {
          gateways.put(name, map(service));
        }
      });
      return gateways;
    }

    /** The gateways' environment as Compose resolves it with nothing set in the shell (defaults of ${VAR:-x}). */
    static Map<String, String> gatewayEnvironment() {
      Interpolator compose = new Interpolator(name -> null);
      Map<String, String> environment = new LinkedHashMap<>();
      mapAt(gateways().values().iterator().next(), "environment")
          .forEach((k, v) -> environment.put(k, compose.apply(String.valueOf(v))));
      return environment;
    }

    static int published(Object port, int containerPort) {
      String[] parts = port.toString().split(":");
      assertThat(Integer.parseInt(parts[parts.length - 1])).isEqualTo(containerPort);
      return Integer.parseInt(parts[parts.length - 2]);
    }
  }

  @Nested
  class ComposeDemo {
    private final GatewayConfig config = load(deploy("compose/gateway.yaml"), Compose.gatewayEnvironment());
    private final Map<String, Map<String, Object>> gateways = Compose.gateways();

    @Test
    void should_run_two_gateways_from_the_image_with_the_validated_config_mounted_read_only() {
      assertThat(gateways).hasSizeGreaterThanOrEqualTo(2);
      gateways.forEach((name, service) -> {
        assertThat(listAt(service, "volumes")).contains("./gateway.yaml:" + CONFIG_PATH + ":ro");
        Path dockerfile = deploy("compose").resolve(stringAt(service, "build", "context"))
            .resolve(stringAt(service, "build", "dockerfile")).normalize();
        assertThat(dockerfile).isEqualTo(deploy("container/Dockerfile"));
        Duration grace = ConfigValues.duration(stringAt(service, "stop_grace_period"));
        assertThat(grace).as(name + " stop_grace_period").isGreaterThan(drain(config));
        assertThat(Compose.published(listAt(service, "ports").get(0), config.admin().port()))
            .as("admin published on the host's loopback only").isPositive();
        assertThat(listAt(service, "ports").get(0).toString()).startsWith("127.0.0.1:");
      });
      assertThat(config.server().port()).isEqualTo(ServerConfig.DEFAULT_PORT);
      assertThat(config.admin().port()).isEqualTo(AdminConfig.DEFAULT_PORT);
      assertThat(config.admin().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void should_share_rate_limits_and_cache_evictions_through_the_redis_service() {
      URI limits = URI.create(config.rateLimit().config().redis().url());
      URI evictions = URI.create(config.cache().redis().orElseThrow().url());
      assertThat(evictions.getHost()).isEqualTo(limits.getHost());
      Map<String, Object> redis = map(Compose.services().get(limits.getHost()));
      assertThat(stringAt(redis, "image")).startsWith("redis:");
      assertThat(limits.getPort()).isIn(-1, 6379);
      gateways.values().forEach(g -> assertThat(mapAt(g, "depends_on")).containsKey(limits.getHost()));
    }

    @Test
    void should_run_the_sandbox_from_the_same_jar_on_the_port_the_gateways_forward_to() throws Exception {
      URI upstream = config.upstream().url();
      Map<String, Object> sandbox = map(Compose.services().get(upstream.getHost()));
      List<Object> entrypoint = listAt(sandbox, "entrypoint");
      assertThat(entrypoint.subList(0, 3)).containsExactly("java", "-cp", imageJar());
      Class.forName(entrypoint.get(3).toString()).getMethod("main", String[].class);
      List<Object> command = listAt(sandbox, "command");
      assertThat(command.get(command.indexOf("--port") + 1)).hasToString(String.valueOf(upstream.getPort()));
      assertThat(command.get(command.indexOf("--host") + 1)).hasToString("0.0.0.0");
    }

    @Test
    void should_balance_over_every_gateway_checking_readiness_on_the_admin_port() {
      String haproxy = read(deploy("compose/haproxy.cfg"));
      Set<String> servers = new TreeSet<>();
      Matcher server = Pattern.compile("(?m)^\\s*server \\S+ ([^:\\s]+):(\\d+)").matcher(haproxy);
      while (server.find()) {
        servers.add(server.group(1));
        assertThat(Integer.parseInt(server.group(2))).isEqualTo(config.server().port());
      }
      assertThat(servers).containsExactlyInAnyOrderElementsOf(gateways.keySet());
      assertThat(group(haproxy, "check port (\\d+)")).isEqualTo(String.valueOf(config.admin().port()));
      assertThat(group(haproxy, "option httpchk GET (\\S+)")).isEqualTo(AdminEndpointsTest.READY);
      assertThat(seconds(group(haproxy, "timeout server (\\d+)s"))).isGreaterThan(config.upstream().responseTimeout());
      assertThat(seconds(group(haproxy, "timeout client (\\d+)s")))
          .isGreaterThan(config.server().limits().idleTimeout());
      Map<String, Object> lb = map(Compose.services().get("lb"));
      int bind = Integer.parseInt(group(haproxy, "bind :(\\d+)"));
      assertThat(Compose.published(listAt(lb, "ports").get(0), bind)).isEqualTo(config.server().port());
      String lbAddress = stringAt(lb, "networks", "csgateway", "ipv4_address");
      assertThat(config.server().forwarded().trustedProxies().isTrusted(lbAddress))
          .as("the gateways trust the load balancer's X-Forwarded-For").isTrue();
    }

    @Test
    void should_scrape_every_gateways_admin_port_with_prometheus() {
      Map<String, Object> job = map(listAt(yaml(deploy("compose/prometheus.yml")), "scrape_configs").get(0));
      assertThat(stringAt(job, "metrics_path")).isEqualTo(AdminEndpointsTest.METRICS);
      assertThat(listAt(map(listAt(job, "static_configs").get(0)), "targets")).containsExactlyInAnyOrderElementsOf(
          gateways.keySet().stream().map(g -> g + ":" + config.admin().port()).toList());
    }
  }

  static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex).isTrue();
    return m.group(1);
  }

  static Duration seconds(String number) {
    return Duration.ofSeconds(Long.parseLong(number));
  }

  /** deploy/systemd: the unit and the environment file it reads. */
  static final class Systemd {
    static Map<String, String> unit() {
      Map<String, String> settings = new LinkedHashMap<>();
      read(deploy("systemd/csgateway.service")).lines().map(String::strip)
          .filter(l -> !l.startsWith("#") && l.contains("="))
          .forEach(l -> settings.merge(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1),
              (a, b) -> a + "\n" + b));
      return settings;
    }

    static Map<String, String> environment() {
      Map<String, String> environment = new LinkedHashMap<>();
      read(deploy("systemd/csgateway.env.example")).lines().filter(l -> !l.startsWith("#") && l.contains("="))
          .forEach(l -> environment.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
      return environment;
    }
  }

  @Nested
  class SystemdUnit {
    private final Map<String, String> unit = Systemd.unit();
    private final GatewayConfig config = load(deploy("config/production.yaml"), Systemd.environment());

    @Test
    void should_run_the_image_jar_with_the_config_path_and_reload_on_hup() {
      assertThat(unit.get("ExecStart")).contains("-jar " + imageJar() + " --config " + CONFIG_PATH)
          .contains("$JAVA_OPTS");
      assertThat(unit.get("ExecStartPre")).endsWith("-jar " + imageJar() + " --config " + CONFIG_PATH + " --validate");
      assertThat(unit.get("ExecReload")).isEqualTo("/bin/kill -HUP $MAINPID");
      assertThat(unit.get("EnvironmentFile"))
          .isEqualTo(Path.of(CONFIG_PATH).resolveSibling("csgateway.env").toString());
    }

    @Test
    void should_wait_longer_than_the_drain_before_killing() {
      Duration stop = seconds(unit.get("TimeoutStopSec"));
      assertThat(stop).isGreaterThan(drain(config));
      assertThat(unit.get("KillSignal")).isEqualTo("SIGTERM");
    }

    @Test
    void should_run_unprivileged_and_hardened() {
      assertThat(unit).containsEntry("NoNewPrivileges", "yes").containsEntry("ProtectSystem", "strict")
          .containsEntry("PrivateTmp", "yes").containsEntry("CapabilityBoundingSet", "")
          .doesNotContainKey("MemoryDenyWriteExecute"); // the JIT writes executable memory
      assertThat(unit.get("User")).isNotBlank().isNotEqualTo("root");
    }
  }

  @Nested
  class Kubernetes {
    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void should_open_and_probe_the_ports_the_config_listens_on(String dir) {
      KustomizeView view = KustomizeView.of(deploy("kubernetes/" + dir));
      GatewayConfig config = load(view.configFile(), view.environment());
      assertThat(view.containerPort("proxy")).isEqualTo(config.server().port()).isEqualTo(ServerConfig.DEFAULT_PORT);
      assertThat(view.containerPort("admin")).isEqualTo(config.admin().port()).isEqualTo(AdminConfig.DEFAULT_PORT);
      assertThat(config.admin().host()).as("the kubelet probes the pod IP").isEqualTo("0.0.0.0");
      Map<String, Object> container = view.container();
      assertThat(stringAt(container, "readinessProbe", "httpGet", "path")).isEqualTo(AdminEndpointsTest.READY);
      assertThat(stringAt(container, "livenessProbe", "httpGet", "path")).isEqualTo(AdminEndpointsTest.LIVE);
      for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
        assertThat(stringAt(container, probe, "httpGet", "port")).as(probe).isEqualTo("admin");
      }
      assertThat(container).as("the image's entrypoint runs").doesNotContainKeys("command", "args");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void should_mount_the_config_map_at_the_path_the_image_reads(String dir) {
      KustomizeView view = KustomizeView.of(deploy("kubernetes/" + dir));
      Map<String, Object> mount = named(listAt(view.container(), "volumeMounts"), "config");
      List<Object> sources = listAt(named(listAt(view.podSpec(), "volumes"), "config"), "projected", "sources");
      Map<String, Object> configMap = sources.stream().map(DeployFiles::map).filter(s -> s.containsKey("configMap"))
          .map(s -> mapAt(s, "configMap")).findFirst().orElseThrow();
      assertThat(configMap).containsEntry("name", KustomizeView.CONFIG_MAP);
      Map<String, Object> item = map(listAt(configMap, "items").get(0));
      assertThat(item).containsEntry("key", view.configFile().getFileName().toString());
      assertThat(Path.of(stringAt(mount, "mountPath")).resolve(stringAt(item, "path"))).hasToString(CONFIG_PATH);
      assertThat(get(mount, "subPath")).as("a subPath mount never sees ConfigMap updates (reload)").isNull();
      // TLS files named by the config are projected into the same directory.
      Object tls = get(yaml(view.configFile()), "server", "tls");
      if (tls != null && Boolean.TRUE.equals(get(tls, "enabled"))) {
        Set<String> projected = sources.stream().map(DeployFiles::map).filter(s -> s.containsKey("secret"))
            .flatMap(s -> listAt(s, "secret", "items").stream())
            .map(i -> Path.of(stringAt(mount, "mountPath")).resolve(stringAt(i, "path")).toString())
            .collect(Collectors.toSet());
        Path configDir = Path.of(CONFIG_PATH).getParent();
        assertThat(projected).contains(configDir.resolve(stringAt(tls, "certFile")).toString(),
            configDir.resolve(stringAt(tls, "keyFile")).toString());
      }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void should_give_in_flight_requests_the_whole_drain_before_the_kill(String dir) {
      KustomizeView view = KustomizeView.of(deploy("kubernetes/" + dir));
      GatewayConfig config = load(view.configFile(), view.environment());
      List<Object> preStop = listAt(view.container(), "lifecycle", "preStop", "exec", "command");
      assertThat(preStop.get(0)).isEqualTo("sleep");
      Duration sleep = seconds(preStop.get(1).toString());
      assertThat(sleep).as("preStop covers the drain delay").isEqualTo(config.shutdown().drainDelay());
      Duration grace = seconds(stringAt(view.podSpec(), "terminationGracePeriodSeconds"));
      assertThat(grace).as("grace > preStop + drainDelay + drainTimeout").isGreaterThan(sleep.plus(drain(config)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void should_size_the_heap_for_the_response_cache(String dir) {
      KustomizeView view = KustomizeView.of(deploy("kubernetes/" + dir));
      GatewayConfig config = load(view.configFile(), view.environment());
      long limit = ConfigValues.size(stringAt(view.container(), "resources", "limits", "memory") + "B");
      String javaOpts = view.environment().get("JAVA_OPTS");
      long heap = limit * Long.parseLong(group(javaOpts, "-XX:MaxRAMPercentage=(\\d+)")) / 100;
      assertThat(heap).as("heap holds twice cache.maxBytes plus 128MiB").isGreaterThanOrEqualTo(
          2 * config.cache().config().maxBytes() + 128L * 1024 * 1024);
      assertThat(stringAt(view.container(), "resources", "requests", "memory"))
          .isEqualTo(stringAt(view.container(), "resources", "limits", "memory"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void should_share_state_through_the_csgateway_redis_service(String dir) {
      KustomizeView view = KustomizeView.of(deploy("kubernetes/" + dir));
      GatewayConfig config = load(view.configFile(), view.environment());
      URI limits = URI.create(config.rateLimit().config().redis().url());
      URI evictions = URI.create(config.cache().redis().orElseThrow().url());
      assertThat(limits.getHost()).isEqualTo(evictions.getHost()).isEqualTo("csgateway-redis");
      Map<String, Object> service = view.resource("Service", limits.getHost());
      assertThat(map(listAt(service, "spec", "ports").get(0)).get("port")).isEqualTo(limits.getPort());
      Map<String, Object> redis = view.resource("Deployment", "csgateway-redis");
      assertThat(mapAt(redis, "spec", "template", "metadata", "labels"))
          .containsAllEntriesOf(mapAt(service, "spec", "selector"));
      Map<String, Object> password = mapAt(named(listAt(named(listAt(redis, "spec", "template", "spec",
          "containers"), "redis"), "env"), "REDIS_PASSWORD"), "valueFrom", "secretKeyRef");
      assertThat(limits.getUserInfo()).isEqualTo(":" + view.secretValue(stringAt(password, "name"),
          stringAt(password, "key")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void should_select_the_gateway_pods_from_every_service_budget_autoscaler_and_monitor(String dir) {
      KustomizeView view = KustomizeView.of(deploy("kubernetes/" + dir));
      Map<String, Object> podLabels = mapAt(view.deployment(), "spec", "template", "metadata", "labels");
      assertThat(podLabels).containsAllEntriesOf(mapAt(view.deployment(), "spec", "selector", "matchLabels"));
      Map<String, Object> proxy = view.resource("Service", "csgateway");
      Map<String, Object> admin = view.resource("Service", "csgateway-admin");
      for (Map<String, Object> service : List.of(proxy, admin)) {
        assertThat(podLabels).containsAllEntriesOf(mapAt(service, "spec", "selector"));
        listAt(service, "spec", "ports").forEach(p -> view.containerPort(stringAt(p, "targetPort")));
      }
      assertThat(stringAt(map(listAt(admin, "spec", "ports").get(0)), "targetPort")).isEqualTo("admin");
      assertThat(stringAt(map(listAt(proxy, "spec", "ports").get(0)), "targetPort")).isEqualTo("proxy");
      view.inlinePatches().forEach(ops -> ops.forEach(op -> {
        Object targetPort = get(op, "value", "targetPort");
        if (targetPort != null) {
          view.containerPort(targetPort.toString());
        }
      }));
      Map<String, Object> monitor = view.resource("ServiceMonitor", "csgateway");
      assertThat(mapAt(admin, "metadata", "labels")).containsAllEntriesOf(mapAt(monitor, "spec", "selector",
          "matchLabels"));
      assertThat(mapAt(proxy, "metadata", "labels")).as("the monitor selects only the admin Service")
          .doesNotContainEntry("app.kubernetes.io/component", "admin");
      Map<String, Object> endpoint = map(listAt(monitor, "spec", "endpoints").get(0));
      assertThat(endpoint).containsEntry("port", "admin").containsEntry("path", AdminEndpointsTest.METRICS);
      Map<String, Object> pdb = view.resource("PodDisruptionBudget", "csgateway");
      assertThat(podLabels).containsAllEntriesOf(mapAt(pdb, "spec", "selector", "matchLabels"));
      Map<String, Object> hpa = overlaid(view, view.resource("HorizontalPodAutoscaler", "csgateway"));
      assertThat(mapAt(hpa, "spec", "scaleTargetRef")).containsEntry("kind", "Deployment")
          .containsEntry("name", KustomizeView.DEPLOYMENT);
      int minReplicas = ((Number) get(hpa, "spec", "minReplicas")).intValue();
      int minAvailable = ((Number) get(overlaid(view, pdb), "spec", "minAvailable")).intValue();
      assertThat(minAvailable).as("a node drain can always evict one pod").isLessThan(minReplicas);
      assertThat(((Number) get(view.deployment(), "spec", "replicas")).intValue()).isEqualTo(minReplicas);
    }
  }

  /** An object with this kustomization's own patch of it (a file named by {@code patches}) merged in. */
  static Map<String, Object> overlaid(KustomizeView view, Map<String, Object> object) {
    Map<String, Object> kustomization = yaml(view.dir().resolve("kustomization.yaml"));
    Map<String, Object> result = object;
    for (Object entry : DeployFiles.list(kustomization.getOrDefault("patches", List.of()))) {
      Object path = map(entry).get("path");
      if (path != null) {
        Map<String, Object> patch = yaml(view.dir().resolve(path.toString()));
        if (patch.get("kind").equals(object.get("kind"))
            && get(patch, "metadata", "name").equals(get(object, "metadata", "name"))) {
          result = DeployFiles.merge(result, patch);
        }
      }
    }
    return result;
  }
}
