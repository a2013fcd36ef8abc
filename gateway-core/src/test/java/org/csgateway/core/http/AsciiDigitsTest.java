package org.csgateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** HTTP's DIGIT: ASCII 0-9 only. */
class AsciiDigitsTest {
  @Test
  void should_accept_ascii_digits_and_the_empty_sequence() {
    assertThat(AsciiDigits.only("0123456789")).isTrue();
    assertThat(AsciiDigits.only("")).isTrue();
  }

  @Test
  void should_refuse_anything_else_including_digits_of_other_scripts() {
    assertThat(AsciiDigits.only("80x")).isFalse();
    assertThat(AsciiDigits.only("-1")).isFalse();
    assertThat(AsciiDigits.only(" 1")).isFalse();
    assertThat(AsciiDigits.only("\u0663")).as("ARABIC-INDIC DIGIT THREE, a digit to Character.isDigit").isFalse();
  }
}
