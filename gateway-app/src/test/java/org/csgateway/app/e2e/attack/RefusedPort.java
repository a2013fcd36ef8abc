package org.csgateway.app.e2e.attack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses connections for as long as this is open: a socket bound to it without listening
 * (and without SO_REUSEADDR) answers every connection attempt with a reset and keeps any other process from binding
 * it. A port found free and closed again could be taken by a parallel build's server before the test connects.
 */
final class RefusedPort implements AutoCloseable {
  private final Socket holder;

  RefusedPort() {
    holder = new Socket();
    try {
      holder.setReuseAddress(false);
      holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return holder.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    holder.close();
  }
}
