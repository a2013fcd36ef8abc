package org.csgateway.app.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;
import java.util.Locale;
import org.csgateway.app.GatewayVertx;
import org.csgateway.app.config.IoTransport;

/**
 * The transport a test run's gateways use: the JVM's {@code csgateway.test.transport} ({@code io_uring},
 * {@code epoll}, {@code nio}, {@code auto}), which the build sets to {@code auto} to run the attack suite a second
 * time on what production takes here ({@code -Dattacks.transport} picks another); unset, the test's own Vert.x. A
 * gateway on a named transport gets a Vert.x of its own, which the caller closes; a transport that does not load here
 * skips the test.
 */
public final class TransportUnderTest {
  public static final String PROPERTY = "csgateway.test.transport";

  private TransportUnderTest() {
  }

  /** The transport named by the property, or null when it is unset. */
  public static Transport named() {
    String name = System.getProperty(PROPERTY, "").trim();
    if (name.isEmpty()) {
      return null;
    }
    IoTransport wanted = IoTransport.valueOf(name.toUpperCase(Locale.ROOT));
    Transport transport = wanted == IoTransport.AUTO ? GatewayVertx.transport(wanted) : wanted.named();
    assumeTrue(transport.available(), () -> name + " does not load here: " + transport.unavailabilityCause());
    return transport;
  }

  /** A Vert.x for the gateway under test: this one when no transport is named, else a new one on it. */
  public static Vertx vertxFor(Vertx testVertx) {
    Transport transport = named();
    return transport == null ? testVertx : GatewayVertx.create(transport, null, false);
  }
}
