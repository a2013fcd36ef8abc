package org.csgateway.app.metrics;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.csgateway.app.lifecycle.ConfigReloadListener;

/**
 * Feeds reload outcomes into the {@link ConfigMetrics} in force: a success counts and sets the hash gauge to the
 * loaded file's hash, a refusal counts. The metrics are looked up at each outcome, because they exist only once the
 * gateway has started.
 */
public final class ReloadMetrics implements ConfigReloadListener {
  private final Supplier<ConfigMetrics> metrics;

  public ReloadMetrics(Supplier<ConfigMetrics> metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public void onSuccess(String hash) {
    metrics.get().reloaded(hash);
  }

  @Override
  public void onFailure(List<String> errors) {
    metrics.get().reloadFailed();
  }
}
