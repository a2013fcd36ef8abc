package org.csgateway.cache;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.csgateway.core.pipeline.GatewayResponse;

/**
 * One stored answer: its status, the headers a client needs to read a page ({@link #KEPT_HEADERS}) and the body,
 * with the ticker time it was stored or last revalidated. Immutable; the body buffer is never written after
 * construction, so one entry may be sent to many clients at once.
 */
public final class CachedResponse {
  /** The upstream headers replayed on hits; everything else (Set-Cookie, Date, X-Request-Id, ...) is dropped. */
  public static final List<String> KEPT_HEADERS = List.of("Content-Type", "Content-Encoding", "Per-Page", "Total",
      "Link", "ETag", "Last-Modified", "Cache-Control", "Vary", "API-Deprecated");
  /** Headers a 304 from the upstream may update (RFC 9111 4.3.4); the representation's own stay as stored. */
  private static final Set<String> REPRESENTATION = Set.of("content-type", "content-encoding");
  /** The headers a 304 from the gateway repeats (RFC 9110 15.4.5). */
  private static final List<String> NOT_MODIFIED_HEADERS = List.of("ETag", "Last-Modified", "Cache-Control", "Vary");

  private final int status;
  private final List<Map.Entry<String, String>> headers;
  private final Buffer body;
  private final String etag;
  private final long storedAtNanos;
  private final long ttlNanos;
  private final Duration lifetime;

  private CachedResponse(int status, List<Map.Entry<String, String>> headers, Buffer body, long storedAtNanos,
      long ttlNanos, Duration lifetime) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.storedAtNanos = storedAtNanos;
    this.ttlNanos = ttlNanos;
    this.lifetime = lifetime;
    this.etag = headers.stream().filter(h -> h.getKey().equalsIgnoreCase("ETag")).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }

  /**
   * The headers of an upstream answer that an entry keeps, copied now: filters that run later on the way out (CORS,
   * request id) change the live headers, and those changes belong to one request, not to the entry.
   */
  static List<Map.Entry<String, String>> keptHeaders(MultiMap upstreamHeaders) {
    List<Map.Entry<String, String>> kept = new ArrayList<>(8);
    for (String name : KEPT_HEADERS) {
      for (String value : upstreamHeaders.getAll(name)) {
        kept.add(Map.entry(name, value));
      }
    }
    if (!upstreamHeaders.contains("Cache-Control")) {
      kept.add(Map.entry("Cache-Control", "private")); // never let a shared cache beyond us keep a hit
    }
    return List.copyOf(kept);
  }

  /**
   * An entry from an upstream answer.
   *
   * @param keptHeaders from {@link #keptHeaders(MultiMap)}
   * @param nowNanos the cache ticker's time
   * @param ttl how long the entry is fresh
   * @param staleRetention how long after that an entry with an ETag is kept for revalidation
   */
  static CachedResponse of(int status, List<Map.Entry<String, String>> keptHeaders, Buffer body, long nowNanos,
      Duration ttl, Duration staleRetention) {
    boolean hasEtag = keptHeaders.stream().anyMatch(h -> h.getKey().equals("ETag"));
    return new CachedResponse(status, List.copyOf(keptHeaders), Objects.requireNonNull(body, "body"), nowNanos,
        ttl.toNanos(), hasEtag ? ttl.plus(staleRetention) : ttl);
  }

  /** The same body with the headers of an upstream 304 applied, fresh again from now. */
  CachedResponse revalidated(MultiMap notModifiedHeaders, long nowNanos) {
    List<Map.Entry<String, String>> merged = new ArrayList<>(headers.size() + 2);
    for (String name : KEPT_HEADERS) {
      boolean updated = !REPRESENTATION.contains(name.toLowerCase(Locale.ROOT)) && notModifiedHeaders.contains(name);
      if (updated) {
        notModifiedHeaders.getAll(name).forEach(v -> merged.add(Map.entry(name, v)));
      } else {
        headers.stream().filter(h -> h.getKey().equals(name)).forEach(merged::add);
      }
    }
    return new CachedResponse(status, List.copyOf(merged), body, nowNanos, ttlNanos, lifetime);
  }

  public int status() {
    return status;
  }

  public Buffer body() {
    return body;
  }

  /** The entity tag the upstream gave, or null. */
  public String etag() {
    return etag;
  }

  public long storedAtNanos() {
    return storedAtNanos;
  }

  /** Whether the entry is within its TTL at this ticker time. */
  public boolean isFresh(long nowNanos) {
    return nowNanos - storedAtNanos < ttlNanos;
  }

  /** Whole seconds since the entry was stored or revalidated, for the {@code Age} header. */
  public long ageSeconds(long nowNanos) {
    return Math.max(0, (nowNanos - storedAtNanos) / 1_000_000_000L);
  }

  /** How long the cache keeps the entry after storing it: the TTL, plus the stale retention when it has an ETag. */
  Duration lifetime() {
    return lifetime;
  }

  /** The bytes this entry is charged for: body, headers and a fixed bookkeeping overhead. */
  int weight() {
    int weight = CacheConfig.ENTRY_OVERHEAD_BYTES + body.length();
    for (Map.Entry<String, String> h : headers) {
      weight += h.getKey().length() + h.getValue().length() + 32;
    }
    return weight;
  }

  /** Whether a client's {@code If-None-Match} matches this entry (weak comparison, as RFC 9110 13.1.2 asks). */
  public boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null || etag == null) {
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
      for (Map.Entry<String, String> h : headers) {
        if (NOT_MODIFIED_HEADERS.stream().anyMatch(n -> n.equalsIgnoreCase(h.getKey()))) {
          out.add(h.getKey(), h.getValue());
        }
      }
    } else {
      headers.forEach(h -> out.add(h.getKey(), h.getValue()));
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
