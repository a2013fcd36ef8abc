package org.csgateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.csgateway.auth.config.AuthConfig;
import org.csgateway.auth.config.TokenStrategy;
import org.csgateway.cache.CacheConfig;
import org.csgateway.cache.RedisEvictionConfig;
import org.csgateway.core.contract.CorsPolicy;
import org.csgateway.core.contract.ErrorShapePolicy;
import org.csgateway.core.contract.PaginationPolicy;
import org.csgateway.core.protect.UpstreamProtectionConfig;
import org.csgateway.core.ratelimit.RateLimitConfig;
import org.csgateway.core.ratelimit.RateLimitKey;
import org.csgateway.core.ratelimit.RateLimitPolicy;
import org.csgateway.core.ratelimit.RedisUnavailableMode;
import org.csgateway.core.ratelimit.RouteSelector;
import org.csgateway.core.version.DeprecationDates;
import org.csgateway.core.version.VersionPolicy;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The sections of the features the pipeline wires: auth, versions, pagination, errors, cors, rateLimit,
 * upstream.protection and cache.
 */
class FeatureSectionsTest {
  private static final String SANDBOX = "sandbox: {enabled: true}\n";
  private static final Map<String, String> ENV = Map.of("HMAC", "0123456789abcdef0123", "INTROSPECT", "s3cr3t-value");

  private final GatewayConfigLoader loader = new GatewayConfigLoader(ENV::get, () -> 2);

  private GatewayConfig parse(String yaml) {
    return loader.parse(SANDBOX + yaml, "test.yaml", new ConfigResources(Path.of("")));
  }

  private List<String> errorsOf(String yaml) {
    return ConfigErrorLists.errorsOf(() -> parse(yaml));
  }

  @Nested
  class Defaults {
    private final GatewayConfig config = parse("");

    @Test
    void should_turn_on_auth_versions_pagination_errors_limits_and_protection_when_their_sections_are_absent() {
      assertThat(config.auth()).isEqualTo(AuthSettings.defaults());
      assertThat(config.auth().config().strategy()).isEqualTo(new TokenStrategy.ComputeStacks(null));
      assertThat(config.versions()).isEqualTo(VersionSettings.defaults());
      assertThat(config.versions().policy()).isEqualTo(VersionPolicy.computeStacksDefaults());
      assertThat(config.versions().discovery().enabled()).isFalse();
      assertThat(config.pagination()).isEqualTo(new PaginationSettings(true, PaginationPolicy.defaults()));
      assertThat(config.errors()).isEqualTo(ErrorShapePolicy.defaults());
      assertThat(config.rateLimit()).isEqualTo(new RateLimitSettings(true, RateLimitConfig.defaults()));
      assertThat(config.rateLimit().limitsRequests()).isTrue();
      assertThat(config.protection()).isEqualTo(new ProtectionSettings(true, UpstreamProtectionConfig.defaults()));
    }

    @Test
    void should_leave_cors_and_the_cache_off_when_their_sections_are_absent() {
      assertThat(config.cors().enabled()).isFalse();
      assertThat(config.cache()).isEqualTo(CacheSettings.defaults());
      assertThat(config.cache().enabled()).isFalse();
      assertThat(config.cache().redis()).isEmpty();
    }

    @Test
    void should_shrink_the_protection_limits_when_the_pool_is_smaller_than_they_are() {
      UpstreamProtectionConfig protection = parse("upstream: {poolSize: 8}\n").protection().config();
      assertThat(protection.maxLimit()).isEqualTo(8);
      assertThat(protection.initialLimit()).isEqualTo(8);
      assertThat(protection.minLimit()).isEqualTo(2);
    }

    @Test
    void should_load_the_bundled_demo_with_every_feature_but_cors_on() {
      GatewayConfig bundled = loader.load(GatewayConfigLoader.BUNDLED);
      assertThat(bundled.auth()).isEqualTo(AuthSettings.defaults());
      assertThat(bundled.versions()).isEqualTo(VersionSettings.defaults());
      assertThat(bundled.pagination()).isEqualTo(PaginationSettings.defaults());
      assertThat(bundled.errors()).isEqualTo(ErrorShapePolicy.defaults());
      assertThat(bundled.cors().enabled()).isFalse();
      assertThat(bundled.rateLimit()).isEqualTo(RateLimitSettings.defaults());
      assertThat(bundled.protection()).isEqualTo(ProtectionSettings.defaults());
      assertThat(bundled.cache().enabled()).isTrue();
      assertThat(bundled.cache().redis()).isEmpty();
      assertThat(bundled.cache().config().policy().families()).containsOnlyKeys(
          "projects", "container_images", "zones", "orders", "volumes", "domains");
      assertThat(bundled.cache().config().policy().families().values()).containsOnly(Duration.ofSeconds(30));
    }
  }

  @Nested
  class FullExample {
    private final GatewayConfig config = parse("""
        upstream:
          poolSize: 32
          protection: {enabled: true, initialLimit: 8, minLimit: 4, maxLimit: 32, queueSize: 10, queueTimeout: 500ms,
                       latencyTarget: 1s, backoffRatio: 0.75, retryAfter: 2s, maxRetryAfter: 60s}
        auth:
          enabled: true
          strategy: introspection
          invalidTokenStatus: 403
          timeout: 750ms
          cache: {maxTtl: 30s, negativeTtl: 0s, expirySkew: 1s, maxEntries: 500}
          basic: {validTtl: 2m, invalidTtl: 5s, hmacSecret: "${HMAC}", maxEntries: 600}
          introspection: {url: "https://cs.example/api/oauth/introspect", clientId: gw, clientSecret: "${INTROSPECT}"}
        versions:
          enabled: true
          default: 81
          supported: [80, 81]
          deprecated: [70, 71]
          obsolete: [60]
          deprecation: {deprecation: 2025-01-01T00:00:00Z, sunset: "2026-12-31T00:00:00Z"}
          deprecationByVersion:
            70: {deprecation: 2024-06-01T00:00:00Z}
          discovery: {enabled: true, path: /api/version, interval: 10m, timeout: 1s, authorization: "Basic eDp5"}
        pagination: {enabled: true, maxPerPage: 50, overMaximum: reject, defaultPerPage: 25}
        errors: {normalize: false, maxBodyBytes: 16KiB}
        cors:
          enabled: true
          allowedOrigins: ["https://app.example"]
          allowedMethods: [GET, post]
          allowedHeaders: [Authorization, Accept]
          exposedHeaders: [Link]
          allowCredentials: true
          maxAge: 1h
        rateLimit:
          enabled: true
          store: redis
          local: {maxKeys: 1000}
          redis: {url: "redis://redis:6379/1", poolSize: 4, commandTimeout: 100ms, onUnavailable: deny,
                  retryInterval: 2s, keyPrefix: "gw:"}
          policies:
            - name: writes
              rate: 100
              period: 1m
              burst: 20
              key: client_id
              routes: {ids: ["/api/projects/{id}"], families: [projects], methods: [PATCH, delete]}
              costs: {"PATCH /api/projects/{id}": 5, "/api/projects/{id}": 2}
            - {name: everyone, rate: 1000, period: 5m}
          failedAuthentication: {rate: 5, period: 1m}
        cache:
          enabled: true
          maxBytes: 8MiB
          maxEntryBytes: 256KiB
          staleRetention: 1m
          waitTimeout: 3s
          maxWaitersPerKey: 50
          minUses: 2
          minUsesWhenFull: 3
          defaultTtl: 5s
          families: {projects: 30s, zones: 1m}
          routes: {"/api/projects/{project_id}/volumes": 0s}
          alsoEvicts: {container_services: [projects]}
          redis: {url: "redis://redis:6379", channel: "gw:evictions", reconnectDelay: 3s}
        """);

    @Test
    void should_read_every_auth_key_when_all_are_written() {
      AuthConfig auth = config.auth().config();
      assertThat(auth.strategy()).isEqualTo(new TokenStrategy.Introspection(
          URI.create("https://cs.example/api/oauth/introspect"), "gw", "s3cr3t-value"));
      assertThat(auth.invalidTokenStatus()).isEqualTo(403);
      assertThat(auth.timeout()).isEqualTo(Duration.ofMillis(750));
      assertThat(auth.cache().maxTtl()).isEqualTo(Duration.ofSeconds(30));
      assertThat(auth.cache().negativeTtl()).isZero();
      assertThat(auth.cache().maxEntries()).isEqualTo(500);
      assertThat(auth.basic().validTtl()).isEqualTo(Duration.ofMinutes(2));
      assertThat(auth.basic().hmacSecret()).isEqualTo("0123456789abcdef0123");
      assertThat(auth.basic().maxEntries()).isEqualTo(600);
    }

    @Test
    void should_read_the_versions_pagination_errors_and_cors_keys_when_all_are_written() {
      VersionPolicy policy = config.versions().policy();
      assertThat(policy.defaultVersion()).isEqualTo(81);
      assertThat(policy.supported()).containsExactly(80, 81);
      assertThat(policy.deprecated()).containsExactly(70, 71);
      assertThat(policy.obsolete()).containsExactly(60);
      assertThat(policy.deprecationDates()).isEqualTo(new DeprecationDates(
          Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-12-31T00:00:00Z")));
      assertThat(policy.datesFor(70)).isEqualTo(new DeprecationDates(Instant.parse("2024-06-01T00:00:00Z"), null));
      assertThat(config.versions().discovery().interval()).isEqualTo(Duration.ofMinutes(10));
      assertThat(config.versions().discovery().authorization()).isEqualTo("Basic eDp5");
      assertThat(config.pagination().policy())
          .isEqualTo(new PaginationPolicy(50, PaginationPolicy.OverMaximum.REJECT, 25));
      assertThat(config.errors()).isEqualTo(new ErrorShapePolicy(false, 16 * 1024));
      assertThat(config.cors().policy()).contains(new CorsPolicy(List.of("https://app.example"),
          List.of(HttpMethod.GET, HttpMethod.POST), List.of("Authorization", "Accept"), List.of("Link"), true,
          Duration.ofHours(1)));
    }

    @Test
    void should_read_every_rate_limit_and_protection_key_when_all_are_written() {
      RateLimitConfig limits = config.rateLimit().config();
      assertThat(limits.store()).isEqualTo(RateLimitConfig.StoreKind.REDIS);
      assertThat(limits.maxLocalKeys()).isEqualTo(1000);
      assertThat(limits.redis().url()).isEqualTo("redis://redis:6379/1");
      assertThat(limits.redis().onUnavailable()).isEqualTo(RedisUnavailableMode.DENY);
      assertThat(limits.redis().keyPrefix()).isEqualTo("gw:");
      assertThat(limits.policies()).containsExactly(
          new RateLimitPolicy("writes", 100, Duration.ofMinutes(1), 20, RateLimitKey.CLIENT_ID,
              new RouteSelector(Set.of("/api/projects/{id}"), Set.of("projects"),
                  Set.of(HttpMethod.PATCH, HttpMethod.DELETE)),
              Map.of("PATCH /api/projects/{id}", 5, "/api/projects/{id}", 2)),
          RateLimitPolicy.of("everyone", 1000, Duration.ofMinutes(5), RateLimitKey.PRINCIPAL));
      assertThat(limits.failedAuthentication()).isEqualTo(
          RateLimitPolicy.of("auth-failures", 5, Duration.ofMinutes(1), RateLimitKey.CLIENT_ADDRESS));
      assertThat(config.protection().config()).isEqualTo(new UpstreamProtectionConfig(8, 4, 32, 10,
          Duration.ofMillis(500), Duration.ofSeconds(1), 0.75, Duration.ofSeconds(2), Duration.ofSeconds(60)));
    }

    @Test
    void should_read_every_cache_key_when_all_are_written() {
      CacheConfig cache = config.cache().config();
      assertThat(config.cache().enabled()).isTrue();
      assertThat(cache.maxBytes()).isEqualTo(8L << 20);
      assertThat(cache.maxEntryBytes()).isEqualTo(256L << 10);
      assertThat(cache.staleRetention()).isEqualTo(Duration.ofMinutes(1));
      assertThat(cache.waitTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(cache.maxWaitersPerKey()).isEqualTo(50);
      assertThat(cache.minUses()).isEqualTo(2);
      assertThat(cache.minUsesWhenFull()).isEqualTo(3);
      assertThat(cache.policy().defaultTtl()).isEqualTo(Duration.ofSeconds(5));
      assertThat(cache.policy().families())
          .isEqualTo(Map.of("projects", Duration.ofSeconds(30), "zones", Duration.ofMinutes(1)));
      assertThat(cache.policy().routes()).isEqualTo(Map.of("/api/projects/{project_id}/volumes", Duration.ZERO));
      assertThat(cache.policy().alsoEvicts()).isEqualTo(Map.of("container_services", Set.of("projects")));
      assertThat(config.cache().redis())
          .contains(new RedisEvictionConfig("redis://redis:6379", "gw:evictions", Duration.ofSeconds(3)));
    }

    @Test
    void should_switch_features_off_when_told() {
      GatewayConfig off = parse("""
          auth: {enabled: false}
          versions: {enabled: false}
          pagination: {enabled: false}
          errors: {normalize: false}
          rateLimit: {policies: []}
          upstream: {protection: {enabled: false}}
          """);
      assertThat(off.auth().enabled()).isFalse();
      assertThat(off.versions().enabled()).isFalse();
      assertThat(off.pagination().enabled()).isFalse();
      assertThat(off.errors().normalize()).isFalse();
      assertThat(off.rateLimit().limitsRequests()).isFalse();
      assertThat(off.protection().enabled()).isFalse();
      assertThat(parse("rateLimit: {enabled: false}\n").rateLimit().limitsRequests()).isFalse();
    }
  }

  @Nested
  class Errors {
    @Test
    void should_list_every_invalid_auth_version_and_contract_field_with_its_path() {
      assertThat(errorsOf("""
          auth:
            strategy: saml
            invalidTokenStatus: 402
            timeout: soon
            cache: {maxTtl: 0s}
            basic: {hmacSecret: short}
            jwt: {jwksUrl: "http://keys"}
          versions:
            default: 99
            supported: [80, eighty]
            deprecationByVersion: {70: {sunset: tomorrow}}
            discovery: {path: api/version}
          pagination: {maxPerPage: 0, overMaximum: truncate}
          errors: {maxBodyBytes: 1GiB}
          cors: {enabled: true, allowedMethods: [GET, BREW]}
          """)).containsExactly(
          "auth.strategy: must be one of computestacks, introspection, jwt, was 'saml'",
          "auth.invalidTokenStatus: must be 401 or 403, was 402",
          "auth.timeout: must be a duration such as 250ms, 2s, 5m, 1h or 1d, was 'soon'",
          "auth.cache: maxTtl must be positive, was PT0S",
          "auth.basic.hmacSecret: must be at least 16 characters",
          "auth.jwt: applies only with strategy: jwt (strategy is computestacks)",
          "versions.supported[1]: must be a version number, was 'eighty'",
          "versions.deprecationByVersion.70.sunset: must be an ISO-8601 instant such as 2026-12-31T00:00:00Z,"
              + " was 'tomorrow'",
          "versions.discovery: path must start with '/', was 'api/version'",
          "versions: default must be one of the supported versions [80], was 99",
          "pagination.maxPerPage: must be between 1 and 1000000, was 0",
          "pagination.overMaximum: must be one of clamp, reject, was 'truncate'",
          "errors.maxBodyBytes: must be at most 64MiB, was 1073741824",
          "cors.allowedMethods[1]: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, was 'BREW'",
          "cors.allowedOrigins: is required when enabled is true");
    }

    @Test
    void should_require_a_shared_basic_hmac_secret_when_instances_share_state_through_redis() {
      assertThat(errorsOf("""
          rateLimit: {store: redis, redis: {url: "redis://127.0.0.1:6379"}}
          """)).containsExactly("auth.basic.hmacSecret: is required when rateLimit.store is redis: every instance"
          + " must derive the same principal id from the same Basic credential (set the same secret of at least 16"
          + " characters on all of them, e.g. ${CSGW_BASIC_HMAC_SECRET})");
      assertThat(errorsOf("""
          cache: {enabled: true, families: {projects: 30s}, redis: {url: "redis://127.0.0.1:6379"}}
          """)).singleElement().asString().startsWith("auth.basic.hmacSecret: is required when cache.redis is set");
      assertThat(parse("""
          auth: {basic: {hmacSecret: "0123456789abcdef"}}
          rateLimit: {store: redis, redis: {url: "redis://127.0.0.1:6379"}}
          """).rateLimit().config().store()).isEqualTo(RateLimitConfig.StoreKind.REDIS);
    }

    @Test
    void should_list_every_invalid_rate_limit_protection_and_cache_field_with_its_path() {
      assertThat(errorsOf("""
          upstream:
            poolSize: 16
            protection: {maxLimit: 20, backoffRatio: 1.5, queueTimeout: 0s}
          rateLimit:
            store: redis
            policies:
              - {name: Bad Name, rate: 10, period: 1m}
              - {rate: 10, routes: {ids: ["/api/nope"], families: [nope], methods: [FETCH]}, costs: {"GET /api/nope": 2}}
              - {name: dup, rate: 0, period: 1m, key: everyone}
            failedAuthentication: {rate: 5, period: 1m, key: principal}
          cache:
            enabled: true
            maxEntryBytes: 128MiB
            minUses: 0
            minUsesWhenFull: 256
            families: {projectz: 30s}
            routes: {"/api/projects/{id}": 10s}
            redis: {channel: x}
          """)).containsExactly(
          "upstream.protection.maxLimit: must be at most upstream.poolSize (16), was 20",
          "upstream.protection.backoffRatio: must be between 0.0 and 1.0, was 1.5",
          "upstream.protection: queueTimeout must be at least 1ms, was PT0S",
          "rateLimit.redis: is required when store is redis (at least its url)",
          "rateLimit.policies[0]: name must be 1 to 64 of [a-z0-9_.-] starting with a letter or digit,"
              + " was 'Bad Name'",
          "rateLimit.policies[1].name: is required",
          "rateLimit.policies[1].period: is required",
          "rateLimit.policies[1].routes.ids[0]: no route has the template '/api/nope'",
          "rateLimit.policies[1].routes.families[0]: no route belongs to the family 'nope'",
          "rateLimit.policies[1].routes.methods[0]: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS,"
              + " was 'FETCH'",
          "rateLimit.policies[1].costs.GET /api/nope: no route is named 'GET /api/nope' (write a template, or a"
              + " method and a template)",
          "rateLimit.policies[2].rate: must be between 1 and 2147483647, was 0",
          "rateLimit.policies[2].key: must be one of principal, client_id, client_address, was 'everyone'",
          "rateLimit.failedAuthentication.key: unknown key; known keys here: burst, name, period, rate",
          "cache.minUses: must be between 1 and 255, was 0",
          "cache.minUsesWhenFull: must be between 1 and 255, was 256",
          "cache.families.projectz: no route belongs to the family 'projectz'",
          "cache.routes./api/projects/{id}: is not a collection route, whose answers are never cached",
          "cache.redis.url: is required",
          "cache: maxEntryBytes must not exceed maxBytes (67108864), was 134217728");
    }

    @Test
    void should_refuse_a_cache_that_could_never_cache_when_auth_or_versions_are_off() {
      assertThat(errorsOf("""
          auth: {enabled: false}
          versions: {enabled: false}
          cache: {enabled: true, families: {projects: 30s}}
          """)).containsExactly(
          "cache: enabled needs auth.enabled: true (entries belong to the authenticated caller)",
          "cache: enabled needs versions.enabled: true (entries are keyed on the normalized version)");
    }

    @Test
    void should_keep_an_environment_secret_out_of_the_error_when_it_is_invalid() {
      List<String> errors = errorsOf("auth: {strategy: introspection, introspection: {url: '${INTROSPECT}', "
          + "clientId: a, clientSecret: b}}\n");
      assertThat(errors).singleElement().asString().startsWith("auth.introspection.url: must be an absolute");
      assertThat(String.join("\n", errors)).doesNotContain("s3cr3t-value");
    }
  }
}
