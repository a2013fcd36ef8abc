package org.csgateway.app;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether this gateway should receive traffic: ready while every named check passes. The application keeps
 * {@value #CONFIG} (a configuration is loaded), {@value #LISTENERS} (every listener is bound) and
 * {@value #ACCEPTING} (false from the moment shutdown starts); the health checks add {@value #UPSTREAM} and
 * {@value #REDIS} when {@code health.requireUpstream} / {@code requireRedis} ask for them. Shared by the
 * application, the health checks and the admin listener; thread-safe. Listeners hear every change of
 * {@link #isReady()}.
 */
public final class Readiness {
  public static final String CONFIG = "config";
  public static final String LISTENERS = "listeners";
  public static final String ACCEPTING = "accepting";
  public static final String UPSTREAM = "upstream";
  public static final String REDIS = "redis";

  private final Map<String, Boolean> checks = new ConcurrentSkipListMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public Readiness() {
    checks.put(CONFIG, false);
    checks.put(LISTENERS, false);
    checks.put(ACCEPTING, true);
  }

  public boolean isReady() {
    return !checks.containsValue(false);
  }

  /** Every check by name (sorted) and whether it passes now. */
  public Map<String, Boolean> checks() {
    return Collections.unmodifiableMap(new TreeMap<>(checks));
  }

  /** Records the state of a check (adding it when new). */
  public void update(String check, boolean passes) {
    Objects.requireNonNull(check, "check");
    boolean before = isReady();
    checks.put(check, passes);
    notifyIfChanged(before);
  }

  /** Drops a check that is no longer required. */
  public void remove(String check) {
    boolean before = isReady();
    checks.remove(check);
    notifyIfChanged(before);
  }

  /** Runs {@code listener} after each change of {@link #isReady()} (on the thread that changed it). */
  public void onChange(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void markReady() {
    update(CONFIG, true);
    update(LISTENERS, true);
  }

  void markNotReady() {
    update(ACCEPTING, false);
  }

  private void notifyIfChanged(boolean before) {
    if (before != isReady()) {
      listeners.forEach(Runnable::run);
    }
  }
}
