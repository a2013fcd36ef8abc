package org.csgateway.app.config;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in configuration strings with environment variables, so
 * that secrets stay out of the file. An unset (or, with a default, empty) variable takes the default; an unset one
 * without a default is an error. {@code $${} writes a literal {@code ${}.
 */
public final class Interpolator {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}|\\$\\{");

  private final Function<String, String> environment;

  /** @param environment variable name to value, null when unset (normally {@code System::getenv}) */
  public Interpolator(Function<String, String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /** Whether the text refers to a variable (its value may then be a secret and must not be echoed). */
  public static boolean refersToVariables(String text) {
    return text.contains("${");
  }

  /**
   * The text with its references replaced.
   *
   * @throws IllegalArgumentException naming the variable, if one is unset and has no default, or a reference is
   *     malformed
   */
  public String apply(String text) {
    if (!refersToVariables(text)) {
      return text;
    }
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String replacement;
      if (m.group().equals("$${")) {
        replacement = "${";
      } else if (m.group(1) == null) {
        throw new IllegalArgumentException("malformed variable reference; use ${NAME} or ${NAME:-default}");
      } else {
        String value = environment.apply(m.group(1));
        boolean hasDefault = m.group(2) != null;
        if (value == null || (hasDefault && value.isEmpty())) {
          if (!hasDefault) {
            throw new IllegalArgumentException("environment variable " + m.group(1) + " is not set and has no default"
                + " (write ${" + m.group(1) + ":-default} to give one)");
          }
          value = m.group(3);
        }
        replacement = value;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
