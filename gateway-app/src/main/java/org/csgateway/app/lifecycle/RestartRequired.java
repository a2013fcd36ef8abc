package org.csgateway.app.lifecycle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.csgateway.app.config.GatewayConfig;

/**
 * The settings a reload cannot apply, because they are bound when sockets open or processes start: every field of
 * {@code server} (the proxy listener's host, port, instances, limits, forwarding rules, public URL, HTTP/2 and TLS
 * files), every field of {@code admin}, {@code sandbox}, {@code metrics} and {@code accessLog}, and the upstream
 * clients' connection options ({@code upstream.url}, {@code poolSize}, {@code connectTimeout}, {@code tls}). A
 * reload that changes any of them is refused as a whole, naming each one.
 */
public final class RestartRequired {
  private RestartRequired() {
  }

  /**
   * @param running the configuration in force
   * @param next the reloaded one, resolved as the running one was (the sandbox's upstream URL filled in)
   * @return one error per changed setting, empty when the reload may be applied
   */
  public static List<String> changes(GatewayConfig running, GatewayConfig next) {
    List<String> changed = new ArrayList<>();
    changedFields("server", running.server(), next.server(), changed);
    changedFields("admin", running.admin(), next.admin(), changed);
    changedFields("sandbox", running.sandbox(), next.sandbox(), changed);
    // The meters, their hooks on the request path and the access log are built with the process's listeners; a
    // reload that changed them would answer "changed" and keep the old ones.
    changedFields("metrics", running.metrics(), next.metrics(), changed);
    changedFields("accessLog", running.accessLog(), next.accessLog(), changed);
    if (!running.upstream().httpClientOptions().toJson().equals(next.upstream().httpClientOptions().toJson())
        || !running.upstream().poolOptions().toJson().equals(next.upstream().poolOptions().toJson())) {
      changed.add("upstream: url, poolSize, connectTimeout and tls change only with a restart");
    }
    return changed;
  }

  private static void changedFields(String section, Record running, Record next, List<String> changed) {
    if (running.equals(next)) {
      return;
    }
    for (RecordComponent component : running.getClass().getRecordComponents()) {
      if (!Objects.equals(value(component, running), value(component, next))) {
        changed.add(section + "." + component.getName() + ": changes only with a restart");
      }
    }
  }

  private static Object value(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName(), e);
    }
  }
}
