package org.csgateway.app.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Turns a file location written in the configuration into a path, reporting a blank or impossible one. */
final class ConfigFiles {
  private ConfigFiles() {}

  /**
   * @param location the value read at key, or null when absent (already reported if it was required)
   * @return the absolute path, resolved against the configuration file's directory, or null after an error
   */
  static Path path(ConfigNode node, String key, String location, ConfigResources resources) {
    if (location == null) {
      return null;
    }
    if (location.isBlank()) {
      node.error(key, "must not be blank");
      return null;
    }
    try {
      return resources.path(location.trim());
    } catch (InvalidPathException e) {
      node.error(key, "is not a valid file path, was '" + location + "'");
      return null;
    }
  }
}
