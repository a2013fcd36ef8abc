package org.csgateway.cache;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.function.Consumer;
import org.csgateway.core.observe.Observations;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayResponse;

/**
 * Answers one cacheable GET or HEAD: from a fresh entry, by waiting for an identical request already on its way
 * upstream, or by going upstream itself (revalidating a stale entry with {@code If-None-Match} when it has an ETag)
 * and storing what comes back while it streams to the client, when the cache admits it ({@code minUses}, and
 * {@code minUsesWhenFull} while the byte bound evicts).
 */
final class ReadThrough {
  private final ResponseCache cache;
  private final CachePolicy policy;

  ReadThrough(ResponseCache cache) {
    this.cache = cache;
    this.policy = cache.config().policy();
  }

  Future<GatewayResponse> serve(CacheKey key, Duration ttl, Exchange exchange, FilterChain chain) {
    long now = cache.now();
    CachedResponse entry = cache.get(key);
    boolean revalidate = policy.requestAsksRevalidation(exchange.request().headers());
    if (entry != null && !revalidate && entry.isFresh(now)) {
      return Future.succeededFuture(answer(entry, CacheStatus.HIT, exchange, now));
    }
    if (exchange.request().method() == HttpMethod.HEAD) {
      return pass(exchange, chain); // a HEAD brings back no body to store
    }
    ResponseCache.Joined joined = cache.join(key, now);
    if (!joined.leader()) {
      return await(joined.flight(), exchange, chain);
    }
    return lead(joined.flight(), entry, ttl, exchange, chain);
  }

  /** Waits (bounded in time and number) for the leader's entry; without one, goes upstream alone, unstored. */
  private Future<GatewayResponse> await(Flight flight, Exchange exchange, FilterChain chain) {
    if (!flight.addWaiter(cache.config().maxWaitersPerKey())) {
      return pass(exchange, chain);
    }
    Context context = Vertx.currentContext();
    Promise<CachedResponse> mine = Promise.promise();
    flight.result().onComplete(done -> {
      if (context == null) {
        mine.tryComplete(done.result());
      } else {
        context.runOnContext(v -> mine.tryComplete(done.result())); // the exchange belongs to its own event loop
      }
    });
    if (context != null) {
      Vertx vertx = context.owner();
      long timer = vertx.setTimer(cache.config().waitTimeout().toMillis(), t -> mine.tryComplete(null));
      mine.future().onComplete(done -> vertx.cancelTimer(timer));
    }
    return mine.future().compose(entry -> entry == null
        ? pass(exchange, chain)
        : Future.succeededFuture(answer(entry, CacheStatus.HIT, exchange, cache.now())));
  }

  private Future<GatewayResponse> lead(Flight flight, CachedResponse stale, Duration ttl, Exchange exchange,
      FilterChain chain) {
    MultiMap upstream = exchange.upstreamHeaders();
    // The client's own conditions are answered here, from the entry; upstream we want a body we can store.
    upstream.remove("If-None-Match");
    upstream.remove("If-Modified-Since");
    boolean conditional = stale != null && stale.etag() != null;
    if (conditional) {
      upstream.set("If-None-Match", stale.etag());
    }
    CachedResponse revalidating = conditional ? stale : null;
    // One transformation rather than a map and a failure listener: a future and a listener fewer per miss.
    return chain.proceed(exchange).transform(answered -> {
      if (answered.succeeded()) {
        try {
          return Future.succeededFuture(onUpstream(flight, revalidating, stale, ttl, exchange, answered.result()));
        } catch (RuntimeException e) {
          cache.finish(flight, null);
          return Future.failedFuture(e);
        }
      }
      cache.finish(flight, null);
      return Future.failedFuture(answered.cause());
    });
  }

  private GatewayResponse onUpstream(Flight flight, CachedResponse revalidating, CachedResponse stale, Duration ttl,
      Exchange exchange, GatewayResponse response) {
    long now = cache.now();
    if (revalidating != null && response.status() == 304) {
      discardBody(response);
      CachedResponse refreshed = revalidating.revalidated(response.headers(), now, flight.generation());
      cache.finish(flight, refreshed);
      return answer(refreshed, CacheStatus.REVALIDATED, exchange, now);
    }
    if (stale != null) {
      cache.discard(flight.key(), stale);
    }
    long declared = declaredLength(response.headers());
    long limit = cache.config().maxEntryBytes();
    boolean storable = policy.isStorable(response.status(), response.headers()) && declared <= limit;
    // A stale entry's key has been asked for before: replacing it needs no further admission.
    if (!storable || (stale == null && !cache.admits(flight, now))) {
      cache.finish(flight, null);
      return tag(exchange, response, CacheStatus.MISS);
    }
    StoredHeaders kept = StoredHeaders.of(response.headers());
    int status = response.status();
    Duration retention = cache.config().staleRetention();
    Consumer<Buffer> store = body -> cache.finish(flight,
        body == null ? null : CachedResponse.of(status, kept, body, cache.now(), ttl, retention, flight.generation()));
    if (!response.isStreaming()) {
      Buffer body = response.body() == null ? Buffer.buffer() : response.body();
      store.accept(body.length() <= limit ? body.copy() : null);
      return tag(exchange, response, CacheStatus.MISS);
    }
    return tag(exchange, response.withStream(new TeeStream(response.stream(), limit, declared, store)),
        CacheStatus.MISS);
  }

  private GatewayResponse answer(CachedResponse entry, CacheStatus outcome, Exchange exchange, long now) {
    boolean notModified = entry.matches(exchange.request().headers().get("If-None-Match"));
    cache.record(outcome);
    exchange.put(Observations.CACHE_RESULT, label(outcome));
    return entry.toResponse(now, outcome, exchange.request().method() != HttpMethod.HEAD, notModified);
  }

  private Future<GatewayResponse> pass(Exchange exchange, FilterChain chain) {
    return chain.proceed(exchange).map(response -> tag(exchange, response, CacheStatus.MISS));
  }

  GatewayResponse tag(Exchange exchange, GatewayResponse response, CacheStatus outcome) {
    response.headers().set(CacheStatus.HEADER, outcome.name());
    cache.record(outcome);
    exchange.put(Observations.CACHE_RESULT, label(outcome));
    return response;
  }

  /** The lower-case label of an outcome, for metrics and the access log. */
  static String label(CacheStatus outcome) {
    return switch (outcome) {
      case HIT -> Observations.CACHE_HIT;
      case MISS -> "miss";
      case BYPASS -> "bypass";
      case REVALIDATED -> "revalidated";
    };
  }

  private static void discardBody(GatewayResponse response) {
    ReadStream<Buffer> body = response.stream();
    if (body != null) {
      body.exceptionHandler(failure -> {}).endHandler(v -> {}).handler(chunk -> {}).resume();
    }
  }

  private static long declaredLength(MultiMap headers) {
    String value = headers.get("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
