package org.csgateway.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.csgateway.core.contract.RecordingChain;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.routing.AuthMode;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.RouteMatch;
import org.csgateway.core.routing.ScopeMatch;
import org.csgateway.core.testing.TestExchanges;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the gateway makes of many {@code Accept} forms under the shipped policy: either the version and format it
 * forwards (checked on the canonical upstream header and the exchange attribute), or the 422 and the number it
 * names.
 */
class VersionNegotiationTableTest {
  private static final Route PROJECTS = new Route(HttpMethod.GET, "/api/projects", AuthMode.SCOPED,
      Set.of("project_read"), ScopeMatch.ANY, true, true);

  private final VersionNormalizationFilter filter =
      new VersionNormalizationFilter(VersionPolicy::computeStacksDefaults, new ErrorResponder());

  static Stream<Arguments> acceptForms() {
    return Stream.of(
        // missing, empty and wildcards
        Arguments.of(null, null, "80 json"),
        Arguments.of("", null, "80 json"),
        Arguments.of("*/*", null, "80 json"),
        Arguments.of("application/json", null, "80 json"),
        Arguments.of("*/*;api_version=70", null, "70 json deprecated"),
        Arguments.of("application/*;api_version=71", null, "71 json deprecated"),
        // the parameter, spelled every way
        Arguments.of("application/json; api_version=60", null, "60 json deprecated"),
        Arguments.of("application/json;api_version=60", null, "60 json deprecated"),
        Arguments.of("application/json; api_version=60;", null, "60 json deprecated"),
        Arguments.of("application/json ; api_version = 60", null, "60 json deprecated"),
        Arguments.of("\tapplication/json\t;\tapi_version=53\t", null, "53 json deprecated"),
        Arguments.of("APPLICATION/JSON; API_VERSION=60", null, "60 json deprecated"),
        Arguments.of("application/json;Api_Version=62", null, "62 json deprecated"),
        Arguments.of("application/json; api_version=\"60\"", null, "60 json deprecated"),
        Arguments.of("application/json; api_version=\"6\\0\"", null, "60 json deprecated"),
        Arguments.of("application/json; q=1.0; api_version=52", null, "52 json deprecated"),
        Arguments.of("application/json; api_version=65", null, "65 json deprecated"),
        Arguments.of("application/json;api_version=60;api_version=70", null, "60 json deprecated"),
        // leading zeros
        Arguments.of("application/json; api_version=080", null, "80 json"),
        Arguments.of("application/json; api_version=0080", null, "80 json"),
        Arguments.of("application/json; api_version=00000000000000000081", null, "422 (81)"),
        // values that are no number: missing, so the default
        Arguments.of("application/json; api_version=abc", null, "80 json"),
        Arguments.of("application/json; api_version=-5", null, "80 json"),
        Arguments.of("application/json; api_version=6 0", null, "80 json"),
        Arguments.of("application/json; api_version=", null, "80 json"),
        Arguments.of("application/json; api_version=\"60", null, "80 json"),
        // refused: unknown, too high, obsolete, huge
        Arguments.of("application/json; api_version=93", null, "422 (93)"),
        Arguments.of("application/json; api_version=55", null, "422 (55)"),
        Arguments.of("application/json; api_version=40", null, "422 (40)"),
        Arguments.of("application/json; api_version=50", null, "422 (50)"),
        Arguments.of("application/json; api_version=0", null, "422 (0)"),
        Arguments.of("application/json; api_version=99999999999", null, "422 (99999999999)"),
        // XML
        Arguments.of("application/xml; api_version=70", null, "70 xml deprecated"),
        Arguments.of("text/xml; api_version=70", null, "70 xml deprecated"),
        Arguments.of("application/xml, application/json", null, "80 xml"),
        Arguments.of("application/json, application/xml", null, "80 json"),
        // several ranges and q-values
        Arguments.of("application/xml;q=0.5;api_version=70, application/json;api_version=60", null,
            "60 json deprecated"),
        Arguments.of("application/json;q=0.5;api_version=60, application/xml;api_version=70", null,
            "70 xml deprecated"),
        Arguments.of("application/json;api_version=60,application/json;api_version=70;q=0.9", null,
            "60 json deprecated"),
        Arguments.of("application/json;api_version=70;q=0.9,application/json;api_version=60", null,
            "60 json deprecated"),
        Arguments.of("application/json;api_version=60, */*;api_version=70", null, "60 json deprecated"),
        Arguments.of("text/html, application/json;api_version=61", null, "61 json deprecated"),
        Arguments.of("text/html;api_version=40, application/json", null, "80 json"),
        // q=0 excludes
        Arguments.of("application/json;api_version=60;q=0, application/xml;api_version=70;q=0.1", null,
            "70 xml deprecated"),
        Arguments.of("application/json;q=0;api_version=60", null, "80 json"),
        Arguments.of("application/json;q=0, */*;api_version=54", null, "54 xml deprecated"),
        // garbage
        Arguments.of("garbage", null, "80 json"),
        Arguments.of(";;;,,,=\"", null, "80 json"),
        Arguments.of("text/plain", null, "80 json"),
        Arguments.of("application/json; q=abc; api_version=60", null, "80 json"),
        Arguments.of("application/json; q=2; api_version=60", null, "80 json"),
        Arguments.of("*/json; api_version=60", null, "80 json"),
        // a path suffix wins over Accept for the format
        Arguments.of("application/json; api_version=60", "xml", "60 xml deprecated"),
        Arguments.of("application/xml; api_version=70", "json", "70 json deprecated"),
        Arguments.of(null, "xml", "80 xml"));
  }

  @ParameterizedTest(name = "[{index}] Accept: {0} (suffix {1}) -> {2}")
  @MethodSource("acceptForms")
  void should_yield_the_expected_version_and_format_when_accept_has_this_form(
      String accept, String suffix, String expected) {
    Exchange exchange = accept == null
        ? TestExchanges.exchange(HttpMethod.GET, "/api/projects")
        : TestExchanges.exchange(HttpMethod.GET, "/api/projects", "Accept", accept);
    exchange.route(new RouteMatch(PROJECTS, Map.of(), suffix));
    RecordingChain chain = RecordingChain.answering(200);

    GatewayResponse response = filter.apply(exchange, chain).result();

    if (expected.startsWith("422")) {
      assertThat(chain.calls()).isZero();
      assertThat(response.status()).isEqualTo(422);
      assertThat(response.body().toJsonObject().getJsonArray("errors").getString(0))
          .isEqualTo("You requested an unsupported version " + expected.substring(4));
      return;
    }
    String[] parts = expected.split(" ");
    int number = Integer.parseInt(parts[0]);
    ApiFormat format = ApiFormat.valueOf(parts[1].toUpperCase());
    boolean deprecated = parts.length > 2;
    assertThat(exchange.get(ApiVersion.KEY)).isEqualTo(new ApiVersion(number, format, deprecated));
    assertThat(chain.last().upstreamHeaders().getAll(HttpHeaders.ACCEPT))
        .containsExactly(format.mediaType() + "; api_version=" + number);
    assertThat(response.headers().get(VersionNormalizationFilter.DEPRECATED)).isEqualTo(deprecated ? "true" : null);
  }
}
