package org.csgateway.cache;

import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The headers a cache entry keeps, packed into one byte array: for each header, its index in
 * {@link CachedResponse#KEPT_HEADERS} (one byte), its value's length (four bytes) and the value's bytes.
 *
 * <p>Why packed: on a workload of misses the entries churn through the heap, and every object an entry holds is
 * copied and marked by the collector. As a list of name/value strings the headers were about 25 objects and 700
 * bytes per entry, more than the body's own array; packed they are one array of their own length, which the weigher
 * can charge exactly. Hits read the values back as {@link AsciiString} views of the array, with no copy.
 *
 * <p>Values are stored as ISO-8859-1, the bytes they arrived as: HTTP/1.1 field values are octets, and the client
 * decodes each octet to one char. A value holding a char above U+00FF could not be restored, so {@link #of} refuses
 * it (the response is then not stored) rather than change it.
 */
final class StoredHeaders {
  private static final List<AsciiString> NAMES =
      CachedResponse.KEPT_HEADERS.stream().map(AsciiString::cached).toList();
  private static final int CACHE_CONTROL = CachedResponse.KEPT_HEADERS.indexOf("Cache-Control");
  /** The representation's own headers, which a 304 never changes (RFC 9111 4.3.4). */
  private static final Set<String> REPRESENTATION = Set.of("Content-Type", "Content-Encoding");
  /** A record's bytes before its value: the name's index (one byte) and the value's length (four). */
  private static final int RECORD_HEADER = 5;

  private final byte[] packed;

  private StoredHeaders(byte[] packed) {
    this.packed = packed;
  }

  /**
   * The kept headers of an upstream answer, in {@link CachedResponse#KEPT_HEADERS} order, with
   * {@code Cache-Control: private} added when the upstream sent none (a shared cache beyond us must never keep a hit).
   * Null if a value cannot be stored exactly.
   */
  static StoredHeaders of(MultiMap upstream) {
    Packer packer = new Packer();
    for (int i = 0; i < NAMES.size(); i++) {
      for (String value : upstream.getAll(NAMES.get(i))) {
        if (!packer.add(i, value)) {
          return null;
        }
      }
      if (i == CACHE_CONTROL && !upstream.contains(NAMES.get(i))) {
        packer.add(i, "private");
      }
    }
    return packer.done();
  }

  /**
   * These headers with those of an upstream 304 applied: a kept header the 304 carries replaces the stored one,
   * except the representation's own ({@code Content-Type}, {@code Content-Encoding}), which stay. These headers
   * unchanged if a value of the 304 cannot be stored exactly.
   */
  StoredHeaders merged(MultiMap notModified) {
    Packer packer = new Packer();
    for (int i = 0; i < NAMES.size(); i++) {
      if (!REPRESENTATION.contains(CachedResponse.KEPT_HEADERS.get(i)) && notModified.contains(NAMES.get(i))) {
        for (String value : notModified.getAll(NAMES.get(i))) {
          if (!packer.add(i, value)) {
            return this;
          }
        }
        continue;
      }
      for (int at = 0; at < packed.length; at = next(at)) {
        if (packed[at] == i) {
          packer.copy(packed, at, next(at));
        }
      }
    }
    return packer.done();
  }

  /** Every stored header in order, as views of the packed array (valid as long as this object is). */
  void forEach(BiConsumer<AsciiString, AsciiString> action) {
    for (int at = 0; at < packed.length; at = next(at)) {
      action.accept(NAMES.get(packed[at]), value(at));
    }
  }

  /** The first value of a kept header (by its exact name in {@link CachedResponse#KEPT_HEADERS}), or null. */
  String first(String name) {
    int at = find(name);
    return at < 0 ? null : value(at).toString();
  }

  /** Whether a kept header (by its exact name in {@link CachedResponse#KEPT_HEADERS}) is stored. */
  boolean has(String name) {
    return find(name) >= 0;
  }

  private int find(String name) {
    int wanted = CachedResponse.KEPT_HEADERS.indexOf(name);
    for (int at = 0; at < packed.length; at = next(at)) {
      if (packed[at] == wanted) {
        return at;
      }
    }
    return -1;
  }

  /** The bytes of the packed form, which is all this object holds besides its own header. */
  int length() {
    return packed.length;
  }

  private AsciiString value(int at) {
    return new AsciiString(packed, at + RECORD_HEADER, valueLength(at), false);
  }

  private int next(int at) {
    return at + RECORD_HEADER + valueLength(at);
  }

  private int valueLength(int at) {
    return (packed[at + 1] & 0xFF) << 24 | (packed[at + 2] & 0xFF) << 16 | (packed[at + 3] & 0xFF) << 8
        | packed[at + 4] & 0xFF;
  }

  /** Appends header records: name index (one byte), value length (four bytes), the value's octets. */
  private static final class Packer {
    private final ByteArrayBuilder out = new ByteArrayBuilder(256);

    /** Appends one header; false (and nothing appended) if the value has a char that is not one octet. */
    boolean add(int nameIndex, String value) {
      int length = value.length();
      int at = out.reserve(RECORD_HEADER + length);
      if (out.putChars(at + RECORD_HEADER, value, (char) 0xFF) < length) {
        return false;
      }
      out.putByte(at, nameIndex);
      out.putInt(at + 1, length);
      out.commit(RECORD_HEADER + length);
      return true;
    }

    /** Appends records packed already, {@code from} to {@code to} of {@code source}. */
    void copy(byte[] source, int from, int to) {
      out.putBytes(out.reserve(to - from), source, from, to - from);
      out.commit(to - from);
    }

    StoredHeaders done() {
      return new StoredHeaders(out.toArray());
    }
  }
}
