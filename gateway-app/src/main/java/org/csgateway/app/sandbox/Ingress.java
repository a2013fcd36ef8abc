package org.csgateway.app.sandbox;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The first handler of every counted request: counts and records it, echoes or assigns {@code X-Request-Id} (as
 * Rails' RequestId middleware), and applies the fault switches: a delay before anything else, then a reset,
 * garbage or 5xx instead of the answer, or a body fault remembered for the writer.
 */
final class Ingress implements Handler<RoutingContext> {
  private static final String REQUEST_ID = "X-Request-Id";

  private final SandboxState state;

  Ingress(SandboxState state) {
    this.state = state;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    state.stats().countRequest();
    state.recorder().record(request);
    ctx.response().putHeader(REQUEST_ID, requestId(request.getHeader(REQUEST_ID)));
    SandboxFaults.Decision decision = state.faults().decide(request.path());
    if (decision == SandboxFaults.Decision.NONE) {
      ctx.next();
      return;
    }
    long delay = decision.delay().toMillis();
    if (delay <= 0) {
      apply(ctx, decision.outcome());
      return;
    }
    request.pause(); // keep the body for the handlers that run after the delay
    ctx.vertx().setTimer(delay, id -> apply(ctx, decision.outcome()));
  }

  private static void apply(RoutingContext ctx, SandboxFault fault) {
    HttpServerRequest request = ctx.request();
    if (fault == null) {
      ctx.next();
      return;
    }
    switch (fault.kind()) {
      case RESET_BEFORE_RESPONSE -> ConnectionFaults.reset(request);
      case GARBAGE -> ConnectionFaults.garbage(request);
      case STATUS -> {
        request.resume();
        Replies.errors(ctx, fault.status(), "Sandbox fault: injected status " + fault.status());
      }
      default -> {
        ctx.put(Replies.FAULT_KEY, fault);
        ctx.next();
      }
    }
  }

  /** Rails keeps a client's id if it is made of [\w-] (at most 255 characters), else makes a UUID. */
  private static String requestId(String given) {
    if (given != null && !given.isEmpty() && given.length() <= 255 && given.chars().allMatch(
        c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
      return given;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
        random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
  }
}
