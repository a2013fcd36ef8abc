package org.csgateway.app.lifecycle;

import io.vertx.core.Future;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.csgateway.app.config.ShutdownSettings;

/**
 * The order of a graceful stop. The caller has already turned readiness false. The listeners keep serving for
 * {@code shutdown.drainDelay} (load balancers see the 503 and stop sending; HTTP/1.x answers say
 * {@code Connection: close} so keep-alive clients reconnect elsewhere), then stop accepting and get
 * {@code shutdown.drainTimeout} for the requests in flight (HTTP/2 connections get a GOAWAY); connections still
 * open after that are closed.
 */
public final class GracefulShutdown {
  private static final Logger LOG = System.getLogger(GracefulShutdown.class.getName());

  private final ShutdownSettings settings;
  private final Delay delay;

  public GracefulShutdown(ShutdownSettings settings, Delay delay) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.delay = Objects.requireNonNull(delay, "delay");
  }

  /** @return completes once every listener has closed its connections (never fails) */
  public Future<Void> drain(List<? extends Drainable> listeners) {
    LOG.log(Level.INFO, "shutdown: not ready; serving for {0} more, then finishing requests in flight for up to {1}",
        settings.drainDelay(), settings.drainTimeout());
    listeners.forEach(Drainable::drain);
    return delay.after(settings.drainDelay()).compose(elapsed -> {
      LOG.log(Level.INFO, "shutdown: no longer accepting connections");
      List<Future<Void>> closed = new ArrayList<>();
      listeners.forEach(listener -> closed.add(listener.stopAccepting(settings.drainTimeout())));
      return Future.join(closed).<Void>mapEmpty();
    }).otherwiseEmpty();
  }
}
