package org.csgateway.core.server;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Request ids: the {@code X-Request-Id} a trusted proxy sent, when it is a plausible id (so that nothing odd reaches
 * logs), else 32 random hex digits.
 */
final class RequestIds {
  static final String HEADER = "X-Request-Id";
  private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9._:+/=-]{1,128}");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RequestIds() {}

  static String idFor(String offered, boolean trustedPeer) {
    if (trustedPeer && offered != null && PLAUSIBLE.matcher(offered).matches()) {
      return offered;
    }
    return generate();
  }

  static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[32];
    long bits = random.nextLong();
    for (int i = 0; i < 32; i++) {
      if (i == 16) {
        bits = random.nextLong();
      }
      id[i] = HEX[(int) (bits & 0xf)];
      bits >>>= 4;
    }
    return new String(id);
  }
}
