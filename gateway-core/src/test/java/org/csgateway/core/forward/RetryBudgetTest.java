package org.csgateway.core.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  private final AtomicLong nanos = new AtomicLong(-5_000_000_000L); // nanoTime may be negative

  private RetryBudget budget(double ratio, int minPerSecond) {
    return new RetryBudget(new RetryConfig(1, Set.of(HttpMethod.GET), ratio, minPerSecond), nanos::get);
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void should_allow_retries_up_to_the_ratio_of_requests_when_there_is_no_reserve() {
    RetryBudget budget = budget(0.2, 0);
    for (int i = 0; i < 10; i++) {
      budget.deposit("/api/projects");
    }

    assertThat(budget.tryWithdraw("/api/projects")).isTrue();
    assertThat(budget.tryWithdraw("/api/projects")).isTrue();
    assertThat(budget.tryWithdraw("/api/projects")).isFalse();
  }

  @Test
  void should_allow_the_reserve_per_second_over_the_window_when_there_are_no_requests() {
    RetryBudget budget = budget(0.2, 1);

    for (int i = 0; i < 10; i++) {
      assertThat(budget.tryWithdraw("/api/projects")).as("retry %d", i).isTrue();
    }
    assertThat(budget.tryWithdraw("/api/projects")).isFalse();
  }

  @Test
  void should_keep_one_budget_per_route() {
    RetryBudget budget = budget(1.0, 0);
    budget.deposit("/api/projects");

    assertThat(budget.tryWithdraw("/api/zones")).isFalse();
    assertThat(budget.tryWithdraw("/api/projects")).isTrue();
  }

  @Test
  void should_forget_deposits_and_withdrawals_once_they_leave_the_window() {
    RetryBudget budget = budget(1.0, 0);
    budget.deposit("/api/projects");
    advance(Duration.ofSeconds(10));

    assertThat(budget.tryWithdraw("/api/projects")).as("deposit expired").isFalse();

    budget.deposit("/api/projects");
    budget.deposit("/api/projects");
    assertThat(budget.tryWithdraw("/api/projects")).isTrue();
    assertThat(budget.tryWithdraw("/api/projects")).isTrue();
    assertThat(budget.tryWithdraw("/api/projects")).isFalse();
  }

  @Test
  void should_let_a_spent_reserve_return_when_the_withdrawals_expire() {
    RetryBudget budget = budget(0, 1);
    for (int i = 0; i < 10; i++) {
      budget.tryWithdraw("/api/projects");
    }
    assertThat(budget.tryWithdraw("/api/projects")).isFalse();

    advance(Duration.ofSeconds(5));
    assertThat(budget.tryWithdraw("/api/projects")).as("withdrawals still in the window").isFalse();

    advance(Duration.ofSeconds(5));
    assertThat(budget.tryWithdraw("/api/projects")).isTrue();
  }

  @Test
  void should_never_allow_a_retry_when_ratio_and_reserve_are_zero() {
    RetryBudget budget = budget(0, 0);
    budget.deposit("/api/projects");

    assertThat(budget.tryWithdraw("/api/projects")).isFalse();
  }
}
