package org.csgateway.app.lifecycle;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Runs an action when the process receives a POSIX signal ({@code HUP} to reload, {@code TERM} to drain), through
 * {@code sun.misc.Signal} when the runtime has it. It is reached by reflection so that a runtime without it (or
 * a platform without the signal) only loses the trap: {@link #trap} then says false and logs why, and the gateway
 * runs on with the admin endpoint and the shutdown hook.
 */
public final class SignalTraps {
  private static final Logger LOG = System.getLogger(SignalTraps.class.getName());

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
      handle.invoke(null, named.newInstance(signal), handler);
      return true;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      LOG.log(Level.INFO, "SIG{0} is not trapped on this runtime ({1})", signal, cause.toString());
      return false;
    }
  }
}
