package org.csgateway.core.server;

import org.csgateway.core.error.GatewayException;

/** The refusals of requests the gateway will not even start to handle, shared by both places that detect them. */
final class EdgeRefusals {
  private EdgeRefusals() {}

  static GatewayException uriTooLong(int limit) {
    return new GatewayException(414, "URI_TOO_LONG", "The request URI is longer than " + limit + " characters");
  }

  static GatewayException headersTooLarge(int limit) {
    return new GatewayException(
        431, "HEADERS_TOO_LARGE", "The request header section is larger than " + limit + " bytes");
  }

  static GatewayException invalidContentLength() {
    return GatewayException.badRequest("INVALID_CONTENT_LENGTH", "The Content-Length header is not a valid length");
  }

  static GatewayException invalidTransferEncoding() {
    return GatewayException.badRequest("INVALID_TRANSFER_ENCODING",
        "The Transfer-Encoding header must be exactly chunked, on HTTP/1.1");
  }

  static GatewayException lengthWithTransferEncoding() {
    return GatewayException.badRequest("AMBIGUOUS_FRAMING",
        "A request must not have both Content-Length and Transfer-Encoding");
  }

  static GatewayException invalidHost() {
    return GatewayException.badRequest("INVALID_HOST", "An HTTP/1.1 request must have exactly one Host header");
  }

  static GatewayException malformed() {
    return GatewayException.badRequest("MALFORMED_REQUEST", "The request is not valid HTTP");
  }
}
