package org.csgateway.core.ratelimit;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * Writes the fields of draft-ietf-httpapi-ratelimit-headers-11 as RFC 9651 structured fields:
 * {@code RateLimit-Policy: "default";q=100;w=60} (the policy: quota and window) and
 * {@code RateLimit: "default";r=42;t=30} (the service limit now: remaining units, and seconds until the allowance
 * is full again; on a refusal, seconds until the request would be admitted, so {@code Retry-After} never points
 * before its end). Both are Lists whose Items are Strings naming the policy; policy names are restricted to
 * characters that need no escaping.
 */
public final class RateLimitHeaders {
  public static final String POLICY = "RateLimit-Policy";
  public static final String LIMIT = "RateLimit";
  public static final String RETRY_AFTER = "Retry-After";
  // Set on every limited answer: names whose hash and validity are computed once.
  private static final CharSequence POLICY_NAME = HttpHeaders.createOptimized(POLICY);
  private static final CharSequence LIMIT_NAME = HttpHeaders.createOptimized(LIMIT);

  private RateLimitHeaders() {}

  /** The {@code RateLimit-Policy} value for this policy. */
  public static String policy(RateLimitPolicy policy) {
    return '"' + policy.name() + "\";q=" + policy.burst() + ";w=" + policy.windowSeconds();
  }

  /** The {@code RateLimit} value for this decision. */
  public static String limit(RateLimitPolicy policy, RateLimitDecision decision) {
    long t = decision.allowed() ? decision.resetAfterSeconds() : decision.retryAfterSeconds();
    return '"' + policy.name() + "\";r=" + decision.remaining() + ";t=" + t;
  }

  /**
   * Sets both fields on response headers, replacing any the upstream sent (this gateway's limit is the one the
   * client is held to). An unenforced decision gets only {@code RateLimit-Policy}, whose value ({@link #policy})
   * the caller made once for the policy.
   */
  static void apply(MultiMap headers, String policyField, RateLimitPolicy policy, RateLimitDecision decision) {
    headers.set(POLICY_NAME, policyField);
    if (decision.enforced()) {
      headers.set(LIMIT_NAME, limit(policy, decision));
    } else {
      headers.remove(LIMIT_NAME);
    }
    if (!decision.allowed()) {
      headers.set(RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
    }
  }
}
