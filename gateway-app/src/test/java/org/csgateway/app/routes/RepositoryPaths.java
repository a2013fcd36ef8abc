package org.csgateway.app.routes;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository, the app module's resources and the researched upstream facts are, seen from a test. */
public final class RepositoryPaths {
  private RepositoryPaths() {}

  /** The repository root: the nearest directory upwards from the working directory holding gateway-app. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("gateway-app"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("not inside the repository: " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** gateway-app/src/main/resources. */
  public static Path appResources() {
    return root().resolve("gateway-app/src/main/resources");
  }

  /** ../shared/computestacks relative to the repository (it may not exist). */
  public static Path computeStacksSources() {
    return root().resolveSibling("shared").resolve("computestacks");
  }
}
