package org.csgateway.app.lifecycle;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Runs an action when the process receives a POSIX signal ({@code HUP} to reload, {@code TERM} to drain), through
 * {@code sun.misc.Signal} when the runtime has it. It is reached by reflection so that a runtime without it (or
 * a platform without the signal) only loses the trap: {@link #trap} then says false and logs why, and the gateway
 * runs on with the admin endpoint and the shutdown hook. So does a signal the process ignores, as one started under
 * {@code nohup} ignores {@code HUP}: the JVM then accepts a handler for it but never runs it.
 */
public final class SignalTraps {
  private static final Logger LOG = System.getLogger(SignalTraps.class.getName());
  private final LongSupplier ignoredSignals;

  /** Traps on this process, which ignores the signals Linux's {@code /proc/self/status} lists (none elsewhere). */
  public SignalTraps() {
    this(SignalTraps::ignoredByThisProcess);
  }

  /** @param ignoredSignals the signals the process ignores, bit n-1 set for signal n (Linux's {@code SigIgn}) */
  SignalTraps(LongSupplier ignoredSignals) {
    this.ignoredSignals = ignoredSignals;
  }

  /**
   * @param signal the signal's name without "SIG", such as "HUP"
   * @param action run on the JVM's signal thread: keep it short (hand work to Vert.x)
   * @return whether the trap is set
   */
  public boolean trap(String signal, Runnable action) {
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Constructor<?> named = signalType.getConstructor(String.class);
      Object theSignal = named.newInstance(signal);
      int number = (int) signalType.getMethod("getNumber").invoke(theSignal);
      if (number >= 1 && number <= 64 && (ignoredSignals.getAsLong() & (1L << (number - 1))) != 0) {
        LOG.log(Level.WARNING, "SIG{0} is ignored by this process (started under nohup, or by a parent that ignores "
            + "it), so the JVM never delivers it: it is not trapped", signal);
        return false;
      }
      Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
          (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
              action.run();
              return null;
            }
            return switch (method.getName()) {
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> "SignalTrap[" + signal + "]";
            };
          });
      Method handle = signalType.getMethod("handle", signalType, handlerType);
      handle.invoke(null, theSignal, handler);
      return true;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      LOG.log(Level.INFO, "SIG{0} is not trapped on this runtime ({1})", signal, cause.toString());
      return false;
    }
  }

  /** The {@code SigIgn} mask of {@code /proc/self/status}; 0 where there is none to read. */
  static long ignoredByThisProcess() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
      return lines.filter(line -> line.startsWith("SigIgn:"))
          .mapToLong(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16))
          .findFirst().orElse(0);
    } catch (IOException | RuntimeException noProcfs) {
      return 0;
    }
  }
}
