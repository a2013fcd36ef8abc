package org.csgateway.cache;

import java.util.Arrays;

/**
 * A byte array filled front to back in records of a fixed-size header and a value, growing as needed: what packed
 * headers ({@link StoredHeaders}) and key material ({@link CacheKey}) are built in. A record is reserved, its value
 * written, its header filled in last (the header holds the value's length, known only once it is written), then
 * committed. Not a {@code ByteArrayOutputStream}: that takes a lock per write and cannot fill a length in afterwards.
 */
final class ByteArrayBuilder {
  private byte[] bytes;
  private int size;

  ByteArrayBuilder(int initialCapacity) {
    this.bytes = new byte[initialCapacity];
  }

  /** Makes room for {@code length} more bytes and answers where they start; nothing counts until committed. */
  int reserve(int length) {
    if (size + length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + length));
    }
    return size;
  }

  /**
   * Writes {@code value}'s chars as one byte each from {@code at}, stopping at the first above {@code max}.
   *
   * @return how many chars were written: {@code value.length()} unless one was above {@code max}
   */
  int putChars(int at, String value, char max) {
    int written = 0;
    for (int length = value.length(); written < length; written++) {
      char c = value.charAt(written);
      if (c > max) {
        break;
      }
      bytes[at + written] = (byte) c;
    }
    return written;
  }

  void putBytes(int at, byte[] source, int from, int length) {
    System.arraycopy(source, from, bytes, at, length);
  }

  void putByte(int at, int value) {
    bytes[at] = (byte) value;
  }

  /** Big-endian, as a length prefix. */
  void putInt(int at, int value) {
    bytes[at] = (byte) (value >>> 24);
    bytes[at + 1] = (byte) (value >>> 16);
    bytes[at + 2] = (byte) (value >>> 8);
    bytes[at + 3] = (byte) value;
  }

  /** Counts {@code length} more bytes, written since the last commit, as part of the content. */
  void commit(int length) {
    size += length;
  }

  int size() {
    return size;
  }

  /** The backing array, of which the first {@link #size()} bytes are the content; for reading in place. */
  byte[] array() {
    return bytes;
  }

  /** A copy of the content, exactly as long as it is. */
  byte[] toArray() {
    return Arrays.copyOf(bytes, size);
  }
}
