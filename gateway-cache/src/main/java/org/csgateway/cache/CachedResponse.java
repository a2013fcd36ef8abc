package org.csgateway.cache;

import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.csgateway.core.pipeline.GatewayResponse;

/**
 * One stored answer: its status, the headers a client needs to read a page ({@link #KEPT_HEADERS}, packed in
 * {@link StoredHeaders}) and the body, with the ticker time it was stored or last revalidated. Immutable; the body
 * buffer is never written after construction, so one entry may be sent to many clients at once.
 */
public final class CachedResponse {
  /**
   * The upstream headers replayed on hits, in this order; everything else (Set-Cookie, Date, X-Request-Id, ...) is
   * dropped. The first two describe the representation, which a 304 never changes ({@link StoredHeaders#merged}).
   */
  public static final List<String> KEPT_HEADERS = List.of("Content-Type", "Content-Encoding", "Per-Page", "Total",
      "Link", "ETag", "Last-Modified", "Cache-Control", "Vary", "API-Deprecated");
  /** The headers a 304 from the gateway repeats (RFC 9110 15.4.5), spelt as in {@link #KEPT_HEADERS}. */
  private static final Set<AsciiString> NOT_MODIFIED_HEADERS = Set.of(AsciiString.cached("ETag"),
      AsciiString.cached("Last-Modified"), AsciiString.cached("Cache-Control"), AsciiString.cached("Vary"));
  /**
   * What an entry costs beyond its body's and its packed headers' bytes, measured with a class histogram of a full
   * cache (JDK 17, compressed references): this object, the body's buffer wrappers, the two arrays' headers, the
   * key, the cache's map node, and a write-eviction index's node that the cache no longer has ({@link Invalidations}):
   * an upper bound now, by about 32 bytes.
   */
  static final int OVERHEAD_BYTES = 400;

  private final int status;
  private final StoredHeaders headers;
  private final Buffer body;
  private final long storedAtNanos;
  private final long ttlNanos;
  private final long lifetimeNanos;
  private final long generation;

  private CachedResponse(int status, StoredHeaders headers, Buffer body, long storedAtNanos, long ttlNanos,
      long lifetimeNanos, long generation) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.storedAtNanos = storedAtNanos;
    this.ttlNanos = ttlNanos;
    this.lifetimeNanos = lifetimeNanos;
    this.generation = generation;
  }

  /**
   * An entry from an upstream answer.
   *
   * @param keptHeaders from {@link StoredHeaders#of(MultiMap)}
   * @param nowNanos the cache ticker's time
   * @param ttl how long the entry is fresh
   * @param staleRetention how long after that an entry with an ETag is kept for revalidation
   * @param generation the generation of the flight that brought it ({@link Invalidations})
   */
  static CachedResponse of(int status, StoredHeaders keptHeaders, Buffer body, long nowNanos, Duration ttl,
      Duration staleRetention, long generation) {
    Duration lifetime = Objects.requireNonNull(keptHeaders, "keptHeaders").has("ETag") ? ttl.plus(staleRetention) : ttl;
    return new CachedResponse(status, keptHeaders, Objects.requireNonNull(body, "body"), nowNanos, ttl.toNanos(),
        lifetime.toNanos(), generation);
  }

  /** The same body with the headers of an upstream 304 applied, fresh again from now, of the revalidating flight. */
  CachedResponse revalidated(MultiMap notModifiedHeaders, long nowNanos, long generation) {
    return new CachedResponse(status, headers.merged(notModifiedHeaders), body, nowNanos, ttlNanos, lifetimeNanos,
        generation);
  }

  public int status() {
    return status;
  }

  public Buffer body() {
    return body;
  }

  /** The entity tag the upstream gave, or null. */
  public String etag() {
    return headers.first("ETag");
  }

  public long storedAtNanos() {
    return storedAtNanos;
  }

  /** The generation of the flight that stored or last revalidated it ({@link Invalidations}). */
  long generation() {
    return generation;
  }

  /** Whether the entry is within its TTL at this ticker time. */
  public boolean isFresh(long nowNanos) {
    return nowNanos - storedAtNanos < ttlNanos;
  }

  /** Whole seconds since the entry was stored or revalidated, for the {@code Age} header. */
  public long ageSeconds(long nowNanos) {
    return Math.max(0, (nowNanos - storedAtNanos) / 1_000_000_000L);
  }

  /** Nanoseconds the cache keeps the entry after storing it: the TTL, plus the stale retention if it has an ETag. */
  long lifetimeNanos() {
    return lifetimeNanos;
  }

  /** The bytes this entry is charged for: body, packed headers and the fixed overhead of its objects. */
  int weight() {
    return OVERHEAD_BYTES + body.length() + headers.length();
  }

  /** Whether a client's {@code If-None-Match} matches this entry (weak comparison, as RFC 9110 13.1.2 asks). */
  public boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null) {
      return false;
    }
    String etag = etag();
    if (etag == null) {
      return false;
    }
    String mine = weakless(etag);
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || weakless(t).equals(mine)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The answer for a client: the stored headers with {@code Age} and {@code X-Cache}, and the body unless the
   * request was a HEAD ({@code withBody} false) or the client's copy is current ({@code notModified}: a 304).
   */
  GatewayResponse toResponse(long nowNanos, CacheStatus outcome, boolean withBody, boolean notModified) {
    MultiMap out = HttpHeaders.headers();
    if (notModified) {
      headers.forEach((name, value) -> {
        if (NOT_MODIFIED_HEADERS.contains(name)) {
          out.add(name, value);
        }
      });
    } else {
      headers.forEach(out::add);
      out.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
    }
    out.set("Age", Long.toString(ageSeconds(nowNanos)));
    out.set(CacheStatus.HEADER, outcome.name());
    if (notModified) {
      return GatewayResponse.of(304, out, null);
    }
    return GatewayResponse.of(status, out, withBody ? body : null);
  }

  private static String weakless(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }
}
