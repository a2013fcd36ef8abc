package org.csgateway.app.e2e.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.csgateway.app.sandbox.RecordedRequest;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, versions, through the real gateway in front of the sandbox: unsupported and obsolete versions are refused
 * at the gateway before authentication and never reach the sandbox; deprecated ones are forwarded and marked with
 * {@code API-Deprecated}, an RFC 9745 {@code Deprecation} and the configured {@code Sunset}; whatever form the
 * client's {@code Accept} takes, the sandbox receives one canonical {@code application/json; api_version=N}.
 */
@ExtendWith(VertxExtension.class)
class VersionNegotiationEndToEndTest {
  private static final Instant DEPRECATED_SINCE = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant SUNSET = Instant.parse("2027-06-30T12:00:00Z");
  private static final Instant DEPRECATED_71_SINCE = Instant.parse("2025-03-01T00:00:00Z");
  private static final Instant SUNSET_71 = Instant.parse("2026-12-31T00:00:00Z");
  /** The upstream's accepted versions (deprecated and supported), as the shipped policy has them. */
  private static final String AVAILABLE = "51, 52, 53, 54, 60, 61, 62, 65, 70, 71, 80";
  private static final String PROJECTS = "/api/projects?per_page=1";

  private static TestGateway gateway;
  private static ContractHttp http;

  @BeforeAll
  static void start(Vertx vertx) {
    gateway = TestGateway.start(vertx, TestGateway.SANDBOX_YAML + """
        versions:
          deprecation: {deprecation: "2024-01-01T00:00:00Z", sunset: "2027-06-30T12:00:00Z"}
          deprecationByVersion:
            71: {deprecation: "2025-03-01T00:00:00Z", sunset: "2026-12-31T00:00:00Z"}
        """);
    http = new ContractHttp(vertx);
  }

  @AfterAll
  static void stop() {
    http.close();
    gateway.close();
  }

  @BeforeEach
  void forgetRequests() {
    gateway.sandbox().clearRecordedRequests();
  }

  private static ContractHttp.Request projects(String accept) {
    ContractHttp.Request request = http.to(gateway.ports().proxy(), HttpMethod.GET, PROJECTS);
    return accept == null ? request : request.header("Accept", accept);
  }

  /** The {@code Accept} lines of the one request the sandbox received since the last clear. */
  private static List<String> acceptReceivedBySandbox() {
    List<RecordedRequest> received = gateway.sandbox().recentRequests();
    assertThat(received).as("requests that reached the sandbox").hasSize(1);
    assertThat(received.get(0).uri()).startsWith("/api/projects");
    return received.get(0).headers("Accept");
  }

  private static Instant httpDate(String value) {
    return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
  }

  @Nested
  class Refused {
    @ParameterizedTest(name = "api_version={0}, credential: {1}")
    @CsvSource({"93, true", "93, false", "40, true", "40, false"})
    void should_answer_422_before_authentication_without_reaching_the_sandbox_when_the_version_is_not_accepted(
        int version, boolean withCredential) {
      long before = gateway.sandbox().stats().totalRequests();
      ContractHttp.Request request = projects("application/json; api_version=" + version);

      ContractHttp.Reply reply = (withCredential ? request.asDemo() : request).send();

      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.header("API-Version-Supported")).isEqualTo("false");
      assertThat(reply.header("API-Available-Versions")).isEqualTo(AVAILABLE);
      assertThat(reply.header("Content-Type")).startsWith("application/json");
      assertThat(reply.json()).isEqualTo(new JsonObject()
          .put("errors", List.of("You requested an unsupported version (" + version + ")")));
      assertThat(gateway.sandbox().stats().totalRequests()).as("requests that reached the sandbox")
          .isEqualTo(before);
      assertThat(gateway.sandbox().recentRequests()).isEmpty();
    }

    @Test
    void should_name_the_bare_number_when_the_header_ends_with_a_semicolon() {
      long before = gateway.sandbox().stats().totalRequests();

      ContractHttp.Reply reply = projects("application/json; api_version=93;").asDemo().send();

      // The upstream would say "(93;)": it splits the raw header on "; " and "=".
      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.json().getJsonArray("errors").getList())
          .containsExactly("You requested an unsupported version (93)");
      assertThat(gateway.sandbox().stats().totalRequests()).isEqualTo(before);
    }
  }

  @Nested
  class Deprecated {
    @Test
    void should_forward_the_canonical_accept_and_mark_the_answer_when_the_version_is_deprecated() {
      ContractHttp.Reply reply = projects("application/json; api_version=60").asDemo().send();

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().getJsonArray("projects")).hasSize(1);
      assertThat(reply.header("API-Deprecated")).isEqualTo("true");
      assertThat(StructuredFieldDate.parse(reply.header("Deprecation"))).isEqualTo(DEPRECATED_SINCE);
      assertThat(httpDate(reply.header("Sunset"))).isEqualTo(SUNSET);
      assertThat(acceptReceivedBySandbox()).containsExactly("application/json; api_version=60");
    }

    @Test
    void should_send_a_versions_own_dates_when_the_yaml_names_that_version() {
      ContractHttp.Reply reply = projects("application/json; api_version=71").asDemo().send();

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header("API-Deprecated")).isEqualTo("true");
      assertThat(StructuredFieldDate.parse(reply.header("Deprecation"))).isEqualTo(DEPRECATED_71_SINCE);
      assertThat(httpDate(reply.header("Sunset"))).isEqualTo(SUNSET_71);
    }

    @Test
    void should_add_no_deprecation_headers_when_the_version_is_supported() {
      ContractHttp.Reply reply = projects("application/json; api_version=80").asDemo().send();

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header("API-Deprecated")).isNull();
      assertThat(reply.header("Deprecation")).isNull();
      assertThat(reply.header("Sunset")).isNull();
    }
  }

  @Nested
  class Negotiation {
    /**
     * Client {@code Accept} forms and the one line the sandbox must receive. The comments say what the sandbox alone
     * (VersionCake's unanchored {@code /api_version=([0-9]+)/}) would have made of the raw header.
     */
    static Stream<Arguments> acceptForms() {
      return Stream.of(
          Arguments.of(null, "application/json; api_version=80"),
          Arguments.of("application/json", "application/json; api_version=80"),
          Arguments.of("*/*", "application/json; api_version=80"),
          Arguments.of("application/json;api_version=61", "application/json; api_version=61"),
          // upper case: the regex finds nothing, 80
          Arguments.of("APPLICATION/JSON; API_VERSION=62", "application/json; api_version=62"),
          // quoted: the regex finds nothing, 80
          Arguments.of("application/json; api_version=\"65\"", "application/json; api_version=65"),
          Arguments.of("application/json ; api_version = 70", "application/json; api_version=70"),
          Arguments.of("application/json; api_version=080", "application/json; api_version=80"),
          // q-values: the regex takes the first, 60
          Arguments.of("application/json; q=0.5; api_version=60, application/json; api_version=71",
              "application/json; api_version=71"),
          Arguments.of("text/html, application/json;q=0.9;api_version=54", "application/json; api_version=54"),
          Arguments.of("application/xml;q=0, */*; api_version=53", "application/json; api_version=53"),
          Arguments.of("application/xml; api_version=70; q=0.9, application/json; api_version=61; q=0.4",
              "application/xml; api_version=70"),
          Arguments.of("application/json; api_version=abc", "application/json; api_version=80"));
    }

    @ParameterizedTest(name = "Accept: {0} -> {1}")
    @MethodSource("acceptForms")
    void should_forward_one_canonical_accept_when_the_client_sends_any_form(String accept, String forwarded) {
      ContractHttp.Reply reply = projects(accept).asDemo().send();

      assertThat(reply.status()).isEqualTo(200);
      assertThat(acceptReceivedBySandbox()).containsExactly(forwarded);
    }

    @Test
    void should_forward_one_line_when_the_client_sends_several_accept_lines() {
      ContractHttp.Reply reply = projects("text/html").header("Accept", "application/json; api_version=65")
          .asDemo().send();

      assertThat(reply.status()).isEqualTo(200);
      assertThat(acceptReceivedBySandbox()).containsExactly("application/json; api_version=65");
    }
  }
}
