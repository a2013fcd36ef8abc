package org.csgateway.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.csgateway.core.http.ForwardedConfig;
import org.csgateway.core.http.ForwardedHeaders;
import org.csgateway.core.http.ForwardedMode;
import org.csgateway.core.http.TrustedProxies;
import org.csgateway.core.server.ServerLimits;

/**
 * The {@code server} section: {@code host}, {@code port}, {@code instances} (0 = one per core, resolved here),
 * {@code publicBaseUrl}, {@code limits} and {@code forwarded}.
 */
final class ServerSection implements SectionParser<ServerConfig> {
  private static final Map<String, ForwardedMode> MODES = new LinkedHashMap<>();

  static {
    Arrays.stream(ForwardedMode.values()).forEach(m -> MODES.put(m.configName(), m));
  }

  private final IntSupplier cores;

  /** @param cores the number of cores, which {@code instances: 0} stands for */
  ServerSection(IntSupplier cores) {
    this.cores = cores;
  }

  @Override
  public ServerConfig parse(ConfigNode node) {
    String host = node.string("host", ServerConfig.DEFAULT_HOST);
    int port = node.integer("port", ServerConfig.DEFAULT_PORT, 0, 65535);
    int instances = node.integer("instances", 0, 0, 1024);
    URI publicBaseUrl = node.has("publicBaseUrl") ? publicBaseUrl(node) : null;
    ServerLimits limits = node.section("limits", ServerSection::limits);
    ForwardedConfig forwarded = node.section("forwarded", ServerSection::forwarded);
    int resolvedInstances = instances == 0 ? Math.max(1, cores.getAsInt()) : instances;
    return node.construct(() -> new ServerConfig(host, port, resolvedInstances, publicBaseUrl, limits, forwarded));
  }

  private static URI publicBaseUrl(ConfigNode node) {
    String text = node.string("publicBaseUrl", null);
    if (text == null) {
      return null;
    }
    try {
      URI url = new URI(text.trim());
      new ForwardedHeaders(ForwardedConfig.defaults(), url); // validates it the way the forwarding code will use it
      return url;
    } catch (URISyntaxException | IllegalArgumentException e) {
      node.error("publicBaseUrl", "must be an absolute http(s) URL without path, query or user info, was '"
          + text + "'");
      return null;
    }
  }

  private static ServerLimits limits(ConfigNode node) {
    ServerLimits defaults = ServerLimits.defaults();
    int maxUriLength = node.integer("maxUriLength", defaults.maxUriLength(), 1, 1024 * 1024);
    long maxHeaderBytes = node.size("maxHeaderBytes", defaults.maxHeaderBytes());
    if (maxHeaderBytes > Integer.MAX_VALUE / 2) {
      node.error("maxHeaderBytes", "must be at most 1GiB, was " + maxHeaderBytes);
    }
    long maxBodyBytes = node.size("maxBodyBytes", defaults.maxBodyBytes());
    Duration requestTimeout = node.duration("requestTimeout", defaults.requestTimeout());
    Duration idleTimeout = node.duration("idleTimeout", defaults.idleTimeout());
    return node.construct(() ->
        new ServerLimits(maxUriLength, (int) maxHeaderBytes, maxBodyBytes, requestTimeout, idleTimeout));
  }

  private static ForwardedConfig forwarded(ConfigNode node) {
    ForwardedConfig defaults = ForwardedConfig.defaults();
    List<String> trusted = node.list("trustedProxies", defaults.trustedProxies().networks(), cidr -> {
      TrustedProxies.of(List.of(cidr));
      return cidr;
    });
    ForwardedMode mode = node.choice("mode", MODES, defaults.mode());
    String via = node.string("via", defaults.via());
    return node.construct(() -> new ForwardedConfig(TrustedProxies.of(trusted), mode, via));
  }
}
