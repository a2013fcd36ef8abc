package org.csgateway.app.config;

import java.util.Locale;

/**
 * {@code server.transport}: how the process's event loops reach their sockets, the proxy's, the admin's and the
 * upstream's alike. {@code auto} (the default) takes epoll where it loads (Linux on x86-64 and aarch64), else the
 * JDK's NIO; {@code io_uring} is taken only when named. Naming one makes the start fail where it does not load, rather
 * than run on another. Read at start.
 */
public enum IoTransport {
  AUTO, IO_URING, EPOLL, NIO;

  /** The value as written in the configuration file ({@code io_uring}). */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
