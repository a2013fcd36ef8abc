package org.csgateway.cache;

/** What the cache did for an answer, sent to the client in {@value #HEADER}. */
public enum CacheStatus {
  /** Answered from a fresh entry (or from the entry a concurrent identical request just stored). */
  HIT,
  /** Went upstream; the answer may have been stored. */
  MISS,
  /** Not eligible: no principal, no known version, or the request said {@code no-store}. */
  BYPASS,
  /** A stale entry was confirmed by the upstream with a 304 and served. */
  REVALIDATED;

  public static final String HEADER = "X-Cache";
}
