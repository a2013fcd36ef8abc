package org.csgateway.cache;

import org.csgateway.core.pipeline.Exchange;

/**
 * Names the representation a request asks for: the normalized API version and format, for example "80/json". It
 * goes into every cache key, so two requests get the same entry only when they would get the same representation.
 * The gateway wires it to the version stage's {@code ApiVersion} attribute; returning null means "unknown", and the
 * request then bypasses the cache.
 */
@FunctionalInterface
public interface VersionKey {

  /** The version and format of this request, or null when the version stage left none. */
  String of(Exchange exchange);
}
