package org.csgateway.app.e2e.ratelimit;

import java.util.List;
import java.util.Map;
import org.csgateway.core.ratelimit.StructuredFields;

/**
 * Reads the {@code RateLimit-Policy} and {@code RateLimit} response fields the way a conforming client of
 * draft-ietf-httpapi-ratelimit-headers would: as RFC 9651 structured-field Lists (parsed by core's strict
 * {@link StructuredFields}, which rejects anything malformed) whose members are Items with an sf-string naming the
 * policy and parameters such as {@code q}, {@code w}, {@code r} and {@code t}.
 */
final class RateLimitFields {
  private RateLimitFields() {}

  /**
   * One policy named in a field.
   *
   * @param policy the Item's value, which the draft requires to be a String
   * @param params the parameters in order (Integers are Longs)
   */
  record Member(String policy, Map<String, Object> params) {
    /** An Integer parameter; fails when it is absent or of another type. */
    long integer(String key) {
      if (!(params.get(key) instanceof Long value)) {
        throw new AssertionError("parameter '" + key + "' of \"" + policy + "\" is not an Integer: " + params);
      }
      return value;
    }
  }

  /** Parses a field that must name exactly one policy, and returns that member. */
  static Member single(String fieldValue) {
    if (fieldValue == null) {
      throw new AssertionError("the field is absent");
    }
    List<StructuredFields.Item> items = StructuredFields.parseList(fieldValue);
    if (items.size() != 1) {
      throw new AssertionError("expected one policy in '" + fieldValue + "', found " + items.size());
    }
    StructuredFields.Item item = items.get(0);
    if (!(item.value() instanceof String policy)) {
      throw new AssertionError("the member of '" + fieldValue + "' is not an sf-string: " + item.value());
    }
    return new Member(policy, item.params());
  }
}
