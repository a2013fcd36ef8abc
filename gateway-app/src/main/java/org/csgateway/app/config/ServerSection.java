package org.csgateway.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.csgateway.app.tls.PemKeyPair;
import org.csgateway.app.tls.ServerTlsConfig;
import org.csgateway.core.http.ForwardedConfig;
import org.csgateway.core.http.ForwardedHeaders;
import org.csgateway.core.http.ForwardedMode;
import org.csgateway.core.http.TrustedProxies;
import org.csgateway.core.server.ServerLimits;

/**
 * The {@code server} section: {@code host}, {@code port}, {@code instances} (0 = one per core, resolved here),
 * {@code publicBaseUrl}, {@code limits}, {@code forwarded}, {@code http2}, {@code h2c} (false), {@code transport}
 * ({@code auto}) and {@code tls} (whose certificate and key must exist, be readable and parse as a matching pair when
 * the configuration is validated).
 */
final class ServerSection implements SectionParser<ServerConfig> {
  private static final Map<String, ForwardedMode> MODES = new LinkedHashMap<>();

  static {
    Arrays.stream(ForwardedMode.values()).forEach(m -> MODES.put(m.configName(), m));
  }

  private final IntSupplier cores;
  private final ConfigResources resources;

  /**
   * @param cores the number of cores, which {@code instances: 0} stands for
   * @param resources what relative certificate and key paths resolve against (the configuration file's directory)
   */
  ServerSection(IntSupplier cores, ConfigResources resources) {
    this.cores = cores;
    this.resources = resources;
  }

  @Override
  public ServerConfig parse(ConfigNode node) {
    String host = node.string("host", ServerConfig.DEFAULT_HOST);
    int port = node.integer("port", ServerConfig.DEFAULT_PORT, 0, 65535);
    int instances = node.integer("instances", 0, 0, 1024);
    URI publicBaseUrl = node.has("publicBaseUrl") ? publicBaseUrl(node) : null;
    ServerLimits limits = node.section("limits", ServerSection::limits);
    ForwardedConfig forwarded = node.section("forwarded", ServerSection::forwarded);
    boolean http2 = node.bool("http2", true);
    boolean h2c = node.bool("h2c", false);
    IoTransport transport = node.enumValue("transport", IoTransport.class, IoTransport.AUTO);
    ServerTlsConfig tls = node.section("tls", this::tls);
    int resolvedInstances = instances == 0 ? Math.max(1, cores.getAsInt()) : instances;
    return node.construct(() ->
        new ServerConfig(host, port, resolvedInstances, publicBaseUrl, limits, forwarded, http2, h2c, transport, tls));
  }

  /**
   * {@code server.tls}: {@code enabled} (false), {@code certFile} and {@code keyFile} (required when enabled),
   * {@code reloadCheck} (10s; 0 = never). The files are read here so that a missing, unreadable or broken pair stops
   * the start (or the reload) instead of the first handshake; the error names the file's key.
   */
  private ServerTlsConfig tls(ConfigNode node) {
    boolean enabled = node.bool("enabled", false);
    Duration reloadCheck = node.duration("reloadCheck", ServerTlsConfig.DEFAULT_RELOAD_CHECK);
    Path certFile = enabled ? file(node, "certFile") : optionalFile(node, "certFile");
    Path keyFile = enabled ? file(node, "keyFile") : optionalFile(node, "keyFile");
    if (enabled && certFile != null && keyFile != null) {
      try {
        PemKeyPair.read(certFile, keyFile);
      } catch (PemKeyPair.InvalidPairException e) {
        node.error(e.part() == PemKeyPair.Part.KEY ? "keyFile" : "certFile", e.getMessage());
      }
    }
    return node.construct(() -> enabled ? new ServerTlsConfig(true, certFile, keyFile, reloadCheck)
        : new ServerTlsConfig(false, null, null, reloadCheck));
  }

  private Path file(ConfigNode node, String key) {
    return ConfigFiles.path(node, key, node.requiredString(key), resources);
  }

  /** Read (so it is not an unknown key) but unused while TLS is off. */
  private static Path optionalFile(ConfigNode node, String key) {
    node.string(key, null);
    return null;
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
