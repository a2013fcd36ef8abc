package org.csgateway.app.config;

import java.util.Objects;
import org.csgateway.core.contract.PaginationPolicy;

/**
 * The {@code pagination} section. Disabled, no pagination filter is added: page parameters reach the upstream as
 * sent, with no maximum page size.
 *
 * @param enabled {@code pagination.enabled}, default true
 * @param policy the maximum and default page sizes
 */
public record PaginationSettings(boolean enabled, PaginationPolicy policy) {
  public PaginationSettings {
    Objects.requireNonNull(policy, "policy");
  }

  public static PaginationSettings defaults() {
    return new PaginationSettings(true, PaginationPolicy.defaults());
  }
}
