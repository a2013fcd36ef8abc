package org.csgateway.app.e2e.attack;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The life of an attack test class that shares one {@link AttackGateway}, configured by {@link #moreYaml}: started
 * before the first test, closed after the last; before each test the sandbox forgets what it recorded and its
 * faults are cleared, so each test sees only what its own attack forwarded.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneGatewayPerClass {
  protected AttackGateway gateway;

  /** YAML added to the base configuration; none by default. */
  protected String moreYaml() {
    return "";
  }

  @BeforeAll
  final void startGateway(Vertx vertx) {
    gateway = AttackGateway.start(vertx, moreYaml());
  }

  @BeforeEach
  final void forgetRequests() {
    gateway.sandbox().faults().clear();
    gateway.sandbox().clearRecordedRequests();
  }

  @AfterAll
  final void stopGateway() {
    gateway.close();
  }
}
