package org.csgateway.app.config;

import java.util.List;

/** The error lines a configuration load reports, for tests that compare them all at once. */
final class ConfigErrorLists {
  private ConfigErrorLists() {}

  /** @throws AssertionError when the load succeeds */
  static List<String> errorsOf(Runnable load) {
    try {
      load.run();
    } catch (ConfigException e) {
      return e.errors().stream().map(ConfigError::toString).toList();
    }
    throw new AssertionError("expected configuration errors");
  }
}
