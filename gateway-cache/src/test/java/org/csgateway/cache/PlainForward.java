package org.csgateway.cache;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import java.util.Set;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;

/** The terminal stage, as plain as it gets: sends the exchange upstream and streams the answer back. */
final class PlainForward implements GatewayFilter {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "host", "te",
      "upgrade", "proxy-connection");

  private final HttpClient client;
  private final int upstreamPort;

  PlainForward(HttpClient client, int upstreamPort) {
    this.client = client;
    this.upstreamPort = upstreamPort;
  }

  @Override
  public String id() {
    return "test-forward";
  }

  @Override
  public Stage stage() {
    return Stage.FORWARD;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    String query = exchange.upstreamQuery();
    RequestOptions options = new RequestOptions()
        .setMethod(exchange.request().method())
        .setHost("127.0.0.1")
        .setPort(upstreamPort)
        .setURI(exchange.upstreamPath() + (query == null ? "" : "?" + query));
    MultiMap headers = withoutHopByHop(exchange.upstreamHeaders());
    boolean hasBody = exchange.request().method() != HttpMethod.GET && exchange.request().method() != HttpMethod.HEAD;
    ReadStream<Buffer> body = exchange.upstreamBody();
    return client.request(options).compose(request -> {
      request.headers().addAll(headers);
      if (hasBody && body != null) {
        return request.send(body);
      }
      return request.send();
    }).map(this::streaming);
  }

  private GatewayResponse streaming(HttpClientResponse response) {
    response.pause();
    return GatewayResponse.streaming(response.statusCode(), withoutHopByHop(response.headers()), response);
  }

  private static MultiMap withoutHopByHop(MultiMap in) {
    MultiMap out = HttpHeaders.headers();
    in.forEach(h -> {
      if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
        out.add(h.getKey(), h.getValue());
      }
    });
    return out;
  }
}
