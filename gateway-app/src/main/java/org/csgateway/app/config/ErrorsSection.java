package org.csgateway.app.config;

import org.csgateway.core.contract.ErrorShapePolicy;

/**
 * The {@code errors} section: {@code normalize} (true: the upstream's string and hash {@code errors} bodies become
 * arrays of strings; false: no filter) and {@code maxBodyBytes} (64KiB, the largest error body rewritten).
 */
final class ErrorsSection implements SectionParser<ErrorShapePolicy> {
  private static final long MAX = 64L * 1024 * 1024;

  @Override
  public ErrorShapePolicy parse(ConfigNode node) {
    ErrorShapePolicy defaults = ErrorShapePolicy.defaults();
    boolean normalize = node.bool("normalize", defaults.normalize());
    long maxBodyBytes = node.size("maxBodyBytes", defaults.maxBodyBytes());
    if (maxBodyBytes > MAX) {
      node.error("maxBodyBytes", "must be at most 64MiB, was " + maxBodyBytes);
    }
    int bounded = (int) Math.min(maxBodyBytes, MAX);
    return node.construct(() -> new ErrorShapePolicy(normalize, bounded));
  }
}
