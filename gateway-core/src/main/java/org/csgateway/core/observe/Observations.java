package org.csgateway.core.observe;

import org.csgateway.core.pipeline.AttributeKey;
import org.csgateway.core.pipeline.Exchange;

/**
 * Where stages leave what they did for the {@link RequestObserver}: the keys are here, in core, so that the cache and
 * auth modules can set them without depending on whoever reads them. Values are fixed label strings, never anything
 * taken from the request.
 */
public final class Observations {
  /** Nanoseconds spent waiting on the upstream (set by the forward stage). */
  public static final AttributeKey<Long> UPSTREAM_NANOS = AttributeKey.of("observe.upstreamNanos", Long.class);
  /** hit, miss, bypass or revalidated (set by the response cache). */
  public static final AttributeKey<String> CACHE_RESULT = AttributeKey.of("observe.cacheResult", String.class);
  /** The {@link #CACHE_RESULT} of an answer served from the cache without asking the upstream. */
  public static final String CACHE_HIT = "hit";
  /** What authentication concluded (set by the auth module on a refusal; a principal alone means ok). */
  public static final AttributeKey<AuthResult> AUTH_RESULT = AttributeKey.of("observe.authResult", AuthResult.class);
  /** Present when the route stage refused the path as blocked. */
  public static final AttributeKey<Boolean> BLOCKED = AttributeKey.of("observe.blocked", Boolean.class);

  private Observations() {}

  /** Records the auth result unless one is already recorded (the first, most specific, verdict wins). */
  public static void authResult(Exchange exchange, AuthResult result) {
    if (exchange.get(AUTH_RESULT) == null) {
      exchange.put(AUTH_RESULT, result);
    }
  }

  /**
   * An authentication verdict as metric labels.
   *
   * @param kind basic, bearer or none (no credential, or one that could not be read)
   * @param result ok, invalid, expired, forbidden or unavailable
   */
  public record AuthResult(String kind, String result) {
    public static final String BASIC = "basic";
    public static final String BEARER = "bearer";
    public static final String NO_CREDENTIAL = "none";
    public static final String OK = "ok";
    public static final String INVALID = "invalid";
    public static final String EXPIRED = "expired";
    public static final String FORBIDDEN = "forbidden";
    public static final String UNAVAILABLE = "unavailable";
  }
}
