package org.csgateway.auth.token;

import io.vertx.core.Future;

/**
 * Asks an authorization server (or checks a signature) whether a bearer token is valid. Implementations never
 * block; they answer {@link TokenVerdict.Invalid} for a token the server refuses, and fail the future with a 503
 * {@code GatewayException} when the server cannot be asked (unreachable, timed out, 5xx, nonsense answer), so the
 * gateway fails closed. They never log or echo the token.
 */
@FunctionalInterface
public interface TokenValidator {
  Future<TokenVerdict> validate(String token);
}
