package org.csgateway.app.lifecycle;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.csgateway.app.config.ConfigError;
import org.csgateway.app.config.ConfigException;
import org.csgateway.app.config.GatewayConfig;

/**
 * Reloads the configuration file: reads it, validates it fully, refuses changes that need a restart, and has the
 * {@link ReloadTarget} swap it in. Reloads run one at a time, in the order asked (file watch, SIGHUP, admin). A
 * refused file changes nothing; its errors are logged once and reported to the {@link ConfigReloadListener}.
 */
public final class ConfigReloader {
  private static final Logger LOG = System.getLogger(ConfigReloader.class.getName());

  private final Vertx vertx;
  private final ConfigSource source;
  private final ReloadTarget target;
  private final ConfigReloadListener listener;
  private volatile String hash;
  private Future<?> queue = Future.succeededFuture();

  /** @param hash the hash of the file the running configuration was loaded from */
  public ConfigReloader(Vertx vertx, ConfigSource source, String hash, ReloadTarget target,
      ConfigReloadListener listener) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.source = Objects.requireNonNull(source, "source");
    this.hash = Objects.requireNonNull(hash, "hash");
    this.target = Objects.requireNonNull(target, "target");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The hash of the file the configuration in force was loaded from. */
  public String hash() {
    return hash;
  }

  public ConfigSource source() {
    return source;
  }

  /** Reloads the file now, after any reload already under way; never fails (a refusal is a result). */
  public Future<ReloadResult> reload() {
    return enqueue(this::reloadNow);
  }

  private synchronized Future<ReloadResult> enqueue(Supplier<Future<ReloadResult>> reload) {
    Future<ReloadResult> result = queue.transform(ignored -> reload.get());
    queue = result;
    return result;
  }

  private Future<ReloadResult> reloadNow() {
    return source.load(vertx).compose(this::applyLoaded)
        .recover(failure -> Future.succeededFuture(refuse(errorsOf(failure))));
  }

  private Future<ReloadResult> applyLoaded(LoadedConfig loaded) {
    if (loaded.hash().equals(hash)) {
      listener.onSuccess(hash);
      return Future.succeededFuture(ReloadResult.unchanged(hash));
    }
    GatewayConfig next = target.resolve(loaded.config());
    List<String> restart = RestartRequired.changes(target.running(), next);
    if (!restart.isEmpty()) {
      return Future.succeededFuture(refuse(restart));
    }
    return target.apply(next).map(applied -> {
      hash = loaded.hash();
      LOG.log(Level.INFO, "configuration reloaded from {0} (sha256 {1})", source.location(), loaded.hash());
      listener.onSuccess(loaded.hash());
      return ReloadResult.swapped(loaded.hash());
    });
  }

  private ReloadResult refuse(List<String> errors) {
    LOG.log(Level.WARNING, "configuration reload from {0} refused, the running configuration is kept: {1}",
        source.location(), String.join("; ", errors));
    listener.onFailure(errors);
    return ReloadResult.refused(hash, errors);
  }

  private static List<String> errorsOf(Throwable failure) {
    if (failure instanceof ConfigException invalid) {
      return invalid.errors().stream().map(ConfigError::toString).toList();
    }
    LOG.log(Level.ERROR, "a valid configuration could not be applied", failure);
    return List.of("the configuration could not be applied: " + failure);
  }
}
