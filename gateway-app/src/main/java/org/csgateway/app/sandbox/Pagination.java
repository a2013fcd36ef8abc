package org.csgateway.app.sandbox;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * api-pagination 5 over will_paginate 4, as ComputeStacks configures it (api.md §5): {@code page} and
 * {@code per_page} read with Ruby's {@code to_i} (0 or less means 1 and 30), no maximum page size, and the
 * response headers {@code Link} (first, prev, last, next, as applicable), {@code Per-Page} and {@code Total}. Link
 * URLs are {@code request.base_url + request.path_info + "?" + query.merge(page: n).to_query}, so they carry
 * whatever scheme and host reached the upstream.
 */
final class Pagination {
  static final long DEFAULT_PER_PAGE = 30;

  /**
   * The effective page window of a request.
   *
   * @param page the page, 1 or more
   * @param perPage the page size, 1 or more
   */
  record Window(long page, long perPage) {
    static Window of(Map<String, Object> query) {
      long page = RailsParams.toI(RailsParams.single(query, "page"));
      long perPage = RailsParams.toI(RailsParams.single(query, "per_page"));
      return new Window(page <= 0 ? 1 : page, perPage <= 0 ? DEFAULT_PER_PAGE : perPage);
    }

    /** will_paginate's {@code total_pages}: 1 for an empty set. */
    long totalPages(long total) {
      return total == 0 ? 1 : (total + perPage - 1) / perPage;
    }
  }

  private Pagination() {}

  /** Sets {@code Link} (when some page applies), {@code Per-Page} and {@code Total}. */
  static void setHeaders(HttpServerRequest request, HttpServerResponse response, Map<String, Object> query,
      Window window, long total) {
    String link = link(baseUrl(request) + request.path(), query, window, total);
    if (!link.isEmpty()) {
      response.putHeader("Link", link);
    }
    response.putHeader("Per-Page", Long.toString(window.perPage()));
    response.putHeader("Total", Long.toString(total));
  }

  /** api-pagination's {@code pages_from}: first and prev unless on page 1; last and next unless on the last. */
  static String link(String url, Map<String, Object> query, Window window, long total) {
    StringBuilder link = new StringBuilder();
    long totalPages = window.totalPages(total);
    if (window.page() > 1) {
      append(link, url, query, 1, "first");
      append(link, url, query, window.page() - 1, "prev");
    }
    if (window.page() < totalPages) {
      append(link, url, query, totalPages, "last");
      append(link, url, query, window.page() + 1, "next");
    }
    return link.toString();
  }

  private static void append(StringBuilder link, String url, Map<String, Object> query, long page, String rel) {
    Map<String, Object> merged = new LinkedHashMap<>(query);
    merged.put("page", Long.toString(page));
    if (link.length() > 0) {
      link.append(", ");
    }
    link.append('<').append(url).append('?').append(RailsParams.toQuery(merged)).append(">; rel=\"").append(rel)
        .append('"');
  }

  /**
   * Rack's {@code base_url}: the scheme from the first {@code X-Forwarded-Proto} value (else http), the authority
   * from the last {@code X-Forwarded-Host} value (else Host); a port is shown unless it is the scheme's default,
   * taken from the authority or else from {@code X-Forwarded-Port}.
   */
  static String baseUrl(HttpServerRequest request) {
    String scheme = "http";
    String proto = request.getHeader("X-Forwarded-Proto");
    if (proto != null) {
      int comma = proto.indexOf(',');
      String first = (comma < 0 ? proto : proto.substring(0, comma)).trim();
      if (first.equals("https") || first.equals("http")) {
        scheme = first;
      }
    }
    String authority = request.getHeader("X-Forwarded-Host");
    if (authority != null) {
      int comma = authority.lastIndexOf(',');
      authority = (comma < 0 ? authority : authority.substring(comma + 1)).trim();
    } else {
      authority = request.getHeader("Host");
    }
    if (authority == null || authority.isEmpty()) {
      authority = request.localAddress().hostAddress() + ":" + request.localAddress().port();
    }
    String host = authority;
    String port = null;
    int colon = authority.lastIndexOf(':');
    if (colon > authority.lastIndexOf(']')) {
      host = authority.substring(0, colon);
      port = authority.substring(colon + 1);
    } else {
      String forwardedPort = request.getHeader("X-Forwarded-Port");
      if (forwardedPort != null) {
        int comma = forwardedPort.indexOf(',');
        port = (comma < 0 ? forwardedPort : forwardedPort.substring(0, comma)).trim();
      }
    }
    String defaultPort = scheme.equals("https") ? "443" : "80";
    if (port == null || port.isEmpty() || port.equals(defaultPort)) {
      return scheme + "://" + host;
    }
    return scheme + "://" + host + ":" + port;
  }
}
