package org.csgateway.core.version;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.pipeline.Answers;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;
import org.csgateway.core.routing.AuthMode;
import org.csgateway.core.routing.RouteMatch;

/**
 * Negotiates the API version and format of every request (see {@link RequestedVersion}), judges it against the
 * current {@link VersionPolicy}, and either refuses it or sends the upstream exactly one canonical
 * {@code Accept: application/json; api_version=N} (or {@code application/xml}). The result goes on the exchange as
 * {@link ApiVersion#KEY}.
 *
 * <ul>
 *   <li>Unsupported or obsolete: 422 {@code {"errors":["You requested an unsupported version (N)"]}} with
 *       {@code API-Version-Supported: false} and {@code API-Available-Versions: 51, 52, ..., 80}, answered here,
 *       before authentication and without reaching the upstream. N is the number as digits, never the
 *       upstream's {@code (65;)} parsing quirk.
 *   <li>Deprecated: forwarded; every answer gets {@code API-Deprecated: true}, {@code Deprecation: @<epoch-seconds>}
 *       (RFC 9745; {@code @0} when no date is configured: deprecated since an unknown time) and, when configured,
 *       {@code Sunset: <HTTP-date>} (RFC 8594).
 * </ul>
 *
 * OAuth endpoints ({@link AuthMode#OAUTH}) are not versioned API calls and pass untouched.
 */
public final class VersionNormalizationFilter implements GatewayFilter {
  /** The upstream's rejection header. */
  public static final String VERSION_SUPPORTED = "API-Version-Supported";
  /** The accepted versions, as the upstream's {@code GET /api/version} names them ({@code api_available_versions}). */
  public static final String AVAILABLE_VERSIONS = "API-Available-Versions";
  public static final String DEPRECATED = "API-Deprecated";
  public static final String DEPRECATION = "Deprecation";
  public static final String SUNSET = "Sunset";

  private static final System.Logger LOG = System.getLogger(VersionNormalizationFilter.class.getName());
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  /** Longer digit strings cannot be an int, let alone an accepted version. */
  private static final int MAX_DIGITS = 9;

  private final Supplier<VersionPolicy> policy;
  private final ErrorResponder errors;
  private final NegotiationMemo negotiations = new NegotiationMemo();

  /**
   * @param policy the current policy, read once per request: a fixed one, or {@link VersionDiscovery}
   * @param errors writes the 422
   */
  public VersionNormalizationFilter(Supplier<VersionPolicy> policy, ErrorResponder errors) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  @Override
  public String id() {
    return "version";
  }

  @Override
  public Stage stage() {
    return Stage.NORMALIZE;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    RouteMatch route = exchange.route();
    if (route != null && route.route().auth() == AuthMode.OAUTH) {
      return chain.proceed(exchange);
    }
    VersionPolicy current = policy.get();
    List<String> accept = exchange.request().headers().getAll(HttpHeaders.ACCEPT);
    // Clients send one Accept line: its value is the memo's key as it is, with no joined copy made per request.
    String acceptValue = accept.isEmpty() ? null : accept.size() == 1 ? accept.get(0) : String.join(", ", accept);
    RequestedVersion requested =
        negotiations.negotiate(acceptValue, ApiFormat.ofSuffix(route == null ? null : route.format()));
    String digits = requested.digits();
    int number = digits == null ? current.defaultVersion()
        : digits.length() > MAX_DIGITS ? -1 : Integer.parseInt(digits);
    VersionPolicy.Status status = number < 0 ? VersionPolicy.Status.UNSUPPORTED : current.status(number);
    if (status == VersionPolicy.Status.UNSUPPORTED) {
      LOG.log(System.Logger.Level.DEBUG, "Refused API version {0} on {1} (request {2})",
          digits, exchange.routeId(), exchange.requestId());
      return Future.succeededFuture(unsupported(digits, current));
    }
    ApiVersion version = new ApiVersion(number, requested.format(), status == VersionPolicy.Status.DEPRECATED);
    exchange.put(ApiVersion.KEY, version);
    exchange.upstreamHeaders().set(HttpHeaders.ACCEPT, version.acceptHeader());
    Future<GatewayResponse> answer = chain.proceed(exchange);
    if (!version.deprecated()) {
      return answer;
    }
    DeprecationDates dates = current.datesFor(number);
    return Answers.map(answer, response -> markDeprecated(response, dates));
  }

  private GatewayResponse unsupported(String digits, VersionPolicy current) {
    MultiMap headers = HttpHeaders.headers()
        .set(VERSION_SUPPORTED, "false")
        .set(AVAILABLE_VERSIONS, current.available().stream().map(String::valueOf).collect(Collectors.joining(", ")));
    return errors.response(422, headers, List.of("You requested an unsupported version (" + digits + ")"));
  }

  private static GatewayResponse markDeprecated(GatewayResponse response, DeprecationDates dates) {
    Instant since = dates.deprecation() == null ? Instant.EPOCH : dates.deprecation();
    response.headers().set(DEPRECATED, "true").set(DEPRECATION, "@" + since.getEpochSecond());
    if (dates.sunset() != null) {
      response.headers().set(SUNSET, HTTP_DATE.format(dates.sunset()));
    }
    return response;
  }
}
