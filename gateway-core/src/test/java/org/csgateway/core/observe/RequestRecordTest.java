package org.csgateway.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record's derived values and the composition of observers. */
class RequestRecordTest {
  private static RequestRecord record(int status, long total, long upstream) {
    return new RequestRecord("id", "/api/projects", "GET", "/api/projects", status,
        RequestRecord.Outcome.COMPLETED, total, upstream, 0, 0, "127.0.0.1", null, null, null, null, null, null);
  }

  @Test
  void should_take_the_upstream_wait_from_the_total_when_the_request_went_upstream() {
    assertThat(record(200, 1_000, 700).gatewayNanos()).isEqualTo(300);
    assertThat(record(200, 1_000, -1).gatewayNanos()).isEqualTo(1_000);
  }

  @Test
  void should_name_five_status_classes_only_when_any_status_is_given() {
    assertThat(record(204, 1, -1).statusClass()).isEqualTo("2xx");
    assertThat(record(499, 1, -1).statusClass()).isEqualTo("4xx");
    assertThat(StatusClasses.of(99)).isEqualTo("5xx");
    assertThat(StatusClasses.of(700)).isEqualTo("5xx");
  }

  @Test
  void should_tell_both_observers_in_order_and_leave_out_none_when_composed() {
    List<String> seen = new ArrayList<>();
    RequestObserver first = r -> seen.add("first");
    RequestObserver second = r -> seen.add("second");

    first.andThen(second).onRequestEnd(record(200, 1, -1));

    assertThat(seen).containsExactly("first", "second");
    assertThat(RequestObserver.NONE.andThen(RequestObserver.NONE)).isSameAs(RequestObserver.NONE);
    assertThat(first.andThen(RequestObserver.NONE)).isSameAs(first);
    assertThat(RequestObserver.NONE.andThen(second)).isSameAs(second);
  }
}
