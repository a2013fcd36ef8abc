package org.csgateway.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The memo answers exactly what negotiation answers, from memory for values it has seen, within a fixed bound. */
class NegotiationMemoTest {
  private static final List<String> VALUES = List.of(
      "application/json; api_version=80", "application/xml; api_version=70", "text/xml;api_version=75",
      "application/json;q=0.5, application/xml;api_version=72", "*/*", "application/*; api_version=0071", "",
      "application/json; api_version=abc", "application/json;q=0");

  @Test
  void should_answer_as_negotiation_does_for_every_value_and_suffix_format() {
    NegotiationMemo memo = new NegotiationMemo();
    for (int round = 0; round < 2; round++) { // the second round is answered from memory
      for (String accept : VALUES) {
        for (ApiFormat suffix : new ApiFormat[] {null, ApiFormat.JSON, ApiFormat.XML}) {
          assertThat(memo.negotiate(accept, suffix)).as("%s with suffix %s", accept, suffix)
              .isEqualTo(RequestedVersion.negotiate(accept, suffix));
        }
      }
    }
  }

  @Test
  void should_answer_a_value_seen_lately_from_memory() {
    NegotiationMemo memo = new NegotiationMemo();
    RequestedVersion first = memo.negotiate("application/json; api_version=80", null);

    assertThat(memo.negotiate(new String("application/json; api_version=80"), null)).isSameAs(first);
    assertThat(memo.negotiate("application/json; api_version=80", ApiFormat.XML))
        .as("the suffix is part of what is remembered").isNotSameAs(first)
        .isEqualTo(new RequestedVersion(ApiFormat.XML, "80"));
  }

  @Test
  void should_negotiate_longValuevalues_each_time_and_stay_right_when_values_crowd_the_slots() {
    NegotiationMemo memo = new NegotiationMemo();
    String longValue = "application/json; api_version=80; x=" + "a".repeat(NegotiationMemo.MAX_REMEMBERED);
    assertThat(memo.negotiate(longValue, null)).isNotSameAs(memo.negotiate(longValue, null))
        .isEqualTo(new RequestedVersion(ApiFormat.JSON, "80"));

    List<String> many = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      many.add("application/json; api_version=" + i);
    }
    for (int round = 0; round < 2; round++) {
      for (String accept : many) {
        assertThat(memo.negotiate(accept, null).digits()).isEqualTo(accept.substring(accept.indexOf('=') + 1));
      }
    }
  }
}
