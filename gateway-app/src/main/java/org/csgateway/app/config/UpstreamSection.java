package org.csgateway.app.config;

import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.csgateway.core.forward.RetryConfig;
import org.csgateway.core.forward.UpstreamConfig;

/**
 * The {@code upstream} section: {@code url} (required, unless the sandbox is the upstream), {@code poolSize},
 * {@code connectTimeout}, {@code responseTimeout}, {@code preserveHost} and {@code retry}. With the sandbox enabled
 * the url is the sandbox's address, whose port is only known once it has started.
 */
final class UpstreamSection implements SectionParser<UpstreamConfig> {
  private static final URI UNKNOWN = URI.create("http://upstream.invalid");

  private final URI sandboxUrl;
  private final boolean sandboxKnown;

  private UpstreamSection(URI sandboxUrl, boolean sandboxKnown) {
    this.sandboxUrl = sandboxUrl;
    this.sandboxKnown = sandboxKnown;
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
  public UpstreamConfig parse(ConfigNode node) {
    UpstreamConfig defaults = UpstreamConfig.of(UNKNOWN);
    URI url = url(node);
    int poolSize = node.integer("poolSize", defaults.poolSize(), 1, 100_000);
    Duration connectTimeout = node.duration("connectTimeout", defaults.connectTimeout());
    Duration responseTimeout = node.duration("responseTimeout", defaults.responseTimeout());
    boolean preserveHost = node.bool("preserveHost", defaults.preserveHost());
    RetryConfig retry = node.section("retry", UpstreamSection::retry);
    return node.construct(() ->
        new UpstreamConfig(url, poolSize, connectTimeout, responseTimeout, preserveHost, retry));
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
