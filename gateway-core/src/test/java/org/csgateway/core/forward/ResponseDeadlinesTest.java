package org.csgateway.core.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared response timeouts of one event loop, on a real Vert.x context: the one timer fires on real time (a few
 * milliseconds here), and whether a watch is due is read on an injected clock.
 */
@ExtendWith(VertxExtension.class)
class ResponseDeadlinesTest {
  private static final long TIMEOUT_MILLIS = 5;

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<String> expired = new CopyOnWriteArrayList<>();
  private Context context;
  private ResponseDeadlines deadlines;

  @BeforeEach
  void setUp(Vertx vertx) {
    context = vertx.getOrCreateContext();
    deadlines = onLoop(() -> new ResponseDeadlines(vertx, TIMEOUT_MILLIS, nanos::get));
  }

  @Test
  void should_expire_a_watch_that_is_not_cancelled_in_time() {
    Promise<Void> fired = Promise.promise();
    onLoop(() -> deadlines.watch(() -> {
      expired.add("a");
      fired.complete();
    }));
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS));

    fired.future().timeout(5, TimeUnit.SECONDS).await();

    assertThat(expired).containsExactly("a");
    assertThat(onLoop(deadlines::size)).isZero();
  }

  @Test
  void should_never_expire_a_cancelled_watch_and_still_expire_the_ones_behind_it() {
    Promise<Void> fired = Promise.promise();
    onLoop(() -> {
      ResponseDeadlines.Watch first = deadlines.watch(() -> expired.add("first"));
      deadlines.watch(() -> {
        expired.add("second");
        fired.complete();
      });
      deadlines.cancel(first);
      deadlines.cancel(first); // twice: nothing more happens
      return null;
    });
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS));

    fired.future().timeout(5, TimeUnit.SECONDS).await();

    assertThat(expired).containsExactly("second");
  }

  @Test
  void should_wait_for_the_clock_when_the_timer_fires_before_a_watch_is_due() {
    Promise<Void> fired = Promise.promise();
    onLoop(() -> deadlines.watch(() -> fired.complete()));
    // The clock stands still: every firing of the timer finds the watch not yet due and sets the timer again.
    Promise<Void> severalFirings = Promise.promise();
    context.owner().setTimer(TIMEOUT_MILLIS * 4, id -> severalFirings.complete());
    severalFirings.future().await();
    assertThat(fired.future().isComplete()).isFalse();
    assertThat(onLoop(deadlines::size)).isEqualTo(1);

    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS));

    fired.future().timeout(5, TimeUnit.SECONDS).await();
    assertThat(onLoop(deadlines::size)).isZero();
  }

  @Test
  void should_expire_only_the_watches_that_are_due_in_the_order_they_were_made() {
    Promise<Void> firstTwo = Promise.promise();
    onLoop(() -> {
      deadlines.watch(() -> expired.add("1"));
      deadlines.watch(() -> {
        expired.add("2");
        firstTwo.complete();
      });
      return null;
    });
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS));
    onLoop(() -> deadlines.watch(() -> expired.add("3"))); // due a full timeout after the clock's new time

    firstTwo.future().timeout(5, TimeUnit.SECONDS).await();

    assertThat(expired).containsExactly("1", "2");
    assertThat(onLoop(deadlines::size)).isEqualTo(1);
  }

  @Test
  void should_serve_every_context_of_its_event_loop_and_no_other_thread() {
    assertThat(deadlines.isCurrent()).isFalse(); // the test's own thread
    assertThat(onLoop(deadlines::isCurrent)).isTrue();
    // Each request runs on a duplicate of the verticle's context, on the same event loop: the list is theirs too.
    ContextInternal perRequest = ((ContextInternal) context).duplicate();
    Promise<Boolean> onDuplicate = Promise.promise();
    perRequest.runOnContext(v -> onDuplicate.complete(deadlines.isCurrent()));
    assertThat(onDuplicate.future().timeout(5, TimeUnit.SECONDS).await()).isTrue();
    Promise<Boolean> onWorker = Promise.promise();
    context.owner().executeBlocking(() -> deadlines.isCurrent()).onComplete(onWorker);
    assertThat(onWorker.future().timeout(5, TimeUnit.SECONDS).await()).isFalse();
  }

  private <T> T onLoop(Supplier<T> action) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> done.complete(action.get()));
    return done.future().timeout(5, TimeUnit.SECONDS).await();
  }
}
