package org.csgateway.cache;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.csgateway.core.identity.Principal;
import org.csgateway.core.identity.Sha256;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.RouteMatch;

/**
 * The identity of a cache entry. It can only be made from a {@link Principal}: there is no key for "anyone", so an
 * entry can never be served to a caller other than the one it was made for. The key material (principal id, scope
 * set, version and format, method, route id, canonical path and query, and the request headers that change the
 * representation) is hashed with SHA-256, once, so no token, credential, scope list or long query sits in memory as
 * a key; the principal id, route id and family stay readable beside the digest for eviction and purges.
 */
public final class CacheKey {
  private static final HexFormat HEX = HexFormat.of();

  private final String principalId;
  // The route itself (shared by every key of the table), not its id and family: the family is a substring made on
  // demand, and a copy of it in every entry would be two objects more each.
  private final Route route;
  // The SHA-256 as four longs in the key itself, not a 64-digit string: one object fewer and 100 bytes less per entry.
  private final long digest0;
  private final long digest1;
  private final long digest2;
  private final long digest3;

  private CacheKey(String principalId, Route route, long digest0, long digest1, long digest2, long digest3) {
    this.principalId = principalId;
    this.route = route;
    this.digest0 = digest0;
    this.digest1 = digest1;
    this.digest2 = digest2;
    this.digest3 = digest3;
  }

  /**
   * The key of a GET or HEAD request (HEAD shares the GET entry) on a matched route.
   *
   * @param principal who is calling; required
   * @param versionKey the normalized API version and format, for example "80/json"; required
   * @param exchange the request, with its route matched and its upstream query normalized
   * @throws NullPointerException if the principal, version key or route is missing
   */
  public static CacheKey of(Principal principal, String versionKey, Exchange exchange) {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(versionKey, "versionKey");
    RouteMatch match = Objects.requireNonNull(exchange.route(), "route");
    Route route = match.route();
    HttpMethod method = exchange.request().method() == HttpMethod.HEAD ? HttpMethod.GET : exchange.request().method();
    MultiMap upstream = exchange.upstreamHeaders();
    Material m = new Material()
        .add("csgateway-cache/2")
        .add(principal.id())
        .add(principal.kind().name())
        .add(principal.canonicalScopes()) // in the digested material, so as private as a hash of its own
        .add(versionKey)
        .add(method.name())
        .add(route.id())
        .add(canonicalPath(match))
        .add(match.format() == null ? "" : match.format())
        .add(CanonicalQuery.of(exchange.upstreamQuery(), route.paginated()))
        // Representation and the URLs inside Link depend on these; over-keying only costs hits.
        .add(normalized(upstream.get("Accept-Encoding")))
        .add(exchange.request().scheme())
        .add(normalized(exchange.request().authority()))
        .add(normalized(exchange.request().headers().get("X-Forwarded-Host")))
        .add(normalized(exchange.request().headers().get("X-Forwarded-Proto")))
        .add(normalized(exchange.request().headers().get("Forwarded")));
    ByteBuffer digest = ByteBuffer.wrap(m.digest());
    return new CacheKey(principal.id(), route, digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
  }

  /** This key, holding this instance of its principal id (an equal string, so the same key). */
  CacheKey withPrincipalId(String shared) {
    if (shared == principalId || !shared.equals(principalId)) {
      return this;
    }
    return new CacheKey(shared, route, digest0, digest1, digest2, digest3);
  }

  /** Who the entry belongs to; never a secret (see {@link Principal#id()}). */
  public String principalId() {
    return principalId;
  }

  /** The route template the entry answers. */
  public String routeId() {
    return route.id();
  }

  /** The route family, the unit of write eviction. */
  public String family() {
    return route.family();
  }

  /** The SHA-256 of the whole key material, in hex. */
  public String digest() {
    return HEX.formatHex(ByteBuffer.allocate(32).putLong(digest0).putLong(digest1).putLong(digest2).putLong(digest3)
        .array());
  }

  /** 64 bits of the digest: what identifies the key where a whole key is too much to keep ({@link MissCounter}). */
  long fingerprint() {
    return digest0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CacheKey k
        && digest0 == k.digest0 && digest1 == k.digest1 && digest2 == k.digest2 && digest3 == k.digest3
        && principalId.equals(k.principalId)
        && route.id().equals(k.route.id());
  }

  @Override
  public int hashCode() {
    return Long.hashCode(digest0);
  }

  @Override
  public String toString() {
    return "CacheKey[" + route.id() + " " + digest().substring(0, 12) + "]";
  }

  /** The route template with the request's parameter values, percent-escapes in upper case (RFC 3986 6.2.2.1). */
  static String canonicalPath(RouteMatch match) {
    String template = match.route().template();
    if (template.indexOf('{') < 0 && !template.endsWith("/")) {
      return template; // what the loop below would rebuild, segment by segment
    }
    Map<String, String> params = match.params();
    StringBuilder out = new StringBuilder(64);
    for (String segment : template.substring(1).split("/")) {
      out.append('/');
      if (segment.startsWith("{")) {
        String value = params.get(segment.substring(1, segment.length() - 1));
        out.append(upperCaseEscapes(value == null ? "" : value));
      } else {
        out.append(segment);
      }
    }
    return out.toString();
  }

  private static String upperCaseEscapes(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value);
    for (int i = value.indexOf('%'); i >= 0 && i + 2 < out.length(); i = value.indexOf('%', i + 1)) {
      if (Character.digit(out.charAt(i + 1), 16) >= 0 && Character.digit(out.charAt(i + 2), 16) >= 0) {
        out.setCharAt(i + 1, Character.toUpperCase(out.charAt(i + 1)));
        out.setCharAt(i + 2, Character.toUpperCase(out.charAt(i + 2)));
      }
    }
    return out.toString();
  }

  private static String normalized(String headerValue) {
    return headerValue == null ? "" : headerValue.replace(" ", "").toLowerCase(Locale.ROOT);
  }

  /**
   * The key material: each field as its UTF-8 length (4 bytes, big-endian) and bytes, so that no two different field
   * lists give the same bytes. Gathered in one array and digested once: a digest update per field, and a byte array
   * per field from {@code getBytes}, cost a cache hit about 5% of its CPU (async-profiler). ASCII, nearly every field,
   * is copied char by char; anything else goes through the encoder.
   */
  static final class Material {
    private final ByteArrayBuilder out = new ByteArrayBuilder(256);

    Material add(String field) {
      int length = field.length();
      int at = out.reserve(4 + length);
      if (out.putChars(at + 4, field, (char) 0x7F) < length) {
        byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
        length = utf8.length;
        at = out.reserve(4 + length);
        out.putBytes(at + 4, utf8, 0, length);
      }
      out.putInt(at, length);
      out.commit(4 + length);
      return this;
    }

    byte[] digest() {
      MessageDigest digest = Sha256.newDigest();
      digest.update(out.array(), 0, out.size());
      return digest.digest();
    }
  }
}
