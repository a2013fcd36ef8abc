package org.csgateway.app.e2e.ratelimit;

/** Closes test resources in the order given, skipping those never opened, and reports the first failure. */
final class Cleanup {
  private Cleanup() {}

  static void closeAll(AutoCloseable... resources) {
    IllegalStateException failure = null;
    for (AutoCloseable resource : resources) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing " + resource + " failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
