package org.csgateway.app.metrics;

/**
 * The method label, bounded: the nine standard methods by name, anything else (a client may send any token) as
 * "OTHER".
 */
final class MethodLabels {
  private static final String[] LABELS =
      {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "OTHER"};

  private MethodLabels() {}

  static int count() {
    return LABELS.length;
  }

  static String label(int index) {
    return LABELS[index];
  }

  static int index(String method) {
    return switch (method) {
      case "GET" -> 0;
      case "HEAD" -> 1;
      case "POST" -> 2;
      case "PUT" -> 3;
      case "PATCH" -> 4;
      case "DELETE" -> 5;
      case "OPTIONS" -> 6;
      case "TRACE" -> 7;
      case "CONNECT" -> 8;
      default -> 9;
    };
  }
}
