package org.csgateway.core.version;

import java.util.Map;
import java.util.Objects;

/**
 * One element of an {@code Accept} header (RFC 9110 §12.5.1): a type and subtype (either may be {@code *}),
 * lower-cased, their parameters (names lower-cased, values unquoted and otherwise as sent) and the weight.
 *
 * @param type the top-level type, lower case, or "*"
 * @param subtype the subtype, lower case, or "*"
 * @param parameters parameter name (lower case) to value, without the weight; the first of duplicates wins
 * @param quality the weight from {@code q}, 0 to 1; 1 when absent
 * @param position the index of the element in the header, to break ties by the client's order
 */
public record MediaRange(String type, String subtype, Map<String, String> parameters, double quality, int position) {

  public MediaRange {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(subtype, "subtype");
    parameters = Map.copyOf(parameters);
    if (!(quality >= 0 && quality <= 1)) {
      throw new IllegalArgumentException("quality must be between 0 and 1, was " + quality);
    }
  }

  /** Whether this range covers the concrete media type {@code type/subtype} (both lower case). */
  public boolean matches(String concreteType, String concreteSubtype) {
    return type.equals("*")
        || type.equals(concreteType) && (subtype.equals("*") || subtype.equals(concreteSubtype));
  }

  /** RFC 9110 precedence: 2 for {@code type/subtype}, 1 for {@code type/*}, 0 for {@code *}{@code /*}. */
  public int specificity() {
    if (type.equals("*")) {
      return 0;
    }
    return subtype.equals("*") ? 1 : 2;
  }

  /** A parameter's value by lower-case name, or null. */
  public String parameter(String name) {
    return parameters.get(name);
  }
}
