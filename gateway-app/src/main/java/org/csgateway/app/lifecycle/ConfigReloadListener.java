package org.csgateway.app.lifecycle;

import java.util.List;

/**
 * Told the outcome of every configuration reload (file watch, SIGHUP or the admin endpoint), for metrics. Called
 * once per reload attempt, from a Vert.x thread: implementations must be quick and thread-safe.
 */
public interface ConfigReloadListener {
  /** Ignores every outcome. */
  ConfigReloadListener NONE = new ConfigReloadListener() {
    @Override
    public void onSuccess(String hash) {
    }

    @Override
    public void onFailure(List<String> errors) {
    }
  };

  /**
   * A configuration is in force: a new one was swapped in, or the file was unchanged.
   *
   * @param hash the hex SHA-256 of the loaded file's bytes
   */
  void onSuccess(String hash);

  /**
   * The file was refused and the running configuration kept.
   *
   * @param errors every reason, each "path: message"
   */
  void onFailure(List<String> errors);
}
