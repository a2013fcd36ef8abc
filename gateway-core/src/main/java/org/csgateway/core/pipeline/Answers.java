package org.csgateway.core.pipeline;

import io.vertx.core.Future;
import java.util.function.Function;

/**
 * Changes a filter chain's answer the way {@code answer.map(change)} does, without a mapped future when the answer is
 * already there. Stages before the cache see their answers complete on every cache hit and every early refusal; a
 * {@code map} would give each of them a mapping future and a listener for nothing.
 */
public final class Answers {
  private Answers() {}

  /**
   * The answer changed by {@code change}: at once when it has succeeded, on completion when it is pending. A failed
   * answer passes unchanged and a change that throws fails the result, both as with {@code map}.
   */
  public static Future<GatewayResponse> map(Future<GatewayResponse> answer,
      Function<? super GatewayResponse, GatewayResponse> change) {
    if (!answer.succeeded()) {
      return answer.map(change);
    }
    GatewayResponse response = answer.result();
    GatewayResponse changed;
    try {
      changed = change.apply(response);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return changed == response ? answer : Future.succeededFuture(changed);
  }
}
