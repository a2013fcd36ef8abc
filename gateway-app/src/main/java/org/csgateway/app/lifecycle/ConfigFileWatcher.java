package org.csgateway.app.lifecycle;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches the configuration file: every {@code reload.checkInterval} it reads the file with the non-blocking file
 * system and compares the hash of its bytes with the last one seen; a new hash triggers a reload. Comparing content
 * rather than modification times catches edits within one second and Kubernetes' symlink swaps of mounted
 * ConfigMaps, and a refused file is reported once, not on every check. One check runs at a time.
 */
public final class ConfigFileWatcher {
  private static final Logger LOG = System.getLogger(ConfigFileWatcher.class.getName());

  private final Vertx vertx;
  private final ConfigReloader reloader;
  private final AtomicBoolean checking = new AtomicBoolean();
  private volatile String lastSeen;
  private long timer = -1;

  public ConfigFileWatcher(Vertx vertx, ConfigReloader reloader) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.reloader = Objects.requireNonNull(reloader, "reloader");
    this.lastSeen = reloader.hash();
  }

  /** Starts checking at this interval. */
  public synchronized void start(Duration interval) {
    stop();
    timer = vertx.setPeriodic(Math.max(1, interval.toMillis()), id -> check());
  }

  public synchronized void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void check() {
    if (!checking.compareAndSet(false, true)) {
      return;
    }
    reloader.source().read(vertx).map(ConfigHash::of).compose(seen -> {
      if (seen.equals(lastSeen)) {
        return Future.succeededFuture();
      }
      lastSeen = seen;
      return reloader.reload().mapEmpty();
    }).onFailure(e -> LOG.log(Level.DEBUG, () -> "configuration file check failed: " + e.getMessage()))
        .onComplete(done -> checking.set(false));
  }
}
