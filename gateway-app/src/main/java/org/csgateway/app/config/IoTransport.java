package org.csgateway.app.config;

import io.vertx.core.transport.Transport;
import java.util.Locale;

/**
 * {@code server.transport}: how the process's event loops reach their sockets, the proxy's, the admin's and the
 * upstream's alike. {@code auto} (the default) takes the fastest that loads: io_uring, then epoll (Linux on x86-64
 * and aarch64), then the JDK's NIO. Naming one makes the start fail where it does not load, rather
 * than run on another. Read at start.
 */
public enum IoTransport {
  AUTO(null), IO_URING(Transport.IO_URING), EPOLL(Transport.EPOLL), NIO(Transport.NIO);

  private final Transport named;

  IoTransport(Transport named) {
    this.named = named;
  }

  /** The Vert.x transport this value names; null for {@code auto}, which chooses one where it runs. */
  public Transport named() {
    return named;
  }

  /** The value as written in the configuration file ({@code io_uring}). */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
