package org.csgateway.app.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.cache.CacheGateway.DEMO;
import static org.csgateway.app.e2e.cache.CacheGateway.OTHER;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.csgateway.app.e2e.cache.CacheHttp.Caller;
import org.csgateway.app.e2e.cache.CacheHttp.Reply;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5, "two callers requesting the same URL with the same version each get their own data, including right
 * after the other filled the cache; a caller whose scopes changed does not get entries made under the old scope
 * set": through the whole gateway, each answer compared with what the sandbox gives that caller directly.
 */
@ExtendWith(VertxExtension.class)
class CacheIsolationE2ETest {
  private static final String PAGE = "/api/projects?per_page=3";

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
  void should_give_each_basic_caller_their_own_page_when_both_request_the_same_url() {
    assertEachGetsTheirOwn(DEMO, OTHER);
  }

  @Test
  void should_give_each_token_caller_their_own_page_when_both_request_the_same_url() {
    Caller demo = Caller.bearer("demo token", gateway.userToken(SandboxIdentities.DEMO_USER, "project_read"));
    Caller other = Caller.bearer("other token", gateway.userToken(SandboxIdentities.OTHER_USER, "project_read"));
    assertEachGetsTheirOwn(demo, other);
  }

  @Test
  void should_not_serve_entries_made_under_the_old_scopes_when_the_callers_scopes_change() {
    Caller before = Caller.bearer("read", gateway.userToken(SandboxIdentities.DEMO_USER, "project_read"));
    Caller after = Caller.bearer("read+write",
        gateway.userToken(SandboxIdentities.DEMO_USER, "project_read", "project_write"));
    Reply truth = gateway.direct(PAGE, before);
    gateway.sandbox().stats().reset();

    assertThat(gateway.get(PAGE, before).cache()).isEqualTo("MISS");
    assertThat(gateway.get(PAGE, before).cache()).isEqualTo("HIT");
    Reply changed = gateway.get(PAGE, after);

    // Same user, same application, so the same principal id: only the scope set tells the two apart.
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.cache()).isEqualTo("MISS");
    assertThat(changed.body()).isEqualTo(truth.body());
    assertThat(gateway.get(PAGE, after).cache()).isEqualTo("HIT");
    assertThat(gateway.upstreamGets("/api/projects")).isEqualTo(2);
  }

  private void assertEachGetsTheirOwn(Caller first, Caller second) {
    Reply firstTruth = gateway.direct(PAGE, first);
    Reply secondTruth = gateway.direct(PAGE, second);
    assertThat(firstTruth.body()).as("the two callers' data differ").isNotEqualTo(secondTruth.body());
    gateway.sandbox().stats().reset();

    Reply firstMiss = gateway.get(PAGE, first);
    Reply secondRightAfter = gateway.get(PAGE, second);
    Reply firstHit = gateway.get(PAGE, first);
    Reply secondHit = gateway.get(PAGE, second);

    assertThat(firstMiss.cache()).isEqualTo("MISS");
    assertThat(firstMiss.body()).isEqualTo(firstTruth.body());
    assertThat(secondRightAfter.cache()).as("the second caller right after the first filled the cache")
        .isEqualTo("MISS");
    assertThat(secondRightAfter.body()).isEqualTo(secondTruth.body());
    assertThat(firstHit.cache()).isEqualTo("HIT");
    assertThat(firstHit.body()).isEqualTo(firstTruth.body());
    assertThat(firstHit.header("Total")).isEqualTo(firstTruth.header("Total"));
    assertThat(secondHit.cache()).isEqualTo("HIT");
    assertThat(secondHit.body()).isEqualTo(secondTruth.body());
    assertThat(secondHit.header("Total")).isEqualTo(secondTruth.header("Total"));
    assertThat(gateway.upstreamGets("/api/projects")).isEqualTo(2);
  }
}
