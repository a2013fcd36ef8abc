package org.csgateway.app.lifecycle;

import io.vertx.core.Future;
import org.csgateway.app.config.GatewayConfig;

/** The running gateway as a reload sees it: what is in force, and how a new configuration is swapped in. */
public interface ReloadTarget {
  /** The configuration in force, as resolved at start (the sandbox's upstream URL filled in). */
  GatewayConfig running();

  /** A loaded configuration resolved the way the running one was. */
  GatewayConfig resolve(GatewayConfig loaded);

  /**
   * Builds everything the new configuration needs, then swaps it in; on failure nothing changed.
   *
   * @param next a resolved configuration that {@link RestartRequired} accepts
   */
  Future<Void> apply(GatewayConfig next);
}
