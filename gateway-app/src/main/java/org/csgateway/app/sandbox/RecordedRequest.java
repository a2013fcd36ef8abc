package org.csgateway.app.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A request as it reached the sandbox, kept so tests can check what a gateway forwarded (headers added, removed or
 * rewritten). Header names keep the case they arrived in; the list keeps their order and repetitions.
 *
 * @param at when it arrived, by the sandbox's clock
 * @param method the request method
 * @param uri the request target as sent (path and query)
 * @param headers every header line, in order
 */
public record RecordedRequest(Instant at, String method, String uri, List<Map.Entry<String, String>> headers) {

  public RecordedRequest {
    headers = List.copyOf(headers);
  }

  /** The first value of this header (case-insensitive), or null. */
  public String header(String name) {
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return null;
  }

  /** Every value of this header (case-insensitive), in order. */
  public List<String> headers(String name) {
    return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
  }
}
