package org.csgateway.app.sandbox;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * One running sandbox for a test class: its own Vert.x, a fake clock, a sandbox on a free port and a web client.
 * Requests are awaited on the test thread.
 */
final class SandboxFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  final Vertx vertx = Vertx.vertx();
  final FakeClock clock = new FakeClock(START);
  final Sandbox sandbox;
  final WebClient client;
  final int port;

  SandboxFixture() {
    this(SandboxOptions.defaults());
  }

  SandboxFixture(SandboxOptions options) {
    sandbox = new Sandbox(vertx, options.withClock(clock));
    port = sandbox.start().await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  /** Sends a request with these headers (name, value pairs) and no body. */
  HttpResponse<Buffer> send(HttpMethod method, String uri, String... headers) {
    return client.request(method, uri).putHeaders(headers(headers)).send().await();
  }

  HttpResponse<Buffer> get(String uri, String... headers) {
    return send(HttpMethod.GET, uri, headers);
  }

  /** Sends a JSON body. */
  HttpResponse<Buffer> sendJson(HttpMethod method, String uri, String json, String... headers) {
    return client.request(method, uri).putHeaders(headers(headers)).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(json)).await();
  }

  /** Sends an application/x-www-form-urlencoded body. */
  HttpResponse<Buffer> sendForm(String uri, MultiMap form, String... headers) {
    return client.request(HttpMethod.POST, uri).putHeaders(headers(headers)).sendForm(form).await();
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String demoBasic() {
    return basic(SandboxIdentities.DEMO_API_KEY, SandboxIdentities.DEMO_API_SECRET);
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  private static MultiMap headers(String... pairs) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      headers.add(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  @Override
  public void close() {
    client.close();
    sandbox.stop().await();
    vertx.close().await();
  }
}
