package org.csgateway.app.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.csgateway.core.contract.PaginationPolicy;

/**
 * The {@code pagination} section: {@code enabled} (true), {@code maxPerPage} (100), {@code overMaximum}
 * ({@code clamp} or {@code reject}, default clamp) and {@code defaultPerPage} (30, the upstream's own).
 */
final class PaginationSection implements SectionParser<PaginationSettings> {
  private static final Map<String, PaginationPolicy.OverMaximum> OVER_MAXIMUM = new LinkedHashMap<>();

  static {
    OVER_MAXIMUM.put("clamp", PaginationPolicy.OverMaximum.CLAMP);
    OVER_MAXIMUM.put("reject", PaginationPolicy.OverMaximum.REJECT);
  }

  @Override
  public PaginationSettings parse(ConfigNode node) {
    PaginationPolicy defaults = PaginationPolicy.defaults();
    boolean enabled = node.bool("enabled", true);
    int maxPerPage = node.integer("maxPerPage", defaults.maxPerPage(), 1, 1_000_000);
    PaginationPolicy.OverMaximum overMaximum = node.choice("overMaximum", OVER_MAXIMUM, defaults.overMaximum());
    int defaultPerPage = node.integer("defaultPerPage", defaults.defaultPerPage(), 1, 1_000_000);
    return node.construct(() ->
        new PaginationSettings(enabled, new PaginationPolicy(maxPerPage, overMaximum, defaultPerPage)));
  }
}
