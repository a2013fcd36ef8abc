package org.csgateway.core.forward;

import io.netty.channel.ConnectTimeoutException;
import java.util.concurrent.TimeoutException;
import org.csgateway.core.error.GatewayException;

/** How a failure on the way to or from the upstream is answered: 504 for time running out, 502 for the rest. */
final class UpstreamFailures {
  private UpstreamFailures() {}

  static GatewayException toGatewayException(Throwable failure) {
    if (failure instanceof GatewayException known) {
      return known;
    }
    if (isTimeout(failure)) {
      return GatewayException.gatewayTimeout("The upstream did not answer in time", failure);
    }
    return GatewayException.badGateway("The upstream could not be reached or closed the connection", failure);
  }

  /** A connect timeout, a wait for a pooled connection that ran out, or a response idle timeout. */
  static boolean isTimeout(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException || t instanceof ConnectTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
