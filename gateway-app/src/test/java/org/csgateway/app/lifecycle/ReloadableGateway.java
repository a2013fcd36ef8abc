package org.csgateway.app.lifecycle;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.csgateway.app.Clocks;
import org.csgateway.app.GatewayApplication;
import org.csgateway.app.config.GatewayConfigLoader;
import org.csgateway.app.sandbox.SandboxIdentities;

/**
 * A gateway in front of the sandbox started from a configuration file the test rewrites, with a
 * {@link ConfigReloadListener} that records every outcome and lets the test wait for one.
 */
final class ReloadableGateway implements AutoCloseable, ConfigReloadListener {
  private final Path file;
  private final GatewayApplication application;
  private final WebClient client;
  private final WebClient admin;
  private final List<String> successes = new CopyOnWriteArrayList<>();
  private final List<List<String>> failures = new CopyOnWriteArrayList<>();
  private volatile Expectation expectation;

  private record Expectation(Predicate<ReloadableGateway> met, Promise<Void> done) {}

  ReloadableGateway(Vertx vertx, Path file, String yaml) {
    this.file = file;
    write(yaml);
    application = new GatewayApplication(vertx, Clocks.system());
    application.onReload(this);
    application.start(new ConfigSource(new GatewayConfigLoader(name -> null, () -> 2), file.toString())).await();
    client = WebClient.create(vertx);
    admin = WebClient.create(vertx);
  }

  void write(String yaml) {
    try {
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The hash the gateway should report for this text. */
  static String hashOf(String yaml) {
    return ConfigHash.of(yaml.getBytes(StandardCharsets.UTF_8));
  }

  GatewayApplication application() {
    return application;
  }

  /** A request through the proxy as the sandbox's demo user. */
  HttpRequest<Buffer> get(String uri) {
    return client.get(application.ports().proxy(), "127.0.0.1", uri)
        .basicAuthentication(SandboxIdentities.DEMO_API_KEY, SandboxIdentities.DEMO_API_SECRET)
        .putHeader("Accept", "application/json");
  }

  HttpResponse<Buffer> postReload() {
    return admin.post(application.ports().admin(), "127.0.0.1", "/config/reload").send().await();
  }

  List<String> successes() {
    return successes;
  }

  List<List<String>> failures() {
    return failures;
  }

  /** Waits (without sleeping) until the recorded outcomes meet the condition. */
  void awaitOutcome(Predicate<ReloadableGateway> condition) {
    Promise<Void> done = Promise.promise();
    expectation = new Expectation(condition, done);
    check();
    done.future().await();
  }

  @Override
  public void onSuccess(String hash) {
    successes.add(hash);
    check();
  }

  @Override
  public void onFailure(List<String> errors) {
    failures.add(errors);
    check();
  }

  private void check() {
    Expectation waiting = expectation;
    if (waiting != null && waiting.met().test(this)) {
      waiting.done().tryComplete();
    }
  }

  @Override
  public void close() {
    client.close();
    admin.close();
    application.stop().await();
  }
}
