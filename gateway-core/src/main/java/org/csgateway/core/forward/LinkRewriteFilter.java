package org.csgateway.core.forward;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csgateway.core.http.ForwardedHeaders;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;

/**
 * Makes the URLs of a response's {@code Link} header (the upstream's pagination links) point at the gateway: the
 * {@code scheme://host[:port]} of every absolute http(s) URL becomes the request's public base URL, path and query
 * kept. The upstream is also told the public host and scheme through the forwarding headers; this makes it
 * certain whatever the upstream does with them. Never fails a response.
 */
public final class LinkRewriteFilter implements GatewayFilter {
  public static final String ID = "link-rewrite";
  private static final String LINK = "Link";
  private static final Pattern ORIGIN = Pattern.compile("<\\s*https?://[^/?#>]*", Pattern.CASE_INSENSITIVE);

  private final ForwardedHeaders forwarded;

  public LinkRewriteFilter(ForwardedHeaders forwarded) {
    this.forwarded = Objects.requireNonNull(forwarded, "forwarded");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Stage stage() {
    return Stage.TRANSFORM;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    return chain.proceed(exchange).map(response -> {
      MultiMap headers = response.headers();
      if (headers.contains(LINK)) {
        String base = forwarded.publicBaseUrl(exchange.request());
        if (base != null) {
          List<String> links = headers.getAll(LINK);
          headers.remove(LINK);
          for (String link : links) {
            headers.add(LINK, rewrite(link, base));
          }
        }
      }
      return response;
    });
  }

  /** This Link header value with the origin of each absolute http(s) URL replaced by {@code base}. */
  static String rewrite(String link, String base) {
    if (hasOnlyOrigin(link, base)) {
      return link;
    }
    return ORIGIN.matcher(link).replaceAll(Matcher.quoteReplacement("<" + base));
  }

  /**
   * Whether every absolute http(s) URL of the value already starts {@code <base} with nothing between, so the
   * replacement would give back the same string. It usually does (the upstream builds its links from the
   * forwarding headers the gateway sends), and the check is a scan where the replacement allocates a matcher, a
   * builder and the result: about 3% of a paginated answer's CPU (async-profiler).
   */
  static boolean hasOnlyOrigin(String link, String base) {
    for (int open = link.indexOf('<'); open >= 0; open = link.indexOf('<', open + 1)) {
      int url = open + 1;
      if (url < link.length() && Character.isWhitespace(link.charAt(url))) {
        return false; // the replacement drops the space: not the same string
      }
      boolean absolute = link.regionMatches(true, url, "http://", 0, 7) || link.regionMatches(true, url, "https://", 0, 8);
      if (absolute && !(link.startsWith(base, url) && endsOrigin(link, url + base.length()))) {
        return false;
      }
    }
    return true;
  }

  /** Whether the origin of a URL ends at this index (as {@code [^/?#>]*} ends it). */
  private static boolean endsOrigin(String link, int at) {
    if (at >= link.length()) {
      return true;
    }
    char c = link.charAt(at);
    return c == '/' || c == '?' || c == '#' || c == '>';
  }
}
