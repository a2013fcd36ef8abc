package org.csgateway.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One mapping of a parsed YAML document, read by a section parser. Every typed reader takes the default to use
 * when the key is absent (or null), interpolates {@code ${VAR}} references in strings, and on a bad value records an
 * error with the field's full path and returns the default, so that reading goes on and every error is found in one
 * pass. Keys nobody read are reported as unknown by {@link #finish()}. A node belongs to one load on one thread.
 */
public final class ConfigNode {
  private final String location;
  private final String path;
  private final Map<String, Object> values;
  private final boolean present;
  private final ConfigErrors errors;
  private final Interpolator interpolator;
  private final int errorsAtStart;
  private final Set<String> read = new HashSet<>();

  private ConfigNode(String location, String path, Map<String, Object> values, boolean present, ConfigErrors errors,
      Interpolator interpolator) {
    this.location = location;
    this.path = path;
    this.values = values;
    this.present = present;
    this.errors = errors;
    this.interpolator = interpolator;
    this.errorsAtStart = errors.count();
  }

  /**
   * The root of a document.
   *
   * @param location prefixed to every error path, e.g. "classpath:routes/x.yaml: ", or "" for the main file
   */
  public static ConfigNode root(Map<?, ?> values, String location, ConfigErrors errors, Interpolator interpolator) {
    return new ConfigNode(location, "", stringKeys(values), true, errors, interpolator);
  }

  /** The full path of this node for error messages. */
  public String path() {
    return location + path;
  }

  /** The full path of one of this node's keys. */
  public String pathOf(String key) {
    return location + (path.isEmpty() ? key : path + "." + key);
  }

  /** Whether the mapping was written in the file (an absent section reads as empty, all defaults). */
  public boolean isPresent() {
    return present;
  }

  /** Whether the key is written with a non-null value (marks it as read). */
  public boolean has(String key) {
    read.add(key);
    return values.get(key) != null;
  }

  /** Records an error on a key of this node, or on the node itself when key is null. */
  public void error(String key, String message) {
    errors.add(key == null ? path() : pathOf(key), message);
  }

  /** Whether errors were recorded since this node was created (within it, as reading is sequential). */
  public boolean hasErrors() {
    return errors.count() > errorsAtStart;
  }

  public String string(String key, String defaultValue) {
    return read(key, defaultValue, "a string", v -> v instanceof Map || v instanceof List ? null : v.toString());
  }

  /** A string that must be present. */
  public String requiredString(String key) {
    if (!has(key)) {
      error(key, "is required");
      return null;
    }
    return string(key, null);
  }

  /** An integer between min and max (inclusive). */
  public int integer(String key, int defaultValue, int min, int max) {
    Long value = read(key, (long) defaultValue, "an integer", ConfigNode::toLong);
    if (value != null && (value < min || value > max)) {
      error(key, "must be between " + min + " and " + max + ", was " + value);
      return defaultValue;
    }
    return value == null ? defaultValue : value.intValue();
  }

  /** A decimal number between min and max (inclusive). */
  public double decimal(String key, double defaultValue, double min, double max) {
    Double value = read(key, defaultValue, "a number", v -> v instanceof Number n ? (Double) n.doubleValue()
        : v instanceof String s ? parseDouble(s) : null);
    if (value != null && (value < min || value > max || value.isNaN())) {
      error(key, "must be between " + min + " and " + max + ", was " + value);
      return defaultValue;
    }
    return value == null ? defaultValue : value;
  }

  public boolean bool(String key, boolean defaultValue) {
    Boolean value = read(key, defaultValue, "true or false", v -> v instanceof Boolean b ? b
        : "true".equals(v) ? Boolean.TRUE : "false".equals(v) ? Boolean.FALSE : null);
    return value == null ? defaultValue : value;
  }

  /** A duration written as "250ms", "2s", "5m", "1h" or "1d". */
  public Duration duration(String key, Duration defaultValue) {
    return read(key, defaultValue, "a duration such as 250ms, 2s, 5m, 1h or 1d",
        v -> v instanceof String s ? ConfigValues.duration(s) : v instanceof Integer i && i == 0 ? Duration.ZERO : null);
  }

  /** An instant written in ISO-8601 ({@code 2026-12-31T00:00:00Z}), quoted or not (YAML reads it as a timestamp). */
  public Instant instant(String key, Instant defaultValue) {
    return read(key, defaultValue, "an ISO-8601 instant such as 2026-12-31T00:00:00Z", v -> {
      if (v instanceof Date date) {
        return date.toInstant();
      }
      try {
        return v instanceof String s ? Instant.parse(s.trim()) : null;
      } catch (DateTimeParseException e) {
        return null;
      }
    });
  }

  /** An absolute http(s) URL with a host (an authorization server, a JWKS document). */
  public URI httpUrl(String key, URI defaultValue) {
    return read(key, defaultValue, "an absolute http(s) URL", v -> {
      String text = v.toString().trim();
      try {
        URI url = new URI(text);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
          return url;
        }
      } catch (URISyntaxException e) {
        // reported below
      }
      throw new IllegalArgumentException("must be an absolute http(s) URL, was '" + text + "'");
    });
  }

  /** A size in bytes written as "10MiB", "64KB" or a plain number. */
  public long size(String key, long defaultValue) {
    Long value = read(key, defaultValue, "a size such as 10MiB or a number of bytes",
        v -> v instanceof String s ? (Long) ConfigValues.size(s) : toLong(v));
    if (value != null && value < 0) {
      error(key, "must not be negative, was " + value);
      return defaultValue;
    }
    return value == null ? defaultValue : value;
  }

  /** An enum constant written as its lower-case name ({@code user_only}; {@code user-only} is accepted too). */
  public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
    Map<String, E> spellings = new LinkedHashMap<>();
    for (E constant : type.getEnumConstants()) {
      spellings.put(constant.name().toLowerCase(Locale.ROOT), constant);
    }
    return read(key, defaultValue, "one of " + String.join(", ", spellings.keySet()),
        v -> v instanceof String s ? spellings.get(s.trim().toLowerCase(Locale.ROOT).replace('-', '_')) : null);
  }

  /** One of a fixed set of spellings, e.g. {@code x-forwarded}, {@code forwarded}, {@code both}. */
  public <E> E choice(String key, Map<String, E> spellings, E defaultValue) {
    return read(key, defaultValue, "one of " + String.join(", ", spellings.keySet()),
        v -> v instanceof String s ? spellings.get(s.trim().toLowerCase(Locale.ROOT)) : null);
  }

  /**
   * A list of strings, each converted; a conversion that throws {@link IllegalArgumentException} is reported at the
   * element's path ({@code key[2]}) and the element left out.
   */
  public <T> List<T> list(String key, List<T> defaultValue, Function<String, T> converter) {
    List<?> items = items(key);
    if (items == null) {
      return defaultValue;
    }
    List<T> result = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String element = key + "[" + i + "]";
      Object item = items.get(i);
      if (item == null || item instanceof Map || item instanceof List) {
        error(element, "must be a string, was " + describe(item));
        continue;
      }
      String raw = item.toString();
      try {
        result.add(converter.apply(interpolator.apply(raw)));
      } catch (IllegalArgumentException e) {
        error(element, e.getMessage());
      }
    }
    return List.copyOf(result);
  }

  /** A list of strings as written (interpolated). */
  public List<String> strings(String key, List<String> defaultValue) {
    return list(key, defaultValue, Function.identity());
  }

  /**
   * A mapping with keys chosen by the user (family names, route templates, versions): each value is read by
   * {@code reader(child, key)} with the child's typed readers, so a bad value is reported at {@code key.name}; values
   * the reader returns null for are left out.
   *
   * @return the entries in file order, unmodifiable; empty when absent
   */
  public <T> Map<String, T> mapping(String key, BiFunction<ConfigNode, String, T> reader) {
    ConfigNode child = child(key);
    Map<String, T> result = new LinkedHashMap<>();
    for (String name : child.values.keySet()) {
      T value = reader.apply(child, name);
      if (value != null) {
        result.put(name, value);
      }
    }
    child.finish();
    return Collections.unmodifiableMap(result);
  }

  /** The nested mapping under key, empty (all defaults) when absent. */
  public ConfigNode child(String key) {
    read.add(key);
    Object value = values.get(key);
    String childPath = path.isEmpty() ? key : path + "." + key;
    if (value == null || value instanceof Map) {
      return new ConfigNode(location, childPath, stringKeys((Map<?, ?>) value), value != null, errors, interpolator);
    }
    error(key, "must be a mapping, was " + describe(value));
    return new ConfigNode(location, childPath, Map.of(), false, errors, interpolator);
  }

  /** Reads the nested mapping under key with a section parser and reports its unknown keys. */
  public <T> T section(String key, SectionParser<T> parser) {
    ConfigNode child = child(key);
    T value = parser.parse(child);
    child.finish();
    return value;
  }

  /**
   * Reads every mapping of the list under key with a parser (paths {@code key[0]}, {@code key[1]}...), leaving out
   * elements that are not mappings or that the parser returns null for.
   */
  public <T> List<T> sections(String key, SectionParser<T> parser) {
    List<?> items = items(key);
    if (items == null) {
      return List.of();
    }
    List<T> result = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String element = (path.isEmpty() ? key : path + "." + key) + "[" + i + "]";
      if (!(items.get(i) instanceof Map<?, ?> map)) {
        errors.add(location + element, "must be a mapping, was " + describe(items.get(i)));
        continue;
      }
      ConfigNode node = new ConfigNode(location, element, stringKeys(map), true, errors, interpolator);
      T value = parser.parse(node);
      node.finish();
      if (value != null) {
        result.add(value);
      }
    }
    return result;
  }

  /**
   * Builds this node's record; what its compact constructor throws is reported at this node's path. When a field
   * of the node already failed, it still runs the constructor (the failed fields hold their valid defaults) to find
   * the record's own objections to the other fields, ignores the NullPointerException of a missing part, and
   * returns null.
   *
   * @return the record, or null when the node has errors
   */
  public <T> T construct(Supplier<T> constructor) {
    boolean incomplete = hasErrors();
    try {
      T value = constructor.get();
      return incomplete ? null : value;
    } catch (NullPointerException e) {
      if (!incomplete) {
        error(null, "missing " + e.getMessage());
      }
      return null;
    } catch (IllegalArgumentException | IllegalStateException e) {
      error(null, String.valueOf(e.getMessage()));
      return null;
    }
  }

  /**
   * Parses another YAML document that this node names (a route file, say) into a root node that shares this load's
   * errors and environment; its error paths start with "location: ".
   *
   * @return the document's root, or null when it is not valid YAML (the error is recorded)
   */
  public ConfigNode document(String yamlText, String location) {
    Map<?, ?> map = YamlDocuments.parse(yamlText, location, errors);
    return map == null ? null : root(map, location + ": ", errors, interpolator);
  }

  /** Reports every key of this mapping that no reader asked for (a typo, or a section that does not exist). */
  public void finish() {
    for (String key : values.keySet()) {
      if (!read.contains(key)) {
        error(key, "unknown key" + suggestion(key));
      }
    }
  }

  private List<?> items(String key) {
    read.add(key);
    Object value = values.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof List<?> list)) {
      error(key, "must be a list, was " + describe(value));
      return null;
    }
    return list;
  }

  /**
   * Reads a scalar: absent or null gives the default; a string is interpolated first; the converter returns null
   * (or throws IllegalArgumentException) for a value of the wrong kind.
   */
  private <T> T read(String key, T defaultValue, String expected, Function<Object, T> converter) {
    read.add(key);
    Object value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    String raw = value instanceof String s ? s : null;
    try {
      if (raw != null) {
        value = interpolator.apply(raw);
      }
      T converted = converter.apply(value);
      if (converted == null) {
        error(key, "must be " + expected + ", was " + describe(raw != null ? raw : value));
        return defaultValue;
      }
      return converted;
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      // A value that came from the environment may be a secret: show the reference, not the value.
      if (raw != null && Interpolator.refersToVariables(raw) && value instanceof String resolved && !resolved.isEmpty()) {
        message = message.replace(resolved, raw);
      }
      error(key, message);
      return defaultValue;
    }
  }

  private String suggestion(String key) {
    Set<String> known = new TreeSet<>(read);
    for (String candidate : known) {
      if (distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT)) <= 2) {
        return "; did you mean '" + candidate + "'?";
      }
    }
    return known.isEmpty() ? "" : "; known keys here: " + String.join(", ", known);
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static Long toLong(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Double parseDouble(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map) {
      return "a mapping";
    }
    if (value instanceof List) {
      return "a list";
    }
    return value instanceof String ? "'" + value + "'" : value.toString();
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    if (map == null) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
    map.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return copy;
  }

  @Override
  public String toString() {
    return "ConfigNode[" + path() + "]";
  }
}
