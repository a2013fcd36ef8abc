package org.csgateway.app.sandbox;

import io.vertx.core.http.HttpServerRequest;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A bounded record of the most recent requests, oldest dropped first. Thread-safe; free when the capacity is 0. */
final class RequestRecorder {
  private final int capacity;
  private final InstantSource clock;
  private final ArrayDeque<RecordedRequest> recent;

  RequestRecorder(int capacity, InstantSource clock) {
    this.capacity = capacity;
    this.clock = clock;
    this.recent = new ArrayDeque<>(Math.max(capacity, 1));
  }

  void record(HttpServerRequest request) {
    if (capacity == 0) {
      return;
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers().size());
    request.headers().forEach(h -> headers.add(Map.entry(h.getKey(), h.getValue())));
    RecordedRequest recorded = new RecordedRequest(clock.instant(), request.method().name(), request.uri(), headers);
    synchronized (recent) {
      if (recent.size() == capacity) {
        recent.removeFirst();
      }
      recent.addLast(recorded);
    }
  }

  List<RecordedRequest> snapshot() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  void clear() {
    synchronized (recent) {
      recent.clear();
    }
  }
}
