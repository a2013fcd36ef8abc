package org.csgateway.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import org.csgateway.core.testing.TestExchanges;
import org.junit.jupiter.api.Test;

/** An exchange's attributes: found by their own key only, replaced in place, and as many as the stages declare. */
class ExchangeAttributesTest {
  private final Exchange exchange = TestExchanges.exchange(HttpMethod.GET, "/api/projects");

  @Test
  void should_find_nothing_before_the_first_put() {
    assertThat(exchange.get(AttributeKey.of("absent", String.class))).isNull();
    assertThat(exchange.find(AttributeKey.of("absent", String.class))).isEmpty();
  }

  @Test
  void should_tell_keys_of_the_same_name_apart() {
    AttributeKey<String> first = AttributeKey.of("same", String.class);
    AttributeKey<String> second = AttributeKey.of("same", String.class);

    exchange.put(first, "one");

    assertThat(exchange.get(first)).isEqualTo("one");
    assertThat(exchange.get(second)).isNull();
  }

  @Test
  void should_replace_a_value_put_twice_without_taking_another_place() {
    AttributeKey<Long> nanos = AttributeKey.of("nanos", Long.class);
    List<AttributeKey<Integer>> others = keys(10);

    exchange.put(nanos, 1L);
    exchange.put(nanos, 2L);
    for (AttributeKey<Integer> key : others) {
      exchange.put(key, others.indexOf(key));
    }
    exchange.put(nanos, 3L);

    assertThat(exchange.get(nanos)).isEqualTo(3L);
    for (AttributeKey<Integer> key : others) {
      assertThat(exchange.get(key)).isEqualTo(others.indexOf(key));
    }
  }

  @Test
  void should_keep_more_attributes_than_its_first_room_holds() {
    List<AttributeKey<Integer>> many = keys(17);

    for (int i = 0; i < many.size(); i++) {
      exchange.put(many.get(i), i);
    }

    for (int i = 0; i < many.size(); i++) {
      assertThat(exchange.get(many.get(i))).isEqualTo(i);
    }
    assertThat(exchange.get(AttributeKey.of("never put", Integer.class))).isNull();
  }

  @Test
  void should_refuse_a_null_value_and_a_value_of_another_type() {
    AttributeKey<String> key = AttributeKey.of("text", String.class);
    @SuppressWarnings({"unchecked", "rawtypes"})
    AttributeKey<Object> raw = (AttributeKey) key;

    assertThatThrownBy(() -> exchange.put(key, null)).isInstanceOf(NullPointerException.class);
    exchange.put(raw, 42);
    assertThatThrownBy(() -> exchange.get(key)).isInstanceOf(ClassCastException.class);
  }

  private static List<AttributeKey<Integer>> keys(int count) {
    List<AttributeKey<Integer>> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(AttributeKey.of("key-" + i, Integer.class));
    }
    return keys;
  }
}
