package org.csgateway.core.pipeline;

import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * An immutable, ordered list of filters whose order is checked when it is built: stages never go backwards and
 * exactly one {@link Stage#FORWARD} filter stands last. Running it allocates no chain objects: the links are built
 * once, here.
 */
public final class Pipeline {
  private final List<GatewayFilter> filters;
  private final FilterChain head;

  private Pipeline(List<GatewayFilter> filters, Function<Throwable, Future<GatewayResponse>> recovery) {
    this.filters = List.copyOf(filters);
    FilterChain next = exchange -> Future.failedFuture(new IllegalStateException("no filter answered"));
    for (int i = this.filters.size() - 1; i >= 0; i--) {
      GatewayFilter filter = this.filters.get(i);
      FilterChain rest = next;
      next = exchange -> {
        Future<GatewayResponse> result;
        try {
          result = filter.apply(exchange, rest);
        } catch (RuntimeException e) {
          result = Future.failedFuture(e);
        }
        if (result == exchange.recoveredAnswer) {
          return result;
        }
        Future<GatewayResponse> answer = recovered(result, recovery);
        exchange.recoveredAnswer = answer;
        return answer;
      };
    }
    this.head = next;
  }

  /**
   * The filter's answer with its failure turned into a response by the recovery, so that every filter further out
   * sees an answer. {@code result.recover(recovery)} would do the same at a higher price on every link of every
   * request: a composition bound to the future's context, a new succeeded future and a listener for each success.
   * An answer that is already there passes as it is; a pending one is relayed through a promise of no context, whose
   * listeners therefore run on the thread that completes it: the event loop the filter's own future reports on.
   * A filter that hands back the rest of the chain's answer as it is (most do, on their common path) gets no relay
   * at all: that answer was recovered by the link it came from, which the exchange remembers.
   */
  private static Future<GatewayResponse> recovered(Future<GatewayResponse> result,
      Function<Throwable, Future<GatewayResponse>> recovery) {
    if (result.isComplete()) {
      return result.succeeded() ? result : recover(recovery, result.cause());
    }
    Relay relay = new Relay(recovery);
    result.onComplete(relay);
    return relay.promise.future();
  }

  private static Future<GatewayResponse> recover(Function<Throwable, Future<GatewayResponse>> recovery,
      Throwable failure) {
    try {
      return recovery.apply(failure);
    } catch (RuntimeException e) {
      e.addSuppressed(failure);
      return Future.failedFuture(e);
    }
  }

  /** Completes its promise with a pending filter answer, or with the recovery of its failure. */
  private static final class Relay implements Completable<GatewayResponse> {
    private final Promise<GatewayResponse> promise = Promise.promise();
    private final Function<Throwable, Future<GatewayResponse>> recovery;

    Relay(Function<Throwable, Future<GatewayResponse>> recovery) {
      this.recovery = recovery;
    }

    @Override
    public void complete(GatewayResponse response, Throwable failure) {
      if (failure == null) {
        promise.complete(response);
      } else {
        recover(recovery, failure).onComplete(promise);
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Runs the exchange through every filter; the future fails only for faults, never for expected refusals. */
  public Future<GatewayResponse> handle(Exchange exchange) {
    return head.proceed(exchange);
  }

  public List<GatewayFilter> filters() {
    return filters;
  }

  /** Collects filters and checks their order. */
  public static final class Builder {
    private final List<GatewayFilter> filters = new ArrayList<>();
    private Function<Throwable, Future<GatewayResponse>> recovery = Future::failedFuture;

    private Builder() {}

    /**
     * Appends a filter.
     *
     * @throws IllegalStateException if its stage comes before the previous filter's, or after the forward filter
     */
    public Builder add(GatewayFilter filter) {
      Objects.requireNonNull(filter, "filter");
      Objects.requireNonNull(filter.stage(), "stage of " + filter.id());
      if (!filters.isEmpty()) {
        GatewayFilter last = filters.get(filters.size() - 1);
        if (last.stage() == Stage.FORWARD) {
          throw new IllegalStateException(
              "Cannot add [" + filter.id() + "] after the forward filter [" + last.id() + "]: forwarding is last");
        }
        if (filter.stage().compareTo(last.stage()) < 0) {
          throw new IllegalStateException("Cannot add [" + filter.id() + "] (" + filter.stage() + ") after ["
              + last.id() + "] (" + last.stage() + "): stages must not go backwards");
        }
      }
      filters.add(filter);
      return this;
    }

    /**
     * How a failed filter future becomes a response (normally {@code ErrorResponder::recover}); by default failures
     * pass through unchanged.
     */
    public Builder recoveringWith(Function<Throwable, Future<GatewayResponse>> recovery) {
      this.recovery = Objects.requireNonNull(recovery, "recovery");
      return this;
    }

    /** @throws IllegalStateException unless exactly one forward filter stands last */
    public Pipeline build() {
      long forwards = filters.stream().filter(f -> f.stage() == Stage.FORWARD).count();
      if (forwards != 1 || filters.get(filters.size() - 1).stage() != Stage.FORWARD) {
        throw new IllegalStateException("A pipeline needs exactly one forward filter, last; found " + forwards);
      }
      return new Pipeline(filters, recovery);
    }
  }
}
