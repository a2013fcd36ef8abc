package org.csgateway.core.contract;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayResponse;

/** A stub for the rest of the pipeline: records each exchange it receives and answers with a fixed response. */
public final class RecordingChain implements FilterChain {
  private final Function<Exchange, GatewayResponse> answer;
  private final List<Exchange> received = new ArrayList<>();

  private RecordingChain(Function<Exchange, GatewayResponse> answer) {
    this.answer = answer;
  }

  /** Answers every call with this status, a small JSON body and these header name/value pairs. */
  public static RecordingChain answering(int status, String... headerPairs) {
    return new RecordingChain(exchange -> {
      MultiMap headers = HttpHeaders.headers();
      for (int i = 0; i + 1 < headerPairs.length; i += 2) {
        headers.add(headerPairs[i], headerPairs[i + 1]);
      }
      return GatewayResponse.of(status, headers, Buffer.buffer("{\"ok\":true}"));
    });
  }

  /** Answers every call with what the function builds. */
  public static RecordingChain answering(Function<Exchange, GatewayResponse> answer) {
    return new RecordingChain(answer);
  }

  @Override
  public Future<GatewayResponse> proceed(Exchange exchange) {
    received.add(exchange);
    return Future.succeededFuture(answer.apply(exchange));
  }

  public int calls() {
    return received.size();
  }

  /** The last exchange passed on; fails the test if there was none. */
  public Exchange last() {
    if (received.isEmpty()) {
      throw new AssertionError("the chain was never called");
    }
    return received.get(received.size() - 1);
  }
}
