package org.csgateway.core.routing;

import java.util.Map;

/**
 * A route matched by a request path, with the values of its parameters (still percent-encoded, as in the path)
 * and the format suffix the path carried, if any.
 *
 * @param route the matched route
 * @param params parameter name to raw value
 * @param format "json" or "xml" when the path ended in such a suffix, else null
 */
public record RouteMatch(Route route, Map<String, String> params, String format) {}
