package org.csgateway.app.config;

import java.util.Objects;
import org.csgateway.app.sandbox.SandboxOptions;

/**
 * Whether the gateway starts the in-memory ComputeStacks sandbox and uses it as its upstream (the demo run and the
 * end-to-end tests), and how the sandbox runs.
 *
 * @param enabled whether to start it; the upstream is then the sandbox's bound address
 * @param options where it listens and how its tokens live
 */
public record SandboxConfig(boolean enabled, SandboxOptions options) {
  public SandboxConfig {
    Objects.requireNonNull(options, "options");
  }

  /** No sandbox. */
  public static SandboxConfig disabled() {
    return new SandboxConfig(false, SandboxOptions.defaults());
  }
}
