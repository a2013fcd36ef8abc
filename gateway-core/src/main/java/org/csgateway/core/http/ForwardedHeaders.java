package org.csgateway.core.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.csgateway.core.pipeline.GatewayRequest;

/**
 * Writes the forwarding headers of a request sent upstream and answers the questions they raise: who the client
 * is, and under which public base URL the client reached the gateway. Client-supplied forwarding headers are kept
 * (and extended) only when the connection's peer is a trusted proxy; otherwise they are replaced. Thread-safe; its
 * only state is a cache of what it learnt about the last peer address it saw (usually the same for every request
 * of a connection, and for every connection from a load balancer).
 */
public final class ForwardedHeaders {
  public static final String X_FORWARDED_FOR = "X-Forwarded-For";
  public static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
  public static final String X_FORWARDED_HOST = "X-Forwarded-Host";
  public static final String X_FORWARDED_PORT = "X-Forwarded-Port";
  public static final String FORWARDED = "Forwarded";
  public static final String VIA = "Via";

  private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._~-]+)(:[0-9]{1,5})?");

  private final ForwardedConfig config;
  private final TrustedProxies trusted;
  private final String publicBaseUrl;
  private final String viaEntry;
  /** The last peer seen: a racy cache, safe because {@link Peer} is immutable, and cheap to lose. */
  private Peer lastPeer;
  /**
   * The last base URL made, for the same reason and with the same safety: a paginated answer's links need it on
   * every request, and nearly every request names the same host.
   */
  private BaseUrl lastBaseUrl;

  /**
   * @param config trusted proxies, mode and via name
   * @param publicBaseUrl the configured public base URL ({@code https://api.example.com}), or null to derive it
   *     from each request
   * @throws IllegalArgumentException if the public base URL is not an absolute http(s) URL without a path
   */
  public ForwardedHeaders(ForwardedConfig config, URI publicBaseUrl) {
    this.config = Objects.requireNonNull(config, "config");
    this.trusted = config.trustedProxies();
    this.publicBaseUrl = publicBaseUrl == null ? null : validBaseUrl(publicBaseUrl);
    this.viaEntry = "1.1 " + config.via();
  }

  public ForwardedConfig config() {
    return config;
  }

  /** Whether the connection's peer is a trusted proxy, whose forwarding headers and request id are believed. */
  public boolean isTrusted(String peer) {
    return peer(peer).trusted();
  }

  /** The client address of a request from this peer with these headers, resolved through the trusted proxies. */
  public String clientAddress(String peer, MultiMap headers) {
    Peer known = peer(peer);
    if (!known.trusted()) {
      return known.canonical() == null ? peer : known.canonical();
    }
    List<String> hops = forwardedFor(headers);
    return hops.isEmpty() ? known.canonical() : trusted.resolveClient(peer, hops);
  }

  /**
   * Sets the forwarding headers of a request about to be sent upstream, according to the mode, and appends the
   * gateway to {@code Via}. Call it after hop-by-hop hygiene.
   *
   * @param request the client's request as the gateway received it
   * @param upstream the headers to send upstream, changed in place
   */
  public void applyTo(GatewayRequest request, MultiMap upstream) {
    Peer peer = peer(request.remoteAddress());
    boolean trustedPeer = peer.trusted();
    String node = peer.canonical() == null ? "unknown" : peer.canonical();
    if (config.mode().sendsXForwarded()) {
      append(upstream, X_FORWARDED_FOR, trustedPeer, node);
      if (!trustedPeer || !upstream.contains(X_FORWARDED_PROTO)) {
        upstream.set(X_FORWARDED_PROTO, request.scheme());
      }
      if (!trustedPeer || !upstream.contains(X_FORWARDED_HOST)) {
        setOrRemove(upstream, X_FORWARDED_HOST, request.authority());
      }
      if (!trustedPeer) {
        upstream.remove(X_FORWARDED_PORT);
      }
    } else {
      upstream.remove(X_FORWARDED_FOR).remove(X_FORWARDED_PROTO).remove(X_FORWARDED_HOST).remove(X_FORWARDED_PORT);
    }
    if (config.mode().sendsForwarded()) {
      StringBuilder element = new StringBuilder("for=").append(ForwardedElements.node(node))
          .append(";proto=").append(request.scheme());
      if (request.authority() != null) {
        element.append(";host=").append(ForwardedElements.value(request.authority()));
      }
      append(upstream, FORWARDED, trustedPeer, element.toString());
    } else {
      upstream.remove(FORWARDED);
    }
    addVia(upstream);
  }

  /** Appends {@code 1.1 <via>} to the {@code Via} header of a request or response. */
  public void addVia(MultiMap headers) {
    append(headers, VIA, true, viaEntry);
  }

  /**
   * The base URL under which the client reached the gateway, {@code scheme://host[:port]} without a trailing
   * slash: the configured one; else the scheme and host a trusted proxy forwarded; else the request's own.
   *
   * @return the base URL, or null when the request named no host
   */
  public String publicBaseUrl(GatewayRequest request) {
    if (publicBaseUrl != null) {
      return publicBaseUrl;
    }
    String proto = request.scheme();
    String host = request.authority();
    if (peer(request.remoteAddress()).trusted()) {
      MultiMap headers = request.headers();
      String forwardedProto;
      String forwardedHost;
      if (config.mode() == ForwardedMode.FORWARDED) {
        List<Map<String, String>> elements = ForwardedElements.parse(headers.getAll(FORWARDED));
        Map<String, String> last = elements.isEmpty() ? Map.of() : elements.get(elements.size() - 1);
        forwardedProto = last.get("proto");
        forwardedHost = last.get("host");
      } else {
        forwardedProto = lastValue(headers.getAll(X_FORWARDED_PROTO));
        forwardedHost = lastValue(headers.getAll(X_FORWARDED_HOST));
      }
      if ("http".equalsIgnoreCase(forwardedProto) || "https".equalsIgnoreCase(forwardedProto)) {
        proto = forwardedProto.toLowerCase(Locale.ROOT);
      }
      if (forwardedHost != null && HOST.matcher(forwardedHost).matches()) {
        host = forwardedHost;
      }
    }
    return baseUrl(proto, host);
  }

  /** {@code proto://host}, or null for a host that is missing or malformed; from the cache for the last pair seen. */
  private String baseUrl(String proto, String host) {
    BaseUrl last = lastBaseUrl;
    if (last != null && Objects.equals(last.proto(), proto) && Objects.equals(last.host(), host)) {
      return last.url();
    }
    String url = host == null || !HOST.matcher(host).matches() ? null : proto + "://" + host;
    lastBaseUrl = new BaseUrl(proto, host, url);
    return url;
  }

  /** The forwarded-for hops of these headers, left to right, from the family the mode reads. */
  private List<String> forwardedFor(MultiMap headers) {
    String header = config.mode() == ForwardedMode.FORWARDED ? FORWARDED : X_FORWARDED_FOR;
    if (!headers.contains(header)) {
      return List.of();
    }
    List<String> hops = new ArrayList<>();
    if (config.mode() == ForwardedMode.FORWARDED) {
      for (Map<String, String> element : ForwardedElements.parse(headers.getAll(FORWARDED))) {
        hops.add(element.getOrDefault("for", ""));
      }
    } else {
      for (String value : headers.getAll(X_FORWARDED_FOR)) {
        for (String hop : value.split(",")) {
          hops.add(hop);
        }
      }
    }
    return hops;
  }

  /** What the trusted proxies say about this peer address, from the cache when it is the last one seen. */
  private Peer peer(String address) {
    Peer last = lastPeer;
    if (last != null && Objects.equals(last.address(), address)) {
      return last;
    }
    Peer peer = new Peer(address, trusted.isTrusted(address), TrustedProxies.canonical(address));
    lastPeer = peer;
    return peer;
  }

  /** A peer address, whether it is a trusted proxy, and its canonical text (null when it is no IP literal). */
  private record Peer(String address, boolean trusted, String canonical) {}

  private record BaseUrl(String proto, String host, String url) {}

  private static void append(MultiMap headers, String name, boolean keepExisting, String entry) {
    List<String> existing = keepExisting ? headers.getAll(name) : List.of();
    if (existing.isEmpty()) {
      headers.set(name, entry);
    } else {
      headers.set(name, String.join(", ", existing) + ", " + entry);
    }
  }

  private static void setOrRemove(MultiMap headers, String name, String value) {
    if (value == null) {
      headers.remove(name);
    } else {
      headers.set(name, value);
    }
  }

  private static String lastValue(List<String> values) {
    if (values.isEmpty()) {
      return null;
    }
    String joined = values.get(values.size() - 1);
    int comma = joined.lastIndexOf(',');
    return (comma < 0 ? joined : joined.substring(comma + 1)).trim();
  }

  private static String validBaseUrl(URI url) {
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null
        || url.getRawUserInfo() != null || !(url.getRawPath() == null || url.getRawPath().isEmpty()
            || url.getRawPath().equals("/"))) {
      throw new IllegalArgumentException(
          "publicBaseUrl must be an absolute http(s) URL without path, query or user info, was '" + url + "'");
    }
    return scheme.toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority();
  }
}
