package org.csgateway.core.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.GatewayRequest;

/** Builds exchanges by hand for unit tests of single filters (no server, no body). */
public final class TestExchanges {
  private TestExchanges() {}

  /** An exchange for "METHOD uri" from 127.0.0.1 over http, with these header name/value pairs. */
  public static Exchange exchange(HttpMethod method, String uri, String... headerPairs) {
    MultiMap headers = HttpHeaders.headers();
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      headers.add(headerPairs[i], headerPairs[i + 1]);
    }
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    String query = q < 0 ? null : uri.substring(q + 1);
    GatewayRequest request =
        new GatewayRequest(method, path, query, headers, "http", "gateway.test", "127.0.0.1", null);
    return new Exchange(request, "test-request", "127.0.0.1", System.nanoTime());
  }
}
