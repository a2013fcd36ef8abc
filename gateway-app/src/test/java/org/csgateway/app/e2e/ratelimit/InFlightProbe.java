package org.csgateway.app.e2e.ratelimit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.csgateway.app.sandbox.Sandbox;
import org.csgateway.app.sandbox.SandboxOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A sandbox with a pass-through HTTP hop in front, for a gateway configured with {@link #url()} as its upstream, so
 * a test can see what the gateway's upstream guard controls: how many requests are in flight to the upstream at once. A request counts from the moment its
 * head reaches the hop until the sandbox's whole answer has been written back to the gateway; only requests whose
 * path starts with the watched prefix count. Optionally it adds a {@code Retry-After} to the sandbox's 503 answers
 * (the sandbox's fault switch answers 503 without one). Its state lives on its one event loop.
 */
final class InFlightProbe implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding",
      "content-length", "te", "trailer", "upgrade", "proxy-connection");

  private final Vertx vertx;
  private final String watchedPrefix;
  private final Sandbox sandbox;
  private final HttpClient toSandbox;
  private final List<Waiting> waiting = new ArrayList<>();
  private final Context loop;
  private HttpServer server;
  private int inFlight;
  private int maxInFlight;
  private int arrived;
  private volatile String retryAfterOn503;

  private record Waiting(int atLeast, Promise<Void> reached) {}

  private InFlightProbe(Vertx vertx, Sandbox sandbox, String watchedPrefix) {
    this.vertx = vertx;
    this.sandbox = sandbox;
    this.watchedPrefix = watchedPrefix;
    this.toSandbox = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(256));
    this.loop = vertx.getOrCreateContext();
  }

  /**
   * Starts a sandbox with these options and the hop in front of it, both on free ports.
   *
   * @param watchedPrefix only requests whose path starts with it are counted
   */
  static InFlightProbe start(Vertx vertx, SandboxOptions options, String watchedPrefix) {
    Sandbox sandbox = new Sandbox(vertx, options);
    GatewayCaller.await(sandbox.start());
    InFlightProbe probe = new InFlightProbe(vertx, sandbox, watchedPrefix);
    Promise<HttpServer> listening = Promise.promise();
    probe.loop.runOnContext(v -> vertx.createHttpServer().requestHandler(probe::relay).listen(0, "127.0.0.1")
        .onComplete(listening));
    probe.server = GatewayCaller.await(listening.future());
    return probe;
  }

  /** The sandbox behind the hop (its counters, faults and tokens). */
  Sandbox sandbox() {
    return sandbox;
  }

  /** The hop's base URL: the gateway's {@code upstream.url}. */
  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** From now on, 503 answers of the sandbox get {@code Retry-After: value} (null: forwarded as they are). */
  void retryAfterOn503(String value) {
    retryAfterOn503 = value;
  }

  /** The most watched requests that were in flight at once since the last {@link #resetMax()}. */
  Future<Integer> maxInFlight() {
    return onLoop(() -> maxInFlight);
  }

  /** Watched requests that have arrived so far. */
  Future<Integer> arrived() {
    return onLoop(() -> arrived);
  }

  /** Starts a new measurement of the maximum from the current number in flight. */
  Future<Integer> resetMax() {
    return onLoop(() -> maxInFlight = inFlight);
  }

  /** Completes once at least this many watched requests are in flight at the same time. */
  Future<Void> whenInFlight(int atLeast) {
    Promise<Void> reached = Promise.promise();
    loop.runOnContext(v -> {
      waiting.add(new Waiting(atLeast, reached));
      notifyWaiting();
    });
    return reached.future();
  }

  private void relay(HttpServerRequest request) {
    boolean watched = request.path().startsWith(watchedPrefix);
    if (watched) {
      arrived++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      notifyWaiting();
    }
    RequestOptions options = new RequestOptions().setMethod(request.method()).setHost("127.0.0.1")
        .setPort(sandbox.port()).setURI(request.uri());
    for (Map.Entry<String, String> header : request.headers()) {
      if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        options.addHeader(header.getKey(), header.getValue());
      }
    }
    request.body()
        .compose(body -> toSandbox.request(options).compose(upstream -> upstream.send(body)))
        .compose(answer -> answer.body().map(body -> {
          HttpServerResponse response = request.response().setStatusCode(answer.statusCode());
          answer.headers().forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
              response.headers().add(name, value);
            }
          });
          if (answer.statusCode() == 503 && retryAfterOn503 != null) {
            response.headers().set(HttpHeaders.RETRY_AFTER, retryAfterOn503);
          }
          return body;
        }))
        .onComplete(done -> {
          // Counted out before the last byte is written, so the gateway cannot free its slot and send the next
          // request while this one still counts: the probe never reports more than the gateway let through.
          if (watched) {
            inFlight--;
          }
          if (done.succeeded()) {
            request.response().end(done.result());
          } else {
            request.response().setStatusCode(502).end();
          }
        });
  }

  private void notifyWaiting() {
    for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
      Waiting w = it.next();
      if (inFlight >= w.atLeast()) {
        it.remove();
        w.reached().complete();
      }
    }
  }

  private <T> Future<T> onLoop(Supplier<T> read) {
    Promise<T> result = Promise.promise();
    loop.runOnContext(v -> result.complete(read.get()));
    return result.future();
  }

  @Override
  public void close() {
    GatewayCaller.await(server.close());
    GatewayCaller.await(toSandbox.close());
    GatewayCaller.await(sandbox.stop());
  }
}
