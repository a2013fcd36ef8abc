package org.csgateway.app.lifecycle;

import io.vertx.core.Future;
import java.time.Duration;

/** A listener that can be drained: first it asks clients to go elsewhere, then it stops accepting. */
public interface Drainable {
  /** Keep serving and accepting, but tell HTTP/1.x clients to close their connections after each answer. */
  void drain();

  /**
   * Stop accepting connections, let requests in flight finish within the timeout, then close what is left.
   *
   * @return completes when every connection is closed
   */
  Future<Void> stopAccepting(Duration timeout);
}
