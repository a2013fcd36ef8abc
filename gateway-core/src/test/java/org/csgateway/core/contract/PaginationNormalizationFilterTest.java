package org.csgateway.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.Set;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.routing.AuthMode;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.RouteMatch;
import org.csgateway.core.routing.ScopeMatch;
import org.csgateway.core.testing.TestExchanges;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaginationNormalizationFilterTest {
  private static final Route PROJECTS = new Route(HttpMethod.GET, "/api/projects", AuthMode.SCOPED,
      Set.of("project_read"), ScopeMatch.ANY, true, true);
  private static final Route PRODUCTS = new Route(HttpMethod.GET, "/api/products", AuthMode.SCOPED,
      Set.of("order_read"), ScopeMatch.ANY, true, false);

  private final ErrorResponder errors = new ErrorResponder();
  private final PaginationNormalizationFilter clamping =
      new PaginationNormalizationFilter(PaginationPolicy.defaults(), errors);
  private final PaginationNormalizationFilter rejecting = new PaginationNormalizationFilter(
      new PaginationPolicy(100, PaginationPolicy.OverMaximum.REJECT, 30), errors);

  private static Exchange on(Route route, String uri) {
    Exchange exchange = TestExchanges.exchange(HttpMethod.GET, uri);
    exchange.route(new RouteMatch(route, Map.of(), null));
    return exchange;
  }

  private String forwardedQuery(PaginationNormalizationFilter filter, String uri) {
    RecordingChain chain = RecordingChain.answering(200);
    filter.apply(on(PROJECTS, uri), chain).result();
    return chain.last().upstreamQuery();
  }

  @Nested
  class Parameters {
    @Test
    void should_make_the_defaults_explicit_when_none_are_sent() {
      assertThat(forwardedQuery(clamping, "/api/projects")).isEqualTo("page=1&per_page=30");
    }

    @Test
    void should_forward_per_page_when_the_docs_spelling_per_dash_page_is_sent() {
      assertThat(forwardedQuery(clamping, "/api/projects?per-page=50&page=2")).isEqualTo("page=2&per_page=50");
    }

    @Test
    void should_prefer_per_page_when_both_spellings_are_sent() {
      assertThat(forwardedQuery(clamping, "/api/projects?per-page=50&per_page=20")).isEqualTo("page=1&per_page=20");
    }

    @Test
    void should_forward_equal_queries_when_requests_are_equal_to_the_upstream() {
      assertThat(forwardedQuery(clamping, "/api/projects?per-page=020&page=2&b=2&a=1"))
          .isEqualTo(forwardedQuery(clamping, "/api/projects?a=1&page=2abc&per_page=20&b=2"))
          .isEqualTo("a=1&b=2&page=2&per_page=20");
    }

    @Test
    void should_keep_other_parameters_sorted_with_their_values_untouched() {
      assertThat(forwardedQuery(clamping, "/api/projects?z=1&filter=a%2Cb&page=2&ids%5B%5D=2&ids[]=1&a=x+y&flag"))
          .isEqualTo("a=x+y&filter=a%2Cb&flag&ids%5B%5D=2&ids[]=1&page=2&per_page=30&z=1");
    }

    @Test
    void should_recognise_encoded_names_when_rack_would_decode_them() {
      assertThat(forwardedQuery(clamping, "/api/projects?per%5Fpage=7&p%61ge=%33")).isEqualTo("page=3&per_page=7");
    }

    @Test
    void should_use_the_last_value_when_a_parameter_repeats() {
      assertThat(forwardedQuery(clamping, "/api/projects?page=2&page=5")).isEqualTo("page=5&per_page=30");
    }
  }

  @Nested
  class Garbage {
    @ParameterizedTest(name = "page={0} per_page={1} -> page={2} per_page={3}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "abc    | xyz   | 1 | 30",
        "3abc   | 25x   | 3 | 25",
        "-2     | 0     | 1 | 30",
        "0      | -10   | 1 | 30",
        "''     | ''    | 1 | 30",
        "+4     | +5    | 4 | 5",
        "%20%204 | 1_0  | 4 | 10",
        "1__2   | _5    | 1 | 30",
        "0x10   | 1e2   | 1 | 1",
        "007    | 0030  | 7 | 30",
        "99999999999999999999999 | 3 | 9223372036854775807 | 3"})
    void should_normalize_as_the_upstream_would_when_values_are_not_plain_numbers(
        String page, String perPage, String expectedPage, String expectedPerPage) {
      assertThat(forwardedQuery(clamping, "/api/projects?page=" + page + "&per_page=" + perPage))
          .isEqualTo("page=" + expectedPage + "&per_page=" + expectedPerPage);
    }

    @Test
    void should_treat_a_bare_name_as_zero_when_it_has_no_value() {
      assertThat(forwardedQuery(clamping, "/api/projects?page&per_page")).isEqualTo("page=1&per_page=30");
    }
  }

  @Nested
  class Maximum {
    @Test
    void should_clamp_when_the_size_is_over_the_maximum_and_the_policy_clamps() {
      assertThat(forwardedQuery(clamping, "/api/projects?per_page=1000000")).isEqualTo("page=1&per_page=100");
      assertThat(forwardedQuery(clamping, "/api/projects?per-page=101")).isEqualTo("page=1&per_page=100");
      assertThat(forwardedQuery(clamping, "/api/projects?per_page=100")).isEqualTo("page=1&per_page=100");
    }

    @Test
    void should_answer_422_without_calling_the_chain_when_the_size_is_over_the_maximum_and_the_policy_rejects() {
      RecordingChain chain = RecordingChain.answering(200);

      GatewayResponse response = rejecting.apply(on(PROJECTS, "/api/projects?per-page=500"), chain).result();

      assertThat(chain.calls()).isZero();
      assertThat(response.status()).isEqualTo(422);
      assertThat(response.body().toString())
          .isEqualTo("{\"errors\":[\"per_page must not be greater than 100, was 500\"]}");
    }

    @Test
    void should_pass_when_the_size_is_at_the_maximum_and_the_policy_rejects() {
      assertThat(forwardedQuery(rejecting, "/api/projects?per_page=100")).isEqualTo("page=1&per_page=100");
    }
  }

  @Test
  void should_leave_the_query_untouched_when_the_route_is_not_paginated() {
    RecordingChain chain = RecordingChain.answering(200);

    rejecting.apply(on(PRODUCTS, "/api/products?per-page=5000&page=x"), chain);

    assertThat(chain.last().upstreamQuery()).isEqualTo("per-page=5000&page=x");
  }

  @Test
  void should_leave_the_query_untouched_when_no_route_matched() {
    RecordingChain chain = RecordingChain.answering(200);

    clamping.apply(TestExchanges.exchange(HttpMethod.GET, "/api/unknown?per-page=5000"), chain);

    assertThat(chain.last().upstreamQuery()).isEqualTo("per-page=5000");
  }

  @Test
  void should_reject_inconsistent_settings_when_the_policy_is_created() {
    assertThatThrownBy(() -> new PaginationPolicy(0, PaginationPolicy.OverMaximum.CLAMP, 30))
        .hasMessage("maxPerPage must be positive, was 0");
    assertThatThrownBy(() -> new PaginationPolicy(20, PaginationPolicy.OverMaximum.CLAMP, 30))
        .hasMessage("defaultPerPage must not exceed maxPerPage (20), was 30");
    assertThatThrownBy(() -> new PaginationPolicy(20, PaginationPolicy.OverMaximum.CLAMP, -1))
        .hasMessage("defaultPerPage must be positive, was -1");
  }

  @ParameterizedTest(name = "\"{0}\".to_i = {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "'42' | 42", "'  42abc' | 42", "'-7' | -7", "'+7' | 7", "'abc' | 0", "'' | 0", "'1_000' | 1000",
      "'1__0' | 1", "'_1' | 0", "'\t\n 9' | 9", "'- 5' | 0", "'3.9' | 3"})
  void should_read_numbers_like_ruby_to_i(String text, long expected) {
    assertThat(PaginationNormalizationFilter.rubyToI(text)).isEqualTo(expected);
  }
}
