package org.csgateway.core.pipeline;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.csgateway.core.routing.RouteMatch;

/**
 * The state of one request on its way through the pipeline: the client's request, the matched route, what will be
 * sent upstream (headers, path, query), and typed attributes that earlier stages leave for later ones. One exchange
 * per request, confined to the event loop that received it, so it is not thread-safe.
 */
public final class Exchange {
  private final GatewayRequest request;
  private final String requestId;
  private final long startNanos;
  private final String clientAddress;
  // Keys and values in turns, searched by identity: an exchange carries a handful (the stages declare seven keys in
  // all), which a scan finds faster than a hash map is made and filled. Made on the first put: a pass-through sets
  // none.
  private Object[] attributes;
  private MultiMap upstreamHeaders;
  private RouteMatch route;
  private String upstreamPath;
  private String upstreamQuery;
  private ReadStream<Buffer> upstreamBody;
  /** The answer the pipeline's innermost link so far returned, already recovered (see {@link Pipeline}). */
  Future<GatewayResponse> recoveredAnswer;

  /**
   * @param request what the client sent
   * @param requestId the id that names this request in logs and in {@code X-Request-Id}
   * @param clientAddress the client's address, resolved through the trusted proxies
   * @param startNanos when the gateway received the request, from the server's nano clock
   */
  public Exchange(GatewayRequest request, String requestId, String clientAddress, long startNanos) {
    this.request = Objects.requireNonNull(request, "request");
    this.requestId = Objects.requireNonNull(requestId, "requestId");
    this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
    this.startNanos = startNanos;
    this.upstreamPath = request.path();
    this.upstreamQuery = request.query();
  }

  public GatewayRequest request() {
    return request;
  }

  public String requestId() {
    return requestId;
  }

  public String clientAddress() {
    return clientAddress;
  }

  public long startNanos() {
    return startNanos;
  }

  /** The matched route, or null before the route stage ran or when an unmatched request is passed through. */
  public RouteMatch route() {
    return route;
  }

  public void route(RouteMatch route) {
    this.route = route;
  }

  /** The route id for logs and metric labels: the matched template, or "unmatched". Never a raw path. */
  public String routeId() {
    return route == null ? "unmatched" : route.route().id();
  }

  /**
   * The headers to send upstream, a copy of the client's made on first use. Hop-by-hop hygiene is applied by the
   * forward stage when it sends them, so earlier stages may add or replace headers freely.
   */
  public MultiMap upstreamHeaders() {
    if (upstreamHeaders == null) {
      // Vert.x copies its own maps fastest. Not validated here: the server's decoder checked what the client sent,
      // and the client request validates everything once more as it copies this map, filters' headers included.
      upstreamHeaders = MultiMap.caseInsensitiveMultiMap().setAll(request.headers());
    }
    return upstreamHeaders;
  }

  /** The raw path to send upstream; by default the client's. */
  public String upstreamPath() {
    return upstreamPath;
  }

  public void upstreamPath(String path) {
    this.upstreamPath = Objects.requireNonNull(path, "path");
  }

  /** The raw query string to send upstream (without '?'), or null for none; by default the client's. */
  public String upstreamQuery() {
    return upstreamQuery;
  }

  public void upstreamQuery(String query) {
    this.upstreamQuery = query;
  }

  /**
   * The body to send upstream, or null when there is none: the client's stream unless a filter replaced it (for
   * example with a stream that observes the bytes as they pass). The forward stage sends this one, never
   * {@code request().body()} directly.
   */
  public ReadStream<Buffer> upstreamBody() {
    return upstreamBody != null ? upstreamBody : request.body();
  }

  /** Replaces the body sent upstream; the replacement delivers the same bytes unless the filter means to change it. */
  public void upstreamBody(ReadStream<Buffer> body) {
    this.upstreamBody = Objects.requireNonNull(body, "body");
  }

  public <T> T get(AttributeKey<T> key) {
    if (attributes == null) {
      return null;
    }
    int i = slotOf(key);
    return i < attributes.length && attributes[i] == key ? key.cast(attributes[i + 1]) : null;
  }

  public <T> Optional<T> find(AttributeKey<T> key) {
    return Optional.ofNullable(get(key));
  }

  public <T> void put(AttributeKey<T> key, T value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (attributes == null) {
      attributes = new Object[8];
    }
    int i = slotOf(key);
    if (i == attributes.length) {
      attributes = Arrays.copyOf(attributes, attributes.length * 2);
    }
    attributes[i] = key;
    attributes[i + 1] = value;
  }

  /** Where the key's pair is, else the first free pair, else the array's length (all taken). */
  private int slotOf(AttributeKey<?> key) {
    int i = 0;
    while (i < attributes.length && attributes[i] != null && attributes[i] != key) {
      i += 2;
    }
    return i;
  }
}
