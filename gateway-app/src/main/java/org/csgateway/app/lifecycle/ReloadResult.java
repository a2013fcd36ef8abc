package org.csgateway.app.lifecycle;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one reload attempt.
 *
 * @param applied whether the configuration in force is the file's (a new one swapped in, or the same content)
 * @param changed whether a new configuration was swapped in
 * @param hash the hash of the configuration in force afterwards
 * @param errors why the file was refused (empty when applied)
 */
public record ReloadResult(boolean applied, boolean changed, String hash, List<String> errors) {
  public ReloadResult {
    Objects.requireNonNull(hash, "hash");
    errors = List.copyOf(errors);
  }

  static ReloadResult swapped(String hash) {
    return new ReloadResult(true, true, hash, List.of());
  }

  static ReloadResult unchanged(String hash) {
    return new ReloadResult(true, false, hash, List.of());
  }

  static ReloadResult refused(String runningHash, List<String> errors) {
    return new ReloadResult(false, false, runningHash, errors);
  }
}
