package org.csgateway.app.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.cache.CacheGateway.DEMO;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.csgateway.app.e2e.cache.CacheHttp.Reply;
import org.csgateway.app.sandbox.SandboxFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5, "a response cut by the sandbox's reset switch is not stored": the client sees a broken response, and
 * the next request goes to the sandbox again instead of being served a truncated page.
 */
@ExtendWith(VertxExtension.class)
class CacheUpstreamResetE2ETest {
  private static final String PAGE = "/api/projects?per_page=20";

  private CacheGateway gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = CacheGateway.start(vertx, "cache: {enabled: true, families: {projects: 5m}}\n");
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void should_not_store_a_page_when_the_upstream_resets_in_the_middle_of_its_body() {
    Reply truth = gateway.direct(PAGE, DEMO);
    gateway.sandbox().stats().reset();
    gateway.sandbox().faults().add(SandboxFault.resetMidBody().times(1).onPath("/api/projects"));

    Throwable broken = gateway.http().failureOf(gateway.proxyPort(), PAGE, DEMO);
    Reply next = gateway.get(PAGE, DEMO);
    Reply after = gateway.get(PAGE, DEMO);

    assertThat(broken).as("the client must see the cut, not a complete 200").isNotNull();
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.cache()).isEqualTo("MISS");
    assertThat(next.body()).isEqualTo(truth.body());
    assertThat(gateway.upstreamGets("/api/projects")).as("the cut request and the next one").isEqualTo(2);
    assertThat(after.cache()).isEqualTo("HIT");
    assertThat(after.body()).isEqualTo(truth.body());
  }
}
