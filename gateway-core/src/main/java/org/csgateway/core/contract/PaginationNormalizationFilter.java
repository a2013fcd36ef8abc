package org.csgateway.core.contract;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;
import org.csgateway.core.routing.RouteMatch;

/**
 * Makes the pagination parameters of requests on paginated routes explicit and canonical, so that requests the
 * upstream treats alike look alike (to the cache, and in {@code Link} URLs): {@code page} and {@code per_page} are
 * read as the upstream reads them (Ruby {@code to_i}: "3abc" is 3, "abc" is 0; a page below 1 becomes 1, a size
 * below 1 the default), the docs' {@code per-page} spelling is accepted ({@code per_page} wins when both are sent),
 * a size over the maximum is clamped or refused with 422, and the query is rewritten as the other parameters
 * (values untouched) plus {@code page=N&per_page=M}, sorted by name, repeated names in their order.
 * Routes that do not paginate pass untouched.
 */
public final class PaginationNormalizationFilter implements GatewayFilter {
  private static final System.Logger LOG = System.getLogger(PaginationNormalizationFilter.class.getName());
  private static final String PAGE = "page";
  private static final String PER_PAGE = "per_page";
  private static final String PER_PAGE_DOCS = "per-page";

  private final PaginationPolicy policy;
  private final ErrorResponder errors;

  public PaginationNormalizationFilter(PaginationPolicy policy, ErrorResponder errors) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  @Override
  public String id() {
    return "pagination";
  }

  @Override
  public Stage stage() {
    return Stage.NORMALIZE;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    RouteMatch route = exchange.route();
    if (route == null || !route.route().paginated()) {
      return chain.proceed(exchange);
    }
    List<QueryParameters.Parameter> others = new ArrayList<>();
    String page = null;
    String perPage = null;
    String perPageDocs = null;
    for (QueryParameters.Parameter p : QueryParameters.parse(exchange.upstreamQuery())) {
      switch (p.name()) {
        case PAGE -> page = valueOf(p);
        case PER_PAGE -> perPage = valueOf(p);
        case PER_PAGE_DOCS -> perPageDocs = valueOf(p);
        default -> others.add(p);
      }
    }
    long pageNumber = Math.max(1, rubyToI(page));
    long size = rubyToI(perPage != null ? perPage : perPageDocs);
    if (size <= 0) {
      size = policy.defaultPerPage();
    } else if (size > policy.maxPerPage()) {
      if (policy.overMaximum() == PaginationPolicy.OverMaximum.REJECT) {
        LOG.log(System.Logger.Level.DEBUG, "Refused per_page {0} on {1} (request {2})",
            size, exchange.routeId(), exchange.requestId());
        return Future.succeededFuture(errors.response(422, HttpHeaders.headers(),
            List.of("per_page must not be greater than " + policy.maxPerPage() + ", was " + size)));
      }
      size = policy.maxPerPage();
    }
    others.add(new QueryParameters.Parameter(PAGE, null, PAGE + "=" + pageNumber));
    others.add(new QueryParameters.Parameter(PER_PAGE, null, PER_PAGE + "=" + size));
    exchange.upstreamQuery(QueryParameters.canonical(others));
    return chain.proceed(exchange);
  }

  /** Rack reads a bare name ("?page") as nil, whose {@code to_i} is 0, like the empty string. */
  private static String valueOf(QueryParameters.Parameter p) {
    String value = p.value();
    return value == null ? "" : value;
  }

  /**
   * Ruby's {@code String#to_i}: leading whitespace, an optional sign, then digits with single underscores between
   * them; whatever follows is ignored; no digits is 0. Saturates instead of growing a Bignum. Null is 0.
   */
  static long rubyToI(String text) {
    if (text == null) {
      return 0;
    }
    int i = 0;
    int n = text.length();
    while (i < n && " \t\n\u000b\f\r".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    boolean negative = i < n && text.charAt(i) == '-';
    if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
      i++;
    }
    long value = 0;
    boolean digits = false;
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        value = value > (Long.MAX_VALUE - (c - '0')) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        digits = true;
      } else if (!(c == '_' && digits && i + 1 < n && text.charAt(i + 1) >= '0' && text.charAt(i + 1) <= '9')) {
        break;
      }
    }
    return negative ? -value : value;
  }
}
