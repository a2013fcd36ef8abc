package org.csgateway.core.routing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.csgateway.core.error.GatewayException;

/**
 * A request path percent-decoded the way a server behind the gateway might see it, for checks that must not be
 * fooled by encoding: {@code /api/%73ystem/events} and {@code /api%2Fsystem/events} are {@code /api/system/events}.
 * Decoding is repeated while it changes something (at most three times), so double-encoded spellings are seen too.
 * Every decoded spelling is split into segments as Rails' router would: empty segments ({@code //}) dropped and
 * {@code ;parameters} cut off.
 *
 * <p>{@link #of} refuses, with 400, what no API path contains and what path traversal needs: malformed
 * percent-encoding, {@code .} or {@code ..} segments (also encoded, {@code %2e%2e}), backslashes and NUL or other
 * control characters.
 */
public final class DecodedPath {
  private static final int MAX_DECODINGS = 3;

  private final List<List<String>> spellings;

  private DecodedPath(List<List<String>> spellings) {
    this.spellings = spellings;
  }

  /**
   * Decodes a raw (still percent-encoded) path.
   *
   * @throws GatewayException 400 PATH_INVALID if the path is malformed or contains a dot segment, a backslash or a
   *     control character
   */
  public static DecodedPath of(String rawPath) {
    if (rawPath.indexOf('%') < 0) { // the usual case: one spelling
      return new DecodedPath(List.of(safeSegments(rawPath)));
    }
    List<List<String>> spellings = new ArrayList<>(2);
    String current = rawPath;
    for (int i = 0; i < MAX_DECODINGS; i++) {
      String decoded = decode(current);
      if (decoded == null) {
        if (i == 0) {
          throw invalid("The request path has malformed percent-encoding");
        }
        break; // a literal '%' left after one decoding is data, not an encoding
      }
      spellings.add(safeSegments(decoded));
      if (decoded.equals(current) || decoded.indexOf('%') < 0) {
        break;
      }
      current = decoded;
    }
    return new DecodedPath(List.copyOf(spellings));
  }

  /**
   * Whether any decoded spelling matches one of the patterns, with and without a {@code .json}/{@code .xml} suffix
   * on its last segment.
   */
  public boolean matchesAny(List<PathPattern> patterns) {
    for (List<String> segments : spellings) {
      List<String> unsuffixed = withoutFormat(segments);
      for (PathPattern pattern : patterns) {
        if (pattern.matches(segments) || (unsuffixed != null && pattern.matches(unsuffixed))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The decoded spellings as segment lists, the once-decoded one first. */
  public List<List<String>> spellings() {
    return spellings;
  }

  /** The non-empty segments of a decoded path, parameters cut off, once it is known to be safe. */
  private static List<String> safeSegments(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw invalid("The request path contains a control character");
      }
      if (c == '\\') {
        throw invalid("The request path contains a backslash");
      }
    }
    List<String> segments = new ArrayList<>(8);
    int start = 0;
    while (start <= path.length()) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      int nameEnd = start;
      while (nameEnd < end && path.charAt(nameEnd) != ';') {
        nameEnd++;
      }
      int length = nameEnd - start;
      if ((length == 1 || length == 2) && path.charAt(start) == '.'
          && (length == 1 || path.charAt(start + 1) == '.')) {
        throw invalid("The request path contains a dot segment");
      }
      if (length > 0) {
        segments.add(path.substring(start, nameEnd));
      }
      start = end + 1;
    }
    return segments;
  }

  private static List<String> withoutFormat(List<String> segments) {
    if (segments.isEmpty()) {
      return null;
    }
    String last = segments.get(segments.size() - 1);
    int dot = last.lastIndexOf('.');
    if (dot <= 0 || !(last.endsWith(".json") || last.endsWith(".xml"))) {
      return null;
    }
    List<String> copy = new ArrayList<>(segments);
    copy.set(copy.size() - 1, last.substring(0, dot));
    return copy;
  }

  /** Percent-decodes as UTF-8; null if a '%' is not followed by two hex digits. */
  private static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (lo < 0) {
          return null;
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
        bytes.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static GatewayException invalid(String message) {
    return GatewayException.badRequest("PATH_INVALID", message);
  }
}
