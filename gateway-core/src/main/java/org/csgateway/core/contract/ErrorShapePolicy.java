package org.csgateway.core.contract;

/**
 * Whether and up to what size the gateway rewrites the upstream's irregular error bodies into the documented
 * {@code {"errors":["..."]}} shape. Immutable and validated on creation.
 *
 * <p>YAML ({@code errors:}): {@code normalize} (default true; false means the filter is not added at all),
 * {@code maxBodyBytes} (default 64KiB; larger error bodies stream through untouched).
 *
 * @param normalize whether to rewrite
 * @param maxBodyBytes the largest error body read into memory to be rewritten
 */
public record ErrorShapePolicy(boolean normalize, int maxBodyBytes) {
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  public ErrorShapePolicy {
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
    }
  }

  /** On, up to 64 KiB. */
  public static ErrorShapePolicy defaults() {
    return new ErrorShapePolicy(true, DEFAULT_MAX_BODY_BYTES);
  }
}
