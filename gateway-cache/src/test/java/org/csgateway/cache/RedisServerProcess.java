package org.csgateway.cache;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

/** A throwaway {@code redis-server} child process on a free port, without persistence. */
final class RedisServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private RedisServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Whether {@code redis-server} is on the PATH. */
  static boolean available() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (new File(dir, "redis-server").canExecute()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Starts one on a free port and returns once it says it accepts connections. The port is found by binding and
   * closing it, so another process (a parallel build) may take it first: then redis-server exits, and a new port is
   * tried.
   */
  static RedisServerProcess start() throws IOException {
    for (int attempt = 1; ; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      try {
        return start(port);
      } catch (IOException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  /** Starts one on this port (to stand in for a restarted server) once it accepts connections. */
  static RedisServerProcess start(int port) throws IOException {
    Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no").redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); ; line = out.readLine()) {
      if (line == null) {
        throw new IOException("redis-server exited before it was ready");
      }
      if (line.contains("Ready to accept connections")) {
        break;
      }
    }
    Thread drain = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // keep the pipe from filling up
        }
      } catch (IOException closed) {
        // the process is gone
      }
    }, "redis-server-output");
    drain.setDaemon(true);
    drain.start();
    return new RedisServerProcess(process, port);
  }

  int port() {
    return port;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
