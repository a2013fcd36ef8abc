package org.csgateway.app.e2e.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.csgateway.app.Main;
import org.csgateway.app.deploy.DockerfileView;

/**
 * The gateway as the production image runs it, in a JVM of its own so that its heap and resident memory are its
 * own: {@code java <JVM_FLAGS> org.csgateway.app.Main --config FILE}, with this JVM's class path. The
 * ports come from the banner's last line ({@code csgateway listening proxy=P admin=A}, printed for scripts); both
 * output streams are drained all the time (the access log writes a line per request) and their last lines kept for
 * failure messages. The process is killed on {@link #close()} and, failing that, when this JVM exits. Public for
 * the other end-to-end packages that need the real process (its signals, its exit code).
 */
public final class GatewayProcess implements AutoCloseable {
  /**
   * The benchmark's fixed gateway heap (deploy/bench), in place of the image's share of the pod's memory limit. A
   * heap that may grow (to 308 MiB in a 512 MiB pod) makes resident memory follow G1's sizing: a first full-length
   * run with the image's flags saw RSS wander 183 to 254 MiB with the heap after a full GC flat at 13 MiB. A fixed,
   * pre-touched heap is resident from the start, so RSS growth then means native growth (buffers, threads, code),
   * the heap is judged on its own after a full GC, and a heap leak ends in an OutOfMemoryError (and a dead process)
   * sooner. 128 MiB is also the heap the 256 MiB RSS target is set for.
   */
  private static final List<String> FIXED_HEAP = List.of("-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch");
  /**
   * deploy/container/Dockerfile's JAVA_OPTS, read from the file (collector, pause target, exit on OutOfMemoryError,
   * native heap trimming, ...), with its heap sizing replaced by {@link #FIXED_HEAP}.
   */
  static final List<String> JVM_FLAGS = Stream.concat(FIXED_HEAP.stream(), DockerfileView.javaOptions().stream()
      .filter(option -> !option.matches("-XX:(Max|Initial|Min)RAMPercentage=.*|-Xm[sx].*"))).toList();
  /** The rest of the image's environment (the C allocator's arena limit, ...), read from the Dockerfile. */
  static final Map<String, String> ENVIRONMENT = DockerfileView.environment().entrySet().stream()
      .filter(e -> !e.getKey().equals("JAVA_OPTS"))
      .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
  private static final Pattern LISTENING = Pattern.compile("csgateway listening proxy=(\\d+) admin=(\\d+)");
  private static final int KEPT_LINES = 60;

  /** The bound ports. */
  public record Ports(int proxy, int admin) {}

  private final Process process;
  private final OutputTail stdout;
  private final OutputTail stderr;
  private final Thread killOnExit;
  private final Ports ports;

  private GatewayProcess(Process process, OutputTail stdout, OutputTail stderr, Thread killOnExit, Ports ports) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.killOnExit = killOnExit;
    this.ports = ports;
  }

  /** Starts the gateway on this configuration file and returns once it listens, or fails with its output. */
  public static GatewayProcess start(Path config, Duration startBound) {
    List<String> command = new ArrayList<>();
    command.add(javaTool("java"));
    command.addAll(JVM_FLAGS);
    command.addAll(List.of("-cp", classPath(), Main.class.getName(), "--config", config.toString()));
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(ENVIRONMENT);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
    Thread killOnExit = new Thread(process::destroyForcibly, "soak-gateway-kill");
    Runtime.getRuntime().addShutdownHook(killOnExit);
    CompletableFuture<Ports> listening = new CompletableFuture<>();
    OutputTail stdout = OutputTail.drain(process.getInputStream(), "soak-gateway-stdout", line -> {
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        listening.complete(new Ports(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))));
      }
    }, () -> listening.completeExceptionally(new IllegalStateException("standard output closed")));
    OutputTail stderr = OutputTail.drain(process.getErrorStream(), "soak-gateway-stderr", line -> { }, () -> { });
    GatewayProcess started = null;
    try {
      Ports ports = listening.get(startBound.toMillis(), TimeUnit.MILLISECONDS);
      started = new GatewayProcess(process, stdout, stderr, killOnExit, ports);
      return started;
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the gateway did not start within " + startBound + " (" + e + ", "
          + (process.isAlive() ? "still running" : "exit code " + process.exitValue()) + ")\n"
          + OutputTail.describe(stdout, stderr));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      if (started == null) {
        process.destroyForcibly();
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      }
    }
  }

  public Ports ports() {
    return ports;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGTERM (what {@link Process#destroy()} does on Linux) and returns at once. */
  public void terminate() {
    process.destroy();
  }

  /** The exit code once the process has exited, waiting at most the bound; fails with its output if it has not. */
  public int awaitExit(Duration bound) {
    try {
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the gateway did not exit within " + bound + "\n" + describeOutput());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** Fails with the process's output when it is no longer running. */
  void assertAlive() {
    if (!process.isAlive()) {
      throw new AssertionError("the gateway exited with " + process.exitValue() + "\n" + describeOutput());
    }
  }

  /** The last lines of both streams, for failure messages. */
  public String describeOutput() {
    return OutputTail.describe(stdout, stderr);
  }

  /**
   * Runs {@code jcmd <pid> -f <commands>}, each command on its own line, and returns its output; the wait is
   * bounded (jcmd is a JVM start of its own, slow on a loaded machine).
   */
  String jcmd(String... commands) {
    try {
      Path file = Files.createTempFile("soak-jcmd", ".txt");
      try {
        Files.writeString(file, String.join("\n", commands) + "\n");
        Process jcmd = new ProcessBuilder(javaTool("jcmd"), Long.toString(pid()), "-f", file.toString())
            .redirectErrorStream(true).start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(jcmd.getInputStream()));
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
          jcmd.destroyForcibly();
          throw new AssertionError("jcmd " + List.of(commands) + " did not finish within 60 s");
        }
        String text = new String(output.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        if (jcmd.exitValue() != 0) {
          throw new AssertionError("jcmd " + List.of(commands) + " failed (" + jcmd.exitValue() + "): " + text);
        }
        return text;
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("reading jcmd's output failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A line of {@code /proc/<pid>/status} in bytes, for example {@code VmRSS} or {@code VmHWM}. */
  long procStatusBytes(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim()) * 1024;
        }
      }
      throw new AssertionError("no " + field + " in /proc/" + pid() + "/status");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGTERM (the gateway drains and exits), then a forced kill if it has not exited within the bound. */
  @Override
  public void close() {
    try {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException alreadyExiting) {
        // the hook then runs anyway, and the process is already gone
      }
    }
  }

  private static String javaTool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  /** Surefire's real test class path when it runs through a manifest-only jar, else this JVM's. */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one stream to its end on a daemon thread, keeping its last lines. */
  private static final class OutputTail {
    private final String name;
    private final Deque<String> last = new ArrayDeque<>();

    private OutputTail(String name) {
      this.name = name;
    }

    static OutputTail drain(InputStream in, String name, Consumer<String> eachLine, Runnable atEnd) {
      OutputTail tail = new OutputTail(name);
      Thread reader = new Thread(() -> {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            tail.keep(line);
            eachLine.accept(line);
          }
        } catch (IOException e) {
          tail.keep("(reading failed: " + e + ")");
        } finally {
          atEnd.run();
        }
      }, name);
      reader.setDaemon(true);
      reader.start();
      return tail;
    }

    private synchronized void keep(String line) {
      if (last.size() == KEPT_LINES) {
        last.removeFirst();
      }
      last.addLast(line);
    }

    private synchronized String text() {
      return "--- last lines of " + name + " ---\n" + String.join("\n", last);
    }

    static String describe(OutputTail stdout, OutputTail stderr) {
      return stderr.text() + "\n" + stdout.text();
    }
  }
}
