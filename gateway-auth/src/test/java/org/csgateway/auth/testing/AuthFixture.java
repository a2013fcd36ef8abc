package org.csgateway.auth.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.csgateway.auth.AuthFailure;
import org.csgateway.auth.AuthFailureListener;
import org.csgateway.auth.AuthModule;
import org.csgateway.auth.config.AuthConfig;
import org.csgateway.core.pipeline.Exchange;

/**
 * One test's world: the fake authorization server and upstream, the auth module under test configured against
 * it, a real gateway running the auth filters, and a client. Everything on one fake clock.
 */
public final class AuthFixture {
  public final FakeClock clock = new FakeClock();
  public final List<AuthFailure> failures = new CopyOnWriteArrayList<>();
  /** How many times the filter asked to admit a caller. */
  public final AtomicInteger admissions = new AtomicInteger();
  /** What the listener answers when asked to admit a caller; admits by default. */
  public volatile Function<Exchange, Future<Void>> admission = exchange -> Future.succeededFuture();
  public final FakeAuthorizationServer server;
  public final AuthModule auth;
  public final TestGateway gateway;
  /** The auth module's client for the authorization server. */
  public final WebClient client;
  private final WebClient caller;

  private AuthFixture(Vertx vertx, Function<FakeAuthorizationServer, AuthConfig> config) {
    server = new FakeAuthorizationServer(vertx, clock).start().await();
    client = WebClient.create(vertx);
    caller = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(128));
    auth = AuthModule.create(vertx, client, config.apply(server), server.url(""), new Listener(), clock, clock);
    gateway = new TestGateway(vertx, TestRoutes.table(),
        List.of(auth.authenticationFilter(), auth.revocationFilter(), auth.authorizationFilter(),
            new CacheHitStandIn()), server.port())
        .start().await();
  }

  /** Starts everything; call on the test thread. */
  public static AuthFixture start(Vertx vertx, Function<FakeAuthorizationServer, AuthConfig> config) {
    return new AuthFixture(vertx, config);
  }

  public static AuthFixture start(Vertx vertx) {
    return start(vertx, server -> AuthConfig.defaults());
  }

  public HttpRequest<Buffer> request(HttpMethod method, String uri) {
    return caller.request(method, gateway.port(), "localhost", uri);
  }

  public HttpResponse<Buffer> get(String uri) {
    return request(HttpMethod.GET, uri).send().await();
  }

  public HttpResponse<Buffer> getWithToken(String uri, String token) {
    return request(HttpMethod.GET, uri).bearerTokenAuthentication(token).send().await();
  }

  public HttpResponse<Buffer> getWithBasic(String uri, String username, String password) {
    return request(HttpMethod.GET, uri).basicAuthentication(username, password).send().await();
  }

  public HttpResponse<Buffer> postForm(String uri, MultiMap form) {
    return request(HttpMethod.POST, uri).sendForm(form).await();
  }

  private final class Listener implements AuthFailureListener {
    @Override
    public void onFailure(Exchange exchange, AuthFailure failure) {
      failures.add(failure);
    }

    @Override
    public Future<Void> admit(Exchange exchange) {
      admissions.incrementAndGet();
      return admission.apply(exchange);
    }
  }
}
