package org.csgateway.app.e2e.auth;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The life of an end-to-end auth test class: one {@link AuthGateway} (gateway, sandbox and test clock), configured
 * by {@link #moreYaml}, started before the first test and closed after the last; sandbox faults are cleared after
 * each test. Tests keep apart by using fresh tokens and counter deltas.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneGatewayPerClass {
  protected AuthGateway gw;

  /** YAML added to the base configuration (an {@code auth:} block, say); none by default. */
  protected String moreYaml(Vertx vertx) {
    return "";
  }

  @BeforeAll
  final void startGateway(Vertx vertx) {
    gw = AuthGateway.start(vertx, moreYaml(vertx));
  }

  @AfterEach
  final void clearSandboxFaults() {
    gw.sandbox.faults().clear();
  }

  @AfterAll
  final void stopGateway() {
    gw.close();
  }
}
