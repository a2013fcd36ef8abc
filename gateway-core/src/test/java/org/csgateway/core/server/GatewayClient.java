package org.csgateway.core.server;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A well-behaved HTTP client for tests, sending to one port of the loopback interface. Requests start on one
 * Vert.x context of its own, never on the test thread: started there, a request can get a context other than its
 * pooled connection's, and a small answer can end before the chain asks for its body.
 */
public final class GatewayClient {
  private final HttpClient client;
  private final Context context;

  public GatewayClient(Vertx vertx) {
    this.client = vertx.createHttpClient();
    this.context = vertx.getOrCreateContext();
  }

  /** Sends a request with these header name/value pairs and no body, and reads the whole answer (at most 10 s). */
  public Answer send(int port, HttpMethod method, String uri, String... headerPairs) {
    return send(port, method, uri, null, headerPairs);
  }

  /** Sends a request with this body (null for none). */
  public Answer send(int port, HttpMethod method, String uri, Buffer body, String... headerPairs) {
    MultiMap headers = HttpHeaders.headers();
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      headers.add(headerPairs[i], headerPairs[i + 1]);
    }
    RequestOptions options = new RequestOptions()
        .setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri).setHeaders(headers);
    Promise<Answer> answer = Promise.promise();
    context.runOnContext(v -> client.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(bytes -> new Answer(response.statusCode(), response.headers(), bytes)))
        .onComplete(answer));
    return answer.future().timeout(10, TimeUnit.SECONDS).await();
  }

  /** A complete answer. */
  public record Answer(int status, MultiMap headers, Buffer body) {

    public JsonObject json() {
      return body.toJsonObject();
    }

    /** What an echo upstream says it received as this header, or an empty list. */
    public List<Object> upstreamHeader(String name) {
      JsonArray values = json().getJsonObject("headers").getJsonArray(name.toLowerCase(Locale.ROOT));
      return values == null ? List.of() : values.getList();
    }

    /** The messages of an errors body. */
    public List<Object> errors() {
      return json().getJsonArray("errors").getList();
    }
  }
}
