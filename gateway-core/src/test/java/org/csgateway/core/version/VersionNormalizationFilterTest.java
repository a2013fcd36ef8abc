package org.csgateway.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csgateway.core.contract.RecordingChain;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;
import org.csgateway.core.routing.AuthMode;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.RouteMatch;
import org.csgateway.core.routing.ScopeMatch;
import org.csgateway.core.testing.TestExchanges;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class VersionNormalizationFilterTest {
  private static final Route TOKEN = new Route(HttpMethod.POST, "/api/oauth/token", AuthMode.OAUTH, Set.of(),
      ScopeMatch.NONE, false, false);
  /** RFC 9651 sf-date: "@" and an sf-integer (at most 15 digits, optional minus). */
  private static final Pattern SF_DATE = Pattern.compile("@(-?[0-9]{1,15})");

  private final ErrorResponder errors = new ErrorResponder();
  private final AtomicReference<VersionPolicy> policy = new AtomicReference<>(VersionPolicy.computeStacksDefaults());
  private final VersionNormalizationFilter filter = new VersionNormalizationFilter(policy::get, errors);

  private static Exchange request(String accept) {
    return TestExchanges.exchange(HttpMethod.GET, "/api/projects", "Accept", accept);
  }

  private static Instant structuredFieldDate(String value) {
    Matcher m = SF_DATE.matcher(value);
    assertThat(m.matches()).as("structured-field date: %s", value).isTrue();
    return Instant.ofEpochSecond(Long.parseLong(m.group(1)));
  }

  @Test
  void should_stand_in_the_normalize_stage() {
    assertThat(filter.stage()).isEqualTo(Stage.NORMALIZE);
    assertThat(filter.id()).isEqualTo("version");
  }

  @Nested
  class Unsupported {
    @Test
    void should_answer_422_without_calling_the_chain_when_the_version_is_unknown() {
      RecordingChain chain = RecordingChain.answering(200);

      GatewayResponse response = filter.apply(request("application/json; api_version=93"), chain).result();

      assertThat(chain.calls()).isZero();
      assertThat(response.status()).isEqualTo(422);
      assertThat(response.headers().get("API-Version-Supported")).isEqualTo("false");
      assertThat(response.headers().get("API-Available-Versions"))
          .isEqualTo("51, 52, 53, 54, 60, 61, 62, 65, 70, 71, 80");
      assertThat(response.headers().get(HttpHeaders.CONTENT_TYPE)).startsWith("application/json");
      assertThat(response.body().toJsonObject())
          .isEqualTo(new JsonObject().put("errors", List.of("You requested an unsupported version (93)")));
    }

    @Test
    void should_answer_422_without_calling_the_chain_when_the_version_is_obsolete() {
      RecordingChain chain = RecordingChain.answering(200);
      Exchange exchange = request("application/json; api_version=40;");

      GatewayResponse response = filter.apply(exchange, chain).result();

      assertThat(chain.calls()).isZero();
      assertThat(response.status()).isEqualTo(422);
      assertThat(response.body().toString()).isEqualTo("{\"errors\":[\"You requested an unsupported version (40)\"]}");
      assertThat(exchange.get(ApiVersion.KEY)).isNull();
    }

    @Test
    void should_name_the_number_without_the_upstream_quirk_when_the_header_ends_with_a_semicolon() {
      policy.set(new VersionPolicy(80, Set.of(80), Set.of(), Set.of(65), DeprecationDates.UNKNOWN, Map.of()));

      GatewayResponse response =
          filter.apply(request("application/json; api_version=65;"), RecordingChain.answering(200)).result();

      assertThat(response.body().toString()).contains("(65)").doesNotContain("(65;)");
    }
  }

  @Nested
  class Deprecated {
    @Test
    void should_forward_and_mark_the_answer_when_the_version_is_deprecated() {
      RecordingChain chain = RecordingChain.answering(200);

      GatewayResponse response = filter.apply(request("application/json; api_version=60"), chain).result();

      assertThat(chain.calls()).isOne();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers().get("API-Deprecated")).isEqualTo("true");
      assertThat(structuredFieldDate(response.headers().get("Deprecation"))).isEqualTo(Instant.EPOCH);
      assertThat(response.headers().get("Sunset")).isNull();
    }

    @Test
    void should_send_the_configured_dates_when_the_policy_has_them() {
      Instant since = Instant.parse("2024-03-01T00:00:00Z");
      Instant sunset = Instant.parse("2026-01-05T12:30:00Z");
      Instant sunset61 = Instant.parse("2025-06-30T00:00:00Z");
      policy.set(new VersionPolicy(80, Set.of(80), Set.of(60, 61), Set.of(), new DeprecationDates(since, sunset),
          Map.of(61, new DeprecationDates(null, sunset61))));

      GatewayResponse for60 = filter.apply(request("application/json; api_version=60"),
          RecordingChain.answering(200)).result();
      GatewayResponse for61 = filter.apply(request("application/json; api_version=61"),
          RecordingChain.answering(200)).result();

      assertThat(structuredFieldDate(for60.headers().get("Deprecation"))).isEqualTo(since);
      assertThat(ZonedDateTime.parse(for60.headers().get("Sunset"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
          .isEqualTo(sunset);
      assertThat(for60.headers().get("Sunset")).isEqualTo("Mon, 05 Jan 2026 12:30:00 GMT");
      assertThat(structuredFieldDate(for61.headers().get("Deprecation"))).isEqualTo(Instant.EPOCH);
      assertThat(ZonedDateTime.parse(for61.headers().get("Sunset"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
          .isEqualTo(sunset61);
    }

    @Test
    void should_mark_the_gateways_own_refusals_too_when_the_version_is_deprecated() {
      RecordingChain chain = RecordingChain.answering(exchange -> errors.response(
          new GatewayException(401, "UNAUTHORIZED", "Not Authorized")));

      GatewayResponse response = filter.apply(request("application/json; api_version=70"), chain).result();

      assertThat(response.status()).isEqualTo(401);
      assertThat(response.headers().get("API-Deprecated")).isEqualTo("true");
    }

    @Test
    void should_set_one_deprecation_header_when_the_upstream_sent_its_own() {
      RecordingChain chain = RecordingChain.answering(200, "API-Deprecated", "true");

      GatewayResponse response = filter.apply(request("application/json; api_version=70"), chain).result();

      assertThat(response.headers().getAll("API-Deprecated")).containsExactly("true");
    }

    @Test
    void should_add_nothing_when_the_version_is_current() {
      GatewayResponse response = filter.apply(request("application/json; api_version=80"),
          RecordingChain.answering(200)).result();

      assertThat(response.headers().contains("API-Deprecated")).isFalse();
      assertThat(response.headers().contains("Deprecation")).isFalse();
    }
  }

  @Nested
  class Upstream {
    @Test
    void should_send_exactly_one_canonical_accept_when_the_client_sent_several_lines() {
      Exchange exchange = TestExchanges.exchange(HttpMethod.GET, "/api/projects",
          "Accept", "text/html", "Accept", "application/json;q=0.9;api_version=061");
      RecordingChain chain = RecordingChain.answering(200);

      filter.apply(exchange, chain);

      assertThat(chain.last().upstreamHeaders().getAll(HttpHeaders.ACCEPT))
          .containsExactly("application/json; api_version=61");
      assertThat(exchange.request().headers().getAll(HttpHeaders.ACCEPT)).hasSize(2);
    }

    @Test
    void should_fill_in_the_default_when_no_version_is_named() {
      Exchange exchange = TestExchanges.exchange(HttpMethod.GET, "/api/projects");
      RecordingChain chain = RecordingChain.answering(200);

      filter.apply(exchange, chain);

      assertThat(exchange.get(ApiVersion.KEY)).isEqualTo(new ApiVersion(80, ApiFormat.JSON, false));
      assertThat(chain.last().upstreamHeaders().get(HttpHeaders.ACCEPT)).isEqualTo("application/json; api_version=80");
    }

    @Test
    void should_judge_by_the_policy_in_force_when_it_was_swapped() {
      RecordingChain chain = RecordingChain.answering(200);
      policy.set(VersionPolicy.computeStacksDefaults().withAvailable(List.of(80, 90)));

      GatewayResponse response = filter.apply(request("application/json; api_version=90"), chain).result();

      assertThat(response.status()).isEqualTo(200);
      assertThat(chain.last().get(ApiVersion.KEY).number()).isEqualTo(90);
    }

    @Test
    void should_leave_oauth_endpoints_untouched_when_the_route_is_an_oauth_one() {
      Exchange exchange = TestExchanges.exchange(HttpMethod.POST, "/api/oauth/token",
          "Accept", "application/json; api_version=40");
      exchange.route(new RouteMatch(TOKEN, Map.of(), null));
      RecordingChain chain = RecordingChain.answering(200);

      GatewayResponse response = filter.apply(exchange, chain).result();

      assertThat(response.status()).isEqualTo(200);
      assertThat(chain.last().upstreamHeaders().get(HttpHeaders.ACCEPT)).isEqualTo("application/json; api_version=40");
      assertThat(exchange.get(ApiVersion.KEY)).isNull();
    }
  }
}
