package org.csgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MissCounterTest {
  private final MissCounter counter = new MissCounter(1024);

  @Test
  void should_count_the_misses_of_each_key_apart() {
    long page1 = 0x1234_5678_9abc_d001L;
    long page2 = 0x7777_0000_1111_2002L;

    assertThat(counter.increment(page1)).isEqualTo(1);
    assertThat(counter.increment(page2)).isEqualTo(1);
    assertThat(counter.increment(page1)).isEqualTo(2);
    assertThat(counter.increment(page1)).isEqualTo(3);
    assertThat(counter.increment(page2)).isEqualTo(2);
  }

  @Test
  void should_start_a_key_again_from_one_when_another_key_took_its_slot() {
    long key = 0xaaaa_0000_0000_0005L;
    long sameSlot = 0xbbbb_0000_0000_0005L; // same low bits, another fingerprint

    counter.increment(key);
    counter.increment(key);
    assertThat(counter.increment(sameSlot)).isEqualTo(1);

    assertThat(counter.increment(key)).isEqualTo(1);
  }

  @Test
  void should_count_apart_keys_that_differ_in_the_low_byte_or_share_a_slot() {
    long key = 0x0101_0101_0101_0000L;

    counter.increment(key);

    assertThat(counter.increment(key | 0x01)).isEqualTo(1); // other low byte: another slot, counted apart
    assertThat(counter.increment(key + 0x1_0000_0000_0000L)).isEqualTo(1); // same slot, other tag
  }

  @Test
  void should_stop_counting_at_the_largest_count_a_slot_keeps() {
    long key = 42;
    for (int i = 0; i < 300; i++) {
      counter.increment(key);
    }

    assertThat(counter.increment(key)).isEqualTo(MissCounter.MAX_COUNT);
  }

  @Test
  void should_size_the_table_to_a_power_of_two_from_the_byte_bound() {
    assertThat(new MissCounter(1000).slots()).isEqualTo(1024);
    assertThat(new MissCounter(1024).slots()).isEqualTo(1024);
    assertThat(MissCounter.sizedFor(32L << 20).slots()).isEqualTo(32768);
    assertThat(MissCounter.sizedFor(1 << 10).slots()).isEqualTo(1024);
    assertThat(MissCounter.sizedFor(1L << 40).slots()).isEqualTo(1 << 20);
  }
}
