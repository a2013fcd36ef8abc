package org.csgateway.app.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.csgateway.auth.config.AuthConfig;
import org.csgateway.auth.config.BasicConfig;
import org.csgateway.auth.config.TokenCacheConfig;
import org.csgateway.auth.config.TokenStrategy;

/**
 * The {@code auth} section: {@code enabled} (true), {@code strategy} ({@code computestacks}, {@code introspection}
 * or {@code jwt}), {@code invalidTokenStatus} (401), {@code timeout} (2s), {@code cache}, {@code basic}, and the
 * block of the chosen strategy ({@code computestacks}, {@code introspection} or {@code jwt}); a block of another
 * strategy is an error, as it would silently do nothing.
 */
final class AuthSection implements SectionParser<AuthSettings> {
  private static final Map<String, String> STRATEGIES = new LinkedHashMap<>();

  static {
    for (String name : List.of("computestacks", "introspection", "jwt")) {
      STRATEGIES.put(name, name);
    }
  }

  @Override
  public AuthSettings parse(ConfigNode node) {
    AuthConfig defaults = AuthConfig.defaults();
    boolean enabled = node.bool("enabled", true);
    String strategyName = node.choice("strategy", STRATEGIES, "computestacks");
    int status = node.integer("invalidTokenStatus", defaults.invalidTokenStatus(), 100, 599);
    if (status != 401 && status != 403) {
      node.error("invalidTokenStatus", "must be 401 or 403, was " + status);
    }
    int invalidTokenStatus = status == 403 ? 403 : 401;
    Duration timeout = node.duration("timeout", defaults.timeout());
    TokenCacheConfig cache = node.section("cache", AuthSection::cache);
    BasicConfig basic = node.section("basic", AuthSection::basic);
    for (String other : STRATEGIES.keySet()) {
      if (!other.equals(strategyName) && node.has(other)) {
        node.error(other, "applies only with strategy: " + other + " (strategy is " + strategyName + ")");
      }
    }
    TokenStrategy strategy = switch (strategyName) {
      case "introspection" -> node.section("introspection", AuthSection::introspection);
      case "jwt" -> node.section("jwt", AuthSection::jwt);
      default -> node.section("computestacks", AuthSection::computeStacks);
    };
    return node.construct(() ->
        new AuthSettings(enabled, new AuthConfig(strategy, invalidTokenStatus, timeout, cache, basic)));
  }

  private static TokenCacheConfig cache(ConfigNode node) {
    TokenCacheConfig defaults = TokenCacheConfig.defaults();
    Duration maxTtl = node.duration("maxTtl", defaults.maxTtl());
    Duration negativeTtl = node.duration("negativeTtl", defaults.negativeTtl());
    Duration expirySkew = node.duration("expirySkew", defaults.expirySkew());
    int maxEntries = node.integer("maxEntries", (int) defaults.maxEntries(), 1, Integer.MAX_VALUE);
    return node.construct(() -> new TokenCacheConfig(maxTtl, negativeTtl, expirySkew, maxEntries));
  }

  private static BasicConfig basic(ConfigNode node) {
    BasicConfig defaults = BasicConfig.defaults();
    Duration validTtl = node.duration("validTtl", defaults.validTtl());
    Duration invalidTtl = node.duration("invalidTtl", defaults.invalidTtl());
    String hmacSecret = node.string("hmacSecret", null);
    boolean tooShort = hmacSecret != null && hmacSecret.length() < 16;
    if (tooShort) {
      node.error("hmacSecret", "must be at least 16 characters");
    }
    String secret = tooShort ? null : hmacSecret;
    int maxEntries = node.integer("maxEntries", (int) defaults.maxEntries(), 1, Integer.MAX_VALUE);
    return node.construct(() -> new BasicConfig(validTtl, invalidTtl, secret, maxEntries));
  }

  private static URI required(ConfigNode node, String key) {
    if (!node.has(key)) {
      node.error(key, "is required");
      return null;
    }
    return node.httpUrl(key, null);
  }

  private static TokenStrategy computeStacks(ConfigNode node) {
    URI tokenInfoUrl = node.httpUrl("tokenInfoUrl", null);
    return node.construct(() -> new TokenStrategy.ComputeStacks(tokenInfoUrl));
  }

  private static TokenStrategy introspection(ConfigNode node) {
    URI url = required(node, "url");
    String clientId = node.requiredString("clientId");
    String clientSecret = node.requiredString("clientSecret");
    return node.construct(() -> new TokenStrategy.Introspection(url, clientId, clientSecret));
  }

  private static TokenStrategy jwt(ConfigNode node) {
    TokenStrategy.Jwt defaults = TokenStrategy.Jwt.of(URI.create("http://jwks.invalid"), null, List.of());
    URI jwksUrl = required(node, "jwksUrl");
    String issuer = node.string("issuer", null);
    List<String> audiences = node.strings("audiences", List.of());
    Duration clockSkew = node.duration("clockSkew", defaults.clockSkew());
    Duration refreshInterval = node.duration("refreshInterval", defaults.refreshInterval());
    Duration minRefreshInterval = node.duration("minRefreshInterval", defaults.minRefreshInterval());
    return node.construct(() ->
        new TokenStrategy.Jwt(jwksUrl, issuer, audiences, clockSkew, refreshInterval, minRefreshInterval));
  }
}
