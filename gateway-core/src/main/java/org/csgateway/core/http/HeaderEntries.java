package org.csgateway.core.http;

import io.vertx.core.MultiMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads a header map entry by entry as it is stored, without the copies that {@link MultiMap}'s String view makes:
 * Vert.x's header maps are Netty {@code HttpHeaders} too, whose {@code CharSequence} iterator hands out the stored
 * entries themselves. Every request and response passes through here, so this matters under load.
 */
public final class HeaderEntries {
  private HeaderEntries() {}

  /** The entries of these headers in order; names and values as stored. */
  public static Iterator<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> of(MultiMap headers) {
    if (headers instanceof io.netty.handler.codec.http.HttpHeaders netty) {
      return netty.iteratorCharSequence();
    }
    return headers.iterator();
  }
}
