package org.csgateway.core.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each key's result is computed once while its slot holds it, and is always the function's result for that key. */
class RecentResultsTest {
  private final List<String> computed = new ArrayList<>();
  private final RecentResults<String, String> lengths = new RecentResults<>(4, key -> {
    computed.add(key);
    return key + ":" + key.length();
  });

  @Test
  void should_compute_a_key_once_while_it_is_remembered() {
    assertThat(lengths.get("abc")).isEqualTo("abc:3");
    assertThat(lengths.get(new String("abc"))).isEqualTo("abc:3");

    assertThat(computed).containsExactly("abc");
  }

  @Test
  void should_give_each_key_its_own_result_when_keys_take_over_each_others_slots() {
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 100; i++) {
        assertThat(lengths.get("key" + i)).isEqualTo("key" + i + ":" + ("key" + i).length());
      }
    }
    assertThat(computed).as("4 slots cannot hold 100 keys: most were computed again").hasSizeGreaterThan(100);
  }

  @Test
  void should_refuse_a_slot_count_that_is_not_a_power_of_two() {
    assertThatThrownBy(() -> new RecentResults<String, String>(6, k -> k))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
