package org.csgateway.app.e2e.contract;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.csgateway.app.sandbox.SandboxIdentities;

/**
 * Real HTTP for the contract's end-to-end tests, to the gateway's proxy port or straight to the sandbox. A request
 * carries exactly the headers the test names (no default {@code Accept}: its absence is a case under test). Requests
 * start on one event-loop context, so the body handler is in place before the first bytes arrive; every wait on
 * the test thread is bounded.
 */
final class ContractHttp implements AutoCloseable {
  /** {@code Authorization} of the sandbox's demo user's Basic API credentials. */
  static final String DEMO_BASIC = "Basic " + Base64.getEncoder().encodeToString(
      (SandboxIdentities.DEMO_API_KEY + ":" + SandboxIdentities.DEMO_API_SECRET).getBytes(StandardCharsets.UTF_8));

  private static final long WAIT_SECONDS = 10;

  private final HttpClient client;
  private final Context context;

  ContractHttp(Vertx vertx) {
    this.client = vertx.createHttpClient();
    this.context = vertx.getOrCreateContext();
  }

  /** What came back: status, headers and the whole body. */
  record Reply(int status, MultiMap headers, Buffer body) {
    String header(String name) {
      return headers.get(name);
    }

    /** Every value of a header, a comma-separated line split into its elements. */
    List<String> headerElements(String name) {
      return headers.getAll(name).stream()
          .flatMap(line -> Arrays.stream(line.split(",")))
          .map(String::strip)
          .filter(element -> !element.isEmpty())
          .toList();
    }

    JsonObject json() {
      return body.toJsonObject();
    }
  }

  /** A request to {@code 127.0.0.1:port}, to be given headers and sent. */
  Request to(int port, HttpMethod method, String uri) {
    return new Request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri));
  }

  /** One request being put together. */
  final class Request {
    private final RequestOptions options;

    private Request(RequestOptions options) {
      this.options = options;
    }

    /** Adds a header line (a repeated name adds another line). */
    Request header(String name, String value) {
      options.addHeader(name, value);
      return this;
    }

    /** As the demo user, with Basic API credentials. */
    Request asDemo() {
      return header(HttpHeaders.AUTHORIZATION.toString(), DEMO_BASIC);
    }

    /** Sends it without a body and waits (bounded) for the whole answer. */
    Reply send() {
      return send(null);
    }

    /** Sends it with a JSON body (null for none) and waits (bounded) for the whole answer. */
    Reply send(JsonObject body) {
      if (body != null) {
        options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      }
      Promise<Reply> reply = Promise.promise();
      context.runOnContext(v -> client.request(options)
          .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
          .compose(response -> response.body()
              .map(received -> new Reply(response.statusCode(), response.headers(), received)))
          .timeout(WAIT_SECONDS, TimeUnit.SECONDS)
          .onComplete(reply));
      return await(reply.future());
    }
  }

  /** Waits (bounded) for a future on the test thread. */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS + 5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("no answer in time", e);
    }
  }

  @Override
  public void close() {
    await(client.close());
  }
}
