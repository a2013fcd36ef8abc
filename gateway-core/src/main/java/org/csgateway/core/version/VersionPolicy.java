package org.csgateway.core.version;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which API versions the gateway lets through: the supported ones, the deprecated ones (accepted, answered with
 * deprecation headers) and the obsolete ones (refused with 422, like any version in no list). Immutable and
 * validated on creation: the lists are disjoint, the default is supported, dates are given only for deprecated
 * versions.
 *
 * <p>YAML ({@code versions:}): {@code default} → {@link #defaultVersion}, {@code supported}, {@code deprecated},
 * {@code obsolete} (lists of integers), {@code deprecation} → {@link #deprecationDates} (one
 * {@link DeprecationDates} for every deprecated version, default none), {@code deprecationByVersion} (map from
 * version to {@link DeprecationDates}, default empty). Defaults: {@link #computeStacksDefaults()}.
 *
 * @param defaultVersion the version a request that names none gets (the upstream's {@code missing_version})
 * @param supported current versions (kept sorted)
 * @param deprecated versions still accepted, answered with {@code API-Deprecated: true} and {@code Deprecation}
 * @param obsolete versions refused with 422 (so is any version in no list; this list documents intent)
 * @param deprecationDates the dates for every deprecated version without its own entry
 * @param deprecationByVersion dates for single deprecated versions
 */
public record VersionPolicy(
    int defaultVersion,
    Set<Integer> supported,
    Set<Integer> deprecated,
    Set<Integer> obsolete,
    DeprecationDates deprecationDates,
    Map<Integer, DeprecationDates> deprecationByVersion) {

  /** How a version is treated. */
  public enum Status { SUPPORTED, DEPRECATED, UNSUPPORTED }

  public VersionPolicy {
    supported = sortedCopy(supported, "supported");
    deprecated = sortedCopy(deprecated, "deprecated");
    obsolete = sortedCopy(obsolete, "obsolete");
    Objects.requireNonNull(deprecationDates, "deprecationDates");
    deprecationByVersion = Collections.unmodifiableMap(
        new TreeMap<>(Objects.requireNonNull(deprecationByVersion, "deprecationByVersion")));
    if (supported.isEmpty()) {
      throw new IllegalArgumentException("supported must not be empty");
    }
    requireDisjoint("supported", supported, "deprecated", deprecated);
    requireDisjoint("supported", supported, "obsolete", obsolete);
    requireDisjoint("deprecated", deprecated, "obsolete", obsolete);
    if (!supported.contains(defaultVersion)) {
      throw new IllegalArgumentException(
          "default must be one of the supported versions " + supported + ", was " + defaultVersion);
    }
    for (Map.Entry<Integer, DeprecationDates> e : deprecationByVersion.entrySet()) {
      Objects.requireNonNull(e.getValue(), "deprecationByVersion value");
      if (!deprecated.contains(e.getKey())) {
        throw new IllegalArgumentException(
            "deprecationByVersion names only deprecated versions " + deprecated + ", was " + e.getKey());
      }
    }
  }

  /**
   * The upstream's own policy (ComputeStacks 9.3.1, {@code config/initializers/versioncake_init.rb}): 80 is the
   * default and only supported version, 51 to 71 are deprecated but accepted, 40 and 50 are obsolete. The public
   * docs still name 60 as the current version; the source (and the UAPI-80 docs) say 80, and the source wins.
   */
  public static VersionPolicy computeStacksDefaults() {
    return new VersionPolicy(80, Set.of(80), Set.of(51, 52, 53, 54, 60, 61, 62, 65, 70, 71), Set.of(40, 50),
        DeprecationDates.UNKNOWN, Map.of());
  }

  public Status status(int version) {
    if (supported.contains(version)) {
      return Status.SUPPORTED;
    }
    return deprecated.contains(version) ? Status.DEPRECATED : Status.UNSUPPORTED;
  }

  /** Every accepted version (supported and deprecated), ascending: the upstream's {@code api_available_versions}. */
  public SortedSet<Integer> available() {
    SortedSet<Integer> all = new TreeSet<>(supported);
    all.addAll(deprecated);
    return Collections.unmodifiableSortedSet(all);
  }

  /** The dates for a deprecated version: its own entry, else the common one. */
  public DeprecationDates datesFor(int version) {
    return deprecationByVersion.getOrDefault(version, deprecationDates);
  }

  /**
   * This policy adjusted to the versions the upstream says it accepts: the listed ones this policy deprecates stay
   * deprecated, the other listed ones are supported, and every version this policy knew but the upstream no longer
   * lists becomes obsolete. The default stays unless the upstream dropped it; then the highest supported version
   * is the default.
   *
   * @throws IllegalArgumentException if the list is empty or names only deprecated versions
   */
  public VersionPolicy withAvailable(Collection<Integer> upstreamAvailable) {
    SortedSet<Integer> available = sortedCopy(upstreamAvailable, "available");
    SortedSet<Integer> nowDeprecated = available.stream().filter(deprecated::contains)
        .collect(Collectors.toCollection(TreeSet::new));
    SortedSet<Integer> nowSupported = available.stream().filter(v -> !deprecated.contains(v))
        .collect(Collectors.toCollection(TreeSet::new));
    if (nowSupported.isEmpty()) {
      throw new IllegalArgumentException("available must name a version that is not deprecated, was " + available);
    }
    SortedSet<Integer> nowObsolete = new TreeSet<>(obsolete);
    nowObsolete.addAll(this.available());
    nowObsolete.removeAll(available);
    Map<Integer, DeprecationDates> dates = new TreeMap<>(deprecationByVersion);
    dates.keySet().retainAll(nowDeprecated);
    int newDefault = nowSupported.contains(defaultVersion) ? defaultVersion : nowSupported.last();
    return new VersionPolicy(newDefault, nowSupported, nowDeprecated, nowObsolete, deprecationDates, dates);
  }

  private static SortedSet<Integer> sortedCopy(Collection<Integer> versions, String name) {
    Objects.requireNonNull(versions, name);
    SortedSet<Integer> copy = new TreeSet<>();
    for (Integer v : versions) {
      if (v == null || v < 0) {
        throw new IllegalArgumentException(name + " must hold non-negative versions, was " + v);
      }
      copy.add(v);
    }
    return Collections.unmodifiableSortedSet(copy);
  }

  private static void requireDisjoint(String aName, Set<Integer> a, String bName, Set<Integer> b) {
    SortedSet<Integer> both = new TreeSet<>(a);
    both.retainAll(b);
    if (!both.isEmpty()) {
      throw new IllegalArgumentException(aName + " and " + bName + " must be disjoint, both contain " + both);
    }
  }
}
