package org.csgateway.app.config;

/**
 * Reads one mapping of the configuration file into its module's immutable record. A parser reads every key it knows
 * through the node's typed readers (which record bad values and return defaults), then builds its record with
 * {@link ConfigNode#construct}; the node reports unknown keys afterwards. Adding a section to the file means writing
 * one such parser and naming it in {@link GatewayConfigReader}: the loader itself does not change.
 *
 * @param <T> the record the section becomes
 */
@FunctionalInterface
public interface SectionParser<T> {

  /** @return the record, or null when the node has errors (they are recorded on the node) */
  T parse(ConfigNode node);
}
