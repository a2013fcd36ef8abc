package org.csgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalQueryTest {
  @Test
  void should_sort_by_name_and_keep_the_order_of_repeated_names() {
    assertThat(CanonicalQuery.of("b=1&a[]=2&c=3&a[]=1", false)).isEqualTo("a[]=2&a[]=1&b=1&c=3");
    assertThat(CanonicalQuery.of("a[]=1&c=3&a[]=2", false)).isNotEqualTo(CanonicalQuery.of("a[]=2&a[]=1&c=3", false));
  }

  @Test
  void should_drop_credentials_even_when_their_names_are_escaped() {
    assertThat(CanonicalQuery.of("access%5Ftoken=x&q=1&bearer_token=y", false)).isEqualTo("q=1");
  }

  @Test
  void should_apply_the_last_page_value_as_rails_does() {
    assertThat(CanonicalQuery.of("page=2&page=3", true)).isEqualTo(CanonicalQuery.of("page=3", true));
    assertThat(CanonicalQuery.of("page=3&page=2", true)).isEqualTo("page=2&per_page=30");
  }

  @Test
  void should_keep_what_it_cannot_read_with_certainty_as_sent() {
    assertThat(CanonicalQuery.of("page=abc", true)).isEqualTo("page=abc&per_page=30");
    assertThat(CanonicalQuery.of("b=1;a=2", false)).isEqualTo("raw:b=1;a=2");
    assertThat(CanonicalQuery.of("a=1;b=2", false)).isNotEqualTo(CanonicalQuery.of("b=2;a=1", false));
    assertThat(CanonicalQuery.of("%zz=1&a=2", false)).isEqualTo("raw:%zz=1&a=2");
  }

  @Test
  void should_leave_pagination_alone_on_routes_that_are_not_paginated() {
    assertThat(CanonicalQuery.of(null, false)).isEmpty();
    assertThat(CanonicalQuery.of("page=1", false)).isEqualTo("page=1");
  }
}
