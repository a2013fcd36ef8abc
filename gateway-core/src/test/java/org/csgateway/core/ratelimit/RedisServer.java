package org.csgateway.core.ratelimit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real {@code redis-server} child process on a free port, without persistence. Redis cannot bind port 0, so a
 * port is found by binding and closing one first; another process (a parallel build) may take it in between, so
 * {@link #start()} tries again on a new port when redis-server exits before it is ready.
 */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private final Process process;

  private RedisServer(int port) throws IOException, InterruptedException {
    this.port = port;
    this.process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no")
        .redirectErrorStream(true)
        .start();
    CountDownLatch settled = new CountDownLatch(1);
    AtomicBoolean ready = new AtomicBoolean();
    Thread drain = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.contains("Ready to accept connections")) {
            ready.set(true);
            settled.countDown();
          }
        }
      } catch (IOException e) {
        // the process went away
      } finally {
        settled.countDown(); // output ended before "Ready": it exited (e.g. the port was taken)
      }
    }, "redis-server-" + port);
    drain.setDaemon(true);
    drain.start();
    if (!settled.await(10, TimeUnit.SECONDS) || !ready.get()) {
      process.destroyForcibly();
      throw new NotStarted(port);
    }
  }

  /** redis-server exited or stayed silent instead of accepting connections on this port. */
  private static final class NotStarted extends IllegalStateException {
    NotStarted(int port) {
      super("redis-server did not start on port " + port);
    }
  }

  /** Whether a {@code redis-server} binary is on the PATH. */
  public static boolean installed() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "redis-server"))) {
        return true;
      }
    }
    return false;
  }

  public static RedisServer start() {
    for (int attempt = 1; ; attempt++) {
      try {
        return start(freePort());
      } catch (NotStarted e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  public static RedisServer start(int port) {
    try {
      return new RedisServer(port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills the process at once, as a crash would, and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
