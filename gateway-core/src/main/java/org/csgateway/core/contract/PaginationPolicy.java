package org.csgateway.core.contract;

import java.util.Objects;

/**
 * Page-size rules the gateway enforces on paginated collection routes, where the upstream has none (api-pagination
 * over will_paginate has no maximum {@code per_page}). Immutable and validated on creation.
 *
 * <p>YAML ({@code pagination:}): {@code maxPerPage} (default 100), {@code overMaximum} ({@code clamp} or
 * {@code reject}, default {@code clamp}), {@code defaultPerPage} (default 30, the upstream's
 * {@code WillPaginate.per_page}; change it only together with the upstream).
 *
 * @param maxPerPage the largest page size forwarded
 * @param overMaximum what a larger request gets
 * @param defaultPerPage the page size made explicit when a request names none (or a non-positive one)
 */
public record PaginationPolicy(int maxPerPage, OverMaximum overMaximum, int defaultPerPage) {
  public static final int DEFAULT_MAX_PER_PAGE = 100;
  public static final int UPSTREAM_DEFAULT_PER_PAGE = 30;

  /** What happens to a page size over the maximum. */
  public enum OverMaximum {
    /** Forward the maximum instead: the client gets a smaller page, and {@code Per-Page} says so. */
    CLAMP,
    /** Answer 422 with an errors body. */
    REJECT
  }

  public PaginationPolicy {
    Objects.requireNonNull(overMaximum, "overMaximum");
    if (maxPerPage <= 0) {
      throw new IllegalArgumentException("maxPerPage must be positive, was " + maxPerPage);
    }
    if (defaultPerPage <= 0) {
      throw new IllegalArgumentException("defaultPerPage must be positive, was " + defaultPerPage);
    }
    if (defaultPerPage > maxPerPage) {
      throw new IllegalArgumentException(
          "defaultPerPage must not exceed maxPerPage (" + maxPerPage + "), was " + defaultPerPage);
    }
  }

  /** The shipped defaults: at most 100, clamped, 30 by default. */
  public static PaginationPolicy defaults() {
    return new PaginationPolicy(DEFAULT_MAX_PER_PAGE, OverMaximum.CLAMP, UPSTREAM_DEFAULT_PER_PAGE);
  }
}
