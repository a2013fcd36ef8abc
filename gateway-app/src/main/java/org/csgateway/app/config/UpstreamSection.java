package org.csgateway.app.config;

import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.csgateway.app.tls.TrustedCertificates;
import org.csgateway.core.forward.RetryConfig;
import org.csgateway.core.forward.UpstreamConfig;
import org.csgateway.core.forward.UpstreamTls;
import org.csgateway.core.protect.UpstreamProtectionConfig;

/**
 * The {@code upstream} section: {@code url} (required, unless the sandbox is the upstream), {@code poolSize},
 * {@code connectTimeout}, {@code responseTimeout}, {@code bodyIdleTimeout} (the responseTimeout unless set),
 * {@code preserveHost}, {@code retry}, {@code protection} and
 * {@code tls} (the trust for an https upstream: {@code caFile}, {@code verifyHost}). With
 * the sandbox enabled the url is the sandbox's address, whose port is only known once it has started.
 */
final class UpstreamSection implements SectionParser<UpstreamSection.Parts> {
  /**
   * What the section holds: the connection settings (a gateway-core forwarding record) and the protection
   * settings, which {@link GatewayConfig} keeps apart.
   */
  record Parts(UpstreamConfig connection, ProtectionSettings protection) {}

  private static final URI UNKNOWN = URI.create("http://upstream.invalid");

  private final URI sandboxUrl;
  private final boolean sandboxKnown;
  private final ConfigResources resources;

  private UpstreamSection(URI sandboxUrl, boolean sandboxKnown, ConfigResources resources) {
    this.sandboxUrl = sandboxUrl;
    this.sandboxKnown = sandboxKnown;
    this.resources = resources;
  }

  private UpstreamSection(URI sandboxUrl, boolean sandboxKnown) {
    this(sandboxUrl, sandboxKnown, new ConfigResources(Path.of("")));
  }

  /** This section with relative file paths ({@code tls.caFile}) resolved by these resources. */
  UpstreamSection withFiles(ConfigResources files) {
    return new UpstreamSection(sandboxUrl, sandboxKnown, files);
  }

  /** The upstream is the sandbox at this address. */
  static UpstreamSection forSandbox(URI sandboxUrl) {
    return new UpstreamSection(sandboxUrl, true);
  }

  /** There is no sandbox: the url is required. */
  static UpstreamSection standalone() {
    return new UpstreamSection(null, true);
  }

  /** The sandbox section is invalid, so whether the url is required is unknown: only a written url is checked. */
  static UpstreamSection sandboxUnknown() {
    return new UpstreamSection(null, false);
  }

  @Override
  public Parts parse(ConfigNode node) {
    UpstreamConfig defaults = UpstreamConfig.of(UNKNOWN);
    URI url = url(node);
    int poolSize = node.integer("poolSize", defaults.poolSize(), 1, 100_000);
    Duration connectTimeout = node.duration("connectTimeout", defaults.connectTimeout());
    Duration responseTimeout = node.duration("responseTimeout", defaults.responseTimeout());
    Duration bodyIdleTimeout = node.duration("bodyIdleTimeout", responseTimeout);
    boolean preserveHost = node.bool("preserveHost", defaults.preserveHost());
    RetryConfig retry = node.section("retry", UpstreamSection::retry);
    ProtectionSettings protection = node.section("protection", p -> protection(p, poolSize));
    UpstreamTls tls = node.section("tls", this::tls);
    return node.construct(() -> new Parts(
        new UpstreamConfig(url, poolSize, connectTimeout, responseTimeout, bodyIdleTimeout, preserveHost, retry, tls),
        protection));
  }

  /**
   * {@code upstream.tls}: {@code caFile} (null: the JVM's trust store), a PEM file of certificates that must exist,
   * be readable and parse; {@code verifyHost} (true). Used when the url is https.
   */
  private UpstreamTls tls(ConfigNode node) {
    UpstreamTls defaults = UpstreamTls.defaults();
    Path caFile = ConfigFiles.path(node, "caFile", node.string("caFile", null), resources);
    if (caFile != null) {
      try {
        TrustedCertificates.read(caFile);
      } catch (IllegalArgumentException e) {
        node.error("caFile", e.getMessage());
      }
    }
    boolean verifyHost = node.bool("verifyHost", defaults.verifyHost());
    return node.construct(() -> new UpstreamTls(caFile, verifyHost));
  }

  /**
   * {@code upstream.protection}: {@code enabled} (true), {@code initialLimit} (32), {@code minLimit} (2),
   * {@code maxLimit} (64), {@code queueSize} (256), {@code queueTimeout} (2s), {@code latencyTarget} (5s),
   * {@code backoffRatio} (0.5), {@code retryAfter} (1s), {@code maxRetryAfter} (120s). The limit is shared by every
   * event loop while each has its own pool, so {@code maxLimit} must not exceed {@code poolSize} (one loop may carry
   * all the load); the limits' defaults shrink with a smaller pool.
   */
  private static ProtectionSettings protection(ConfigNode node, int poolSize) {
    UpstreamProtectionConfig defaults = UpstreamProtectionConfig.defaults();
    boolean enabled = node.bool("enabled", true);
    int maxLimit = node.integer("maxLimit", Math.min(defaults.maxLimit(), poolSize), 1, 100_000);
    if (maxLimit > poolSize) {
      node.error("maxLimit", "must be at most upstream.poolSize (" + poolSize + "), was " + maxLimit);
    }
    int initialLimit = node.integer("initialLimit", Math.min(defaults.initialLimit(), maxLimit), 1, 100_000);
    int minLimit = node.integer("minLimit", Math.min(defaults.minLimit(), maxLimit), 1, 100_000);
    int queueSize = node.integer("queueSize", defaults.queueSize(), 0, 1_000_000);
    Duration queueTimeout = node.duration("queueTimeout", defaults.queueTimeout());
    Duration latencyTarget = node.duration("latencyTarget", defaults.latencyTarget());
    double backoffRatio = node.decimal("backoffRatio", defaults.backoffRatio(), 0, 1);
    Duration retryAfter = node.duration("retryAfter", defaults.retryAfter());
    Duration maxRetryAfter = node.duration("maxRetryAfter", defaults.maxRetryAfter());
    return node.construct(() -> new ProtectionSettings(enabled, new UpstreamProtectionConfig(initialLimit, minLimit,
        maxLimit, queueSize, queueTimeout, latencyTarget, backoffRatio, retryAfter, maxRetryAfter)));
  }

  private URI url(ConfigNode node) {
    boolean written = node.has("url");
    if (sandboxUrl != null) {
      if (written) {
        node.error("url", "must not be set when sandbox.enabled is true: the sandbox is the upstream");
      }
      return sandboxUrl;
    }
    if (!written) {
      if (sandboxKnown) {
        node.error("url", "is required (or set sandbox.enabled: true to run in front of the sandbox)");
        return null;
      }
      return UNKNOWN; // the configuration is invalid anyway; check the rest of the section

    }
    String text = node.string("url", null);
    try {
      URI url = new URI(text.trim());
      UpstreamConfig.of(url); // the record's own checks, reported at this key
      return url;
    } catch (URISyntaxException e) {
      node.error("url", "must be an absolute http or https URL, was '" + text + "'");
    } catch (IllegalArgumentException e) {
      node.error("url", e.getMessage().replaceFirst("^url ", ""));
    }
    return null;
  }

  private static RetryConfig retry(ConfigNode node) {
    RetryConfig defaults = RetryConfig.defaults();
    int attempts = node.integer("attempts", defaults.attempts(), 0, 10);
    List<HttpMethod> methods = node.list("methods", List.copyOf(defaults.methods()), name -> {
      HttpMethod method = HttpMethod.valueOf(name.trim().toUpperCase(Locale.ROOT));
      if (!RetryConfig.RETRYABLE.contains(method)) {
        throw new IllegalArgumentException("must be one of GET, HEAD, OPTIONS, PUT, DELETE (others are never"
            + " retried), was '" + name + "'");
      }
      return method;
    });
    double budgetRatio = node.decimal("budgetRatio", defaults.budgetRatio(), 0, 1000);
    int minRetriesPerSecond = node.integer("minRetriesPerSecond", defaults.minRetriesPerSecond(), 0, 1_000_000);
    return node.construct(() -> new RetryConfig(attempts, Set.copyOf(methods), budgetRatio, minRetriesPerSecond));
  }
}
