package org.csgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlightTest {
  private final Flight flight = new Flight(null, 0, 0);

  @Test
  void should_take_waiters_up_to_its_bound_and_refuse_the_rest() {
    assertThat(flight.hasWaiters()).isFalse();
    assertThat(flight.addWaiter(2)).isTrue();
    assertThat(flight.hasWaiters()).isTrue();
    assertThat(flight.addWaiter(2)).isTrue();
    assertThat(flight.addWaiter(2)).isFalse();
    // A refused waiter leaves no count behind: a larger bound still has exactly one place left.
    assertThat(flight.addWaiter(3)).isTrue();
    assertThat(flight.addWaiter(3)).isFalse();
  }

  @Test
  void should_be_stuck_once_on_its_way_for_the_wait_timeout() {
    assertThat(flight.isStuck(999, 1_000)).isFalse();
    assertThat(flight.isStuck(1_000, 1_000)).isTrue();
  }
}
