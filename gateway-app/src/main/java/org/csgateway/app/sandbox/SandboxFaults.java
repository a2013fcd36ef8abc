package org.csgateway.app.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault switches of a sandbox, shared by its event loops and usable from tests and over HTTP
 * ({@code PUT/DELETE /_sandbox/faults}). Faults apply in the order they were added: every matching
 * {@link SandboxFault.Kind#DELAY} adds its delay, and the first matching fault of another kind decides the outcome.
 * A fault limited to {@code times} requests is used up only by requests it actually affected.
 */
public final class SandboxFaults {
  private final List<Armed> faults = new CopyOnWriteArrayList<>();

  /** Adds a fault after the active ones. */
  public SandboxFaults add(SandboxFault fault) {
    faults.add(new Armed(fault));
    return this;
  }

  /** Replaces every active fault with these. */
  public synchronized void set(List<SandboxFault> replacement) {
    List<Armed> armed = new ArrayList<>(replacement.size());
    replacement.forEach(f -> armed.add(new Armed(f)));
    faults.clear();
    faults.addAll(armed);
  }

  /** Removes every fault. */
  public void clear() {
    faults.clear();
  }

  /** The active faults, each with the number of requests it still applies to in {@code times} (0 = unlimited). */
  public List<SandboxFault> active() {
    List<SandboxFault> active = new ArrayList<>();
    for (Armed armed : faults) {
      int remaining = armed.remaining.get();
      if (armed.fault.times() == 0) {
        active.add(armed.fault);
      } else if (remaining > 0) {
        active.add(armed.fault.times(remaining));
      }
    }
    return active;
  }

  /** What the faults do to a request for this path; {@link Decision#NONE} when nothing applies. */
  Decision decide(String path) {
    if (faults.isEmpty()) {
      return Decision.NONE;
    }
    Duration delay = Duration.ZERO;
    SandboxFault outcome = null;
    for (Armed armed : faults) {
      SandboxFault fault = armed.fault;
      boolean isDelay = fault.kind() == SandboxFault.Kind.DELAY;
      if ((!isDelay && outcome != null) || !fault.appliesTo(path) || !armed.take()) {
        continue;
      }
      if (isDelay) {
        delay = delay.plus(fault.delay());
      } else {
        outcome = fault;
      }
    }
    faults.removeIf(Armed::usedUp);
    return delay.isZero() && outcome == null ? Decision.NONE : new Decision(delay, outcome);
  }

  /**
   * What happens to one request.
   *
   * @param delay the wait before handling it
   * @param outcome the fault deciding the answer, or null to answer normally
   */
  record Decision(Duration delay, SandboxFault outcome) {
    static final Decision NONE = new Decision(Duration.ZERO, null);

    SandboxFault.Kind kind() {
      return outcome == null ? null : outcome.kind();
    }
  }

  private static final class Armed {
    final SandboxFault fault;
    final AtomicInteger remaining;

    Armed(SandboxFault fault) {
      this.fault = fault;
      this.remaining = new AtomicInteger(fault.times());
    }

    /** Claims one use; false when a limited fault is used up. */
    boolean take() {
      if (fault.times() == 0) {
        return true;
      }
      return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    boolean usedUp() {
      return fault.times() != 0 && remaining.get() == 0;
    }
  }
}
