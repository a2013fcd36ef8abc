package org.csgateway.app.lifecycle;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.csgateway.app.config.ConfigErrors;
import org.csgateway.app.config.ConfigException;
import org.csgateway.app.config.ConfigResources;
import org.csgateway.app.config.GatewayConfigLoader;

/**
 * Where the running configuration comes from: a loader and the location given with {@code --config} (a file path
 * or {@code classpath:name}). A file is read with Vert.x's non-blocking file system; parsing (which may read route
 * files) runs on a worker thread, so no event loop waits on a disk.
 *
 * @param loader the loader (environment, core count)
 * @param location the file path, or {@code classpath:...} for the bundled configuration (never watched)
 */
public record ConfigSource(GatewayConfigLoader loader, String location) {
  public ConfigSource {
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(location, "location");
  }

  /** Whether the location is a file whose changes can be watched. */
  public boolean isFile() {
    return !location.startsWith(ConfigResources.CLASSPATH);
  }

  /** The file's bytes now (a classpath resource is read on a worker thread). */
  public Future<byte[]> read(Vertx vertx) {
    if (isFile()) {
      return vertx.fileSystem().readFile(Path.of(location).toAbsolutePath().toString())
          .map(buffer -> buffer.getBytes())
          .recover(e -> Future.failedFuture(unreadable(e.getMessage())));
    }
    return vertx.executeBlocking(() -> {
      try {
        return new ConfigResources(Path.of("")).read(location).getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw unreadable(e.getMessage());
      }
    }, false);
  }

  /**
   * Reads and fully validates the configuration.
   *
   * @return the configuration and its hash, or a failure: a {@link ConfigException} listing every error
   */
  public Future<LoadedConfig> load(Vertx vertx) {
    return read(vertx).compose(bytes -> vertx.executeBlocking(() -> new LoadedConfig(
        loader.parse(new String(bytes, StandardCharsets.UTF_8), location,
            new ConfigResources(Path.of("")).relativeTo(location)),
        ConfigHash.of(bytes)), false));
  }

  private ConfigException unreadable(String reason) {
    ConfigErrors errors = new ConfigErrors();
    errors.add(location, "cannot read the configuration: " + reason);
    return new ConfigException(errors.list());
  }
}
