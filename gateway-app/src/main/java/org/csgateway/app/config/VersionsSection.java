package org.csgateway.app.config;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.csgateway.core.version.DeprecationDates;
import org.csgateway.core.version.VersionDiscoveryConfig;
import org.csgateway.core.version.VersionPolicy;

/**
 * The {@code versions} section: {@code enabled} (true), {@code default} (80), {@code supported} ([80]),
 * {@code deprecated} ([51, 52, 53, 54, 60, 61, 62, 65, 70, 71]), {@code obsolete} ([40, 50]), {@code deprecation}
 * ({@code {deprecation, sunset}}, ISO-8601 instants, for every deprecated version), {@code deprecationByVersion}
 * ({@code {N: {deprecation, sunset}}}) and {@code discovery} ({@code enabled} false, {@code path} /api/version,
 * {@code interval} 5m, {@code timeout} 2s, {@code authorization}, a secret).
 */
final class VersionsSection implements SectionParser<VersionSettings> {

  static VersionDiscoveryConfig discoveryDefaults() {
    return new VersionDiscoveryConfig(false, VersionDiscoveryConfig.DEFAULT_PATH,
        VersionDiscoveryConfig.DEFAULT_INTERVAL, VersionDiscoveryConfig.DEFAULT_TIMEOUT, null);
  }

  @Override
  public VersionSettings parse(ConfigNode node) {
    VersionPolicy defaults = VersionPolicy.computeStacksDefaults();
    boolean enabled = node.bool("enabled", true);
    int defaultVersion = node.integer("default", defaults.defaultVersion(), 0, 1_000_000);
    List<Integer> supported = node.list("supported", List.copyOf(defaults.supported()), VersionsSection::version);
    List<Integer> deprecated = node.list("deprecated", List.copyOf(defaults.deprecated()), VersionsSection::version);
    List<Integer> obsolete = node.list("obsolete", List.copyOf(defaults.obsolete()), VersionsSection::version);
    DeprecationDates dates = node.section("deprecation", VersionsSection::dates);
    Map<Integer, DeprecationDates> byVersion = new LinkedHashMap<>();
    node.mapping("deprecationByVersion", (child, key) -> {
      DeprecationDates forVersion = child.section(key, VersionsSection::dates);
      try {
        byVersion.put(version(key), forVersion);
      } catch (IllegalArgumentException e) {
        child.error(key, "must be a version number");
      }
      return forVersion;
    });
    VersionDiscoveryConfig discovery = node.section("discovery", VersionsSection::discovery);
    return node.construct(() -> new VersionSettings(enabled, new VersionPolicy(defaultVersion, Set.copyOf(supported),
        Set.copyOf(deprecated), Set.copyOf(obsolete), dates, byVersion), discovery));
  }

  private static Integer version(String text) {
    try {
      int version = Integer.parseInt(text.trim());
      if (version >= 0) {
        return version;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("must be a version number, was '" + text + "'");
  }

  private static DeprecationDates dates(ConfigNode node) {
    Instant deprecation = node.instant("deprecation", null);
    Instant sunset = node.instant("sunset", null);
    return node.construct(() -> new DeprecationDates(deprecation, sunset));
  }

  private static VersionDiscoveryConfig discovery(ConfigNode node) {
    VersionDiscoveryConfig defaults = discoveryDefaults();
    boolean enabled = node.bool("enabled", defaults.enabled());
    String path = node.string("path", defaults.path());
    Duration interval = node.duration("interval", defaults.interval());
    Duration timeout = node.duration("timeout", defaults.timeout());
    String authorization = node.string("authorization", null);
    return node.construct(() -> new VersionDiscoveryConfig(enabled, path, interval, timeout, authorization));
  }
}
