package org.csgateway.app.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link SignalTraps}: a signal the process ignores is refused with false (the JVM would take the handler and never
 * run it: under nohup, SIGHUP reloads nothing), and one it does not is trapped and runs the action when raised.
 */
class SignalTrapsTest {
  private static final long HUP_BIT = 1L; // signal 1, bit 0 of SigIgn

  @Test
  void should_refuse_to_trap_a_signal_the_process_ignores() {
    assertThat(new SignalTraps(() -> HUP_BIT).trap("HUP", () -> { })).isFalse();
  }

  @Test
  void should_run_the_action_when_a_trapped_signal_is_raised() throws Exception {
    assumeTrue((SignalTraps.ignoredByThisProcess() & HUP_BIT) == 0, "this test JVM ignores SIGHUP (run under nohup)");
    CountDownLatch raised = new CountDownLatch(1);
    assumeTrue(new SignalTraps(() -> 0L).trap("HUP", raised::countDown), "no signal support");

    Class<?> signal = Class.forName("sun.misc.Signal");
    signal.getMethod("raise", signal).invoke(null, signal.getConstructor(String.class).newInstance("HUP"));

    assertThat(raised.await(10, TimeUnit.SECONDS)).isTrue();
  }
}
