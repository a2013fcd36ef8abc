package org.csgateway.app;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this gateway should receive traffic: true once the configuration is loaded and every listener is bound,
 * false again from the moment shutdown starts. Shared by the application and the admin listener; thread-safe.
 */
public final class Readiness {
  private final AtomicBoolean ready = new AtomicBoolean();

  public boolean isReady() {
    return ready.get();
  }

  void markReady() {
    ready.set(true);
  }

  void markNotReady() {
    ready.set(false);
  }
}
