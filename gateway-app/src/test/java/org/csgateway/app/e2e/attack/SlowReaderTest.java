package org.csgateway.app.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.attack.AttackGateway.DEMO_HEADERS;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.csgateway.app.sandbox.SandboxFault;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, a client that stops reading its answer: the gateway's writes back up, the upstream's body is paused with
 * backpressure (not counted against the upstream's {@code bodyIdleTimeout}, 30 s here), and the connection is closed
 * after {@code server.limits.idleTimeout} (1 s here) without progress, releasing the upstream.
 */
class SlowReaderTest extends OneGatewayPerClass {
  private static final long BODY_BYTES = 32L * 1024 * 1024;

  @Override
  protected String moreYaml() {
    return "server: {host: 127.0.0.1, port: 0, instances: 1, limits: {idleTimeout: 1s}}\n"
        + "upstream: {bodyIdleTimeout: 30s}\n"
        + "routes: {unmatched: forward}\n";
  }

  @Test
  void should_close_the_connection_and_release_the_upstream_when_the_client_stops_reading() throws IOException {
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096); // before connecting, so the window stays small
      socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
      socket.getOutputStream().write(("GET /_sandbox/bytes/" + BODY_BYTES + " HTTP/1.1\r\n" + DEMO_HEADERS + "\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      socket.setSoTimeout((int) AttackGateway.BOUND.toMillis());
      InputStream in = socket.getInputStream();
      byte[] head = new byte[512];
      int first = in.read(head); // the answer has started: its upstream request is in flight

      UpstreamFaultTest.assertInFlightReturnsToZero(gateway);

      long received = first + readUntilClosed(in);
      assertThat(new String(head, 0, first, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 ");
      assertThat(received).as("cut off long before the whole body").isLessThan(BODY_BYTES / 2);
    }
    assertThat(gateway.get("/api/projects?per_page=1").statusCode()).isEqualTo(200);
  }

  /**
   * The upstream dribbles 64 bytes every 200 ms (a page of 100 projects would take minutes), and the body passes
   * through the upstream guard's wrapper: when the client leaves after the head, the upstream request must be reset
   * at once, not read to its end for nobody, so its permit comes back well within the bound.
   */
  @Test
  void should_stop_the_upstream_when_the_client_leaves_in_the_middle_of_a_wrapped_body() throws IOException {
    gateway.sandbox().faults().add(SandboxFault.slowBody(Duration.ofMillis(200), 64).times(1).onPath("/api/projects"));
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.getOutputStream().write(("GET /api/projects?per_page=100 HTTP/1.1\r\n" + DEMO_HEADERS + "\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      socket.setSoTimeout((int) AttackGateway.BOUND.toMillis());
      byte[] head = new byte[512];
      int first = socket.getInputStream().read(head);
      assertThat(new String(head, 0, first, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 ");
    } // closed after the head: the client is gone

    UpstreamFaultTest.assertInFlightReturnsToZero(gateway);
    assertThat(gateway.get("/api/projects?per_page=1").statusCode()).isEqualTo(200);
  }

  private static long readUntilClosed(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
      }
    } catch (SocketException reset) {
      // closed with unread data: a reset is a close too
    }
    return total;
  }
}
