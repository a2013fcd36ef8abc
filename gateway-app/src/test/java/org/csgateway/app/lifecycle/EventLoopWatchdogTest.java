package org.csgateway.app.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.csgateway.app.GatewayVertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watchdog against a real Vert.x event loop, on a fake clock: the loop is really blocked, time is not waited. */
class EventLoopWatchdogTest {
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private final List<Throwable> stacks = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private Executor loop;
  private EventLoopWatchdog watchdog;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
    loop = GatewayVertx.eventLoops(vertx).get(0);
    watchdog = new EventLoopWatchdog(List.of(loop), Duration.ofSeconds(2), clock::get, (message, stack) -> {
      reports.add(message);
      if (stack != null) {
        stacks.add(stack);
      }
    });
  }

  @AfterEach
  void closeVertx() {
    watchdog.close();
    vertx.close().await();
  }

  @Test
  void should_report_a_blocked_loop_once_with_its_stack_and_again_when_it_runs() throws Exception {
    watchdog.check();
    ranEverythingQueued();
    CountDownLatch release = blockLoopUntil();

    advance(Duration.ofSeconds(1));
    watchdog.check(); // posts a probe behind the blocking task
    advance(Duration.ofMillis(1500));
    watchdog.check();
    assertThat(reports).as("1.5 s is within the limit").isEmpty();

    advance(Duration.ofSeconds(1));
    watchdog.check();
    advance(Duration.ofSeconds(1));
    watchdog.check();
    assertThat(reports).singleElement().asString()
        .contains("vert.x-eventloop-thread-0 has not run a queued task for 2500 ms (limit 2000 ms)");
    assertThat(Arrays.stream(stacks.get(0).getStackTrace()).map(StackTraceElement::toString))
        .anyMatch(frame -> frame.contains("CountDownLatch.await"))
        .anyMatch(frame -> frame.contains(EventLoopWatchdogTest.class.getSimpleName()));

    release.countDown();
    ranEverythingQueued();
    watchdog.check();
    assertThat(reports).hasSize(2);
    assertThat(reports.get(1)).isEqualTo("vert.x-eventloop-thread-0 ran again after 3500 ms");
  }

  @Test
  void should_stay_quiet_while_the_loop_runs_its_tasks() throws Exception {
    for (int i = 0; i < 5; i++) {
      watchdog.check();
      ranEverythingQueued();
      advance(Duration.ofSeconds(10));
    }
    watchdog.check();

    assertThat(reports).isEmpty();
  }

  @Test
  void should_stop_watching_loops_that_shut_down_with_vertx() {
    watchdog.check();
    vertx.close().await();
    advance(Duration.ofSeconds(10));

    assertThatCode(() -> {
      watchdog.check();
      watchdog.check();
    }).doesNotThrowAnyException();
    assertThat(reports).isEmpty();
  }

  @Test
  void should_check_on_its_own_thread_once_started() throws Exception {
    CountDownLatch release = blockLoopUntil();
    // The scheduled checks read the fake clock: each one after the first finds the probe 1 h older.
    EventLoopWatchdog started = new EventLoopWatchdog(List.of(loop), Duration.ofSeconds(2),
        () -> clock.addAndGet(TimeUnit.HOURS.toNanos(1)), (message, stack) -> reports.add(message))
        .start(Duration.ofMillis(1));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (reports.isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(reports).first().asString().contains("has not run a queued task");
    } finally {
      started.close();
      release.countDown();
    }
  }

  /** Blocks the loop (really) until the returned latch is counted down; returns once the loop is blocked. */
  private CountDownLatch blockLoopUntil() throws InterruptedException {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    loop.execute(() -> {
      blocked.countDown();
      awaitQuietly(release);
    });
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    return release;
  }

  private void advance(Duration by) {
    clock.addAndGet(by.toNanos());
  }

  /** Waits until the loop has run everything queued before this call (its queue runs in order). */
  private void ranEverythingQueued() throws Exception {
    CompletableFuture<Void> ran = new CompletableFuture<>();
    loop.execute(() -> ran.complete(null));
    ran.get(10, TimeUnit.SECONDS);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
