package org.csgateway.core.contract;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.Locale;
import java.util.Objects;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;

/**
 * Gives the upstream's error answers the documented {@code {"errors":["..."]}} shape (see {@link ErrorBodies}).
 * Only answers with status 400 or more, a JSON content type, no content coding and a body of at most
 * {@code maxBodyBytes} are read; a streamed body is read to its end (or until it proves larger, after which the
 * bytes read and the rest stream on unchanged). A body that is rewritten gets a matching {@code Content-Length},
 * loses {@code Transfer-Encoding} and {@code ETag}; any other body is re-emitted byte for byte. An upstream that
 * fails while its error body is being read is answered with 502.
 */
public final class ErrorShapeNormalizationFilter implements GatewayFilter {
  private final ErrorShapePolicy policy;
  private final ErrorBodies bodies;

  public ErrorShapeNormalizationFilter(ErrorShapePolicy policy, ErrorResponder errors) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.bodies = new ErrorBodies(Objects.requireNonNull(errors, "errors"));
  }

  @Override
  public String id() {
    return "error-shape";
  }

  @Override
  public Stage stage() {
    return Stage.TRANSFORM;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    Future<GatewayResponse> answer = chain.proceed(exchange);
    if (exchange.request().method() == HttpMethod.HEAD) {
      return answer;
    }
    return answer.compose(this::normalize);
  }

  private Future<GatewayResponse> normalize(GatewayResponse response) {
    if (response.status() < 400 || !isPlainJson(response.headers()) || declaredTooLarge(response.headers())) {
      return Future.succeededFuture(response);
    }
    if (!response.isStreaming()) {
      Buffer body = response.body();
      return Future.succeededFuture(
          body == null || body.length() > policy.maxBodyBytes() ? response : rewritten(response, body));
    }
    return BoundedBody.read(response.stream(), policy.maxBodyBytes()).transform(read -> {
      if (read.failed()) {
        return Future.failedFuture(
            GatewayException.badGateway("The upstream failed while sending its error response", read.cause()));
      }
      BoundedBody body = read.result();
      return Future.succeededFuture(
          body.complete() ? rewritten(response, body.bytes()) : response.withStream(body.replay()));
    });
  }

  private GatewayResponse rewritten(GatewayResponse response, Buffer original) {
    Buffer normalized = bodies.normalize(original);
    MultiMap headers = response.headers();
    if (normalized != null) {
      headers.remove(HttpHeaders.ETAG);
    }
    Buffer body = normalized == null ? original : normalized;
    headers.remove(HttpHeaders.TRANSFER_ENCODING);
    headers.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
    return response.withBody(body);
  }

  private boolean declaredTooLarge(MultiMap headers) {
    String length = headers.get(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return false;
    }
    try {
      return Long.parseLong(length.strip()) > policy.maxBodyBytes();
    } catch (NumberFormatException e) {
      return true; // not ours to judge: let it stream
    }
  }

  /** {@code application/json} or a {@code +json} type, without a content coding we would have to undo. */
  private static boolean isPlainJson(MultiMap headers) {
    String coding = headers.get(HttpHeaders.CONTENT_ENCODING);
    if (coding != null && !coding.isBlank() && !coding.strip().equalsIgnoreCase("identity")) {
      return false;
    }
    String type = headers.get(HttpHeaders.CONTENT_TYPE);
    if (type == null) {
      return false;
    }
    int semicolon = type.indexOf(';');
    String mediaType = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.startsWith("application/") && mediaType.endsWith("+json");
  }
}
