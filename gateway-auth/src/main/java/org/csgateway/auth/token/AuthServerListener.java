package org.csgateway.auth.token;

/**
 * Told about every call to the authorization server (token info, introspection, or a JWT check), for its latency
 * metric. Called from any event loop: cheap, thread-safe, never throwing.
 */
@FunctionalInterface
public interface AuthServerListener {
  /** Observes nothing. */
  AuthServerListener NONE = (outcome, nanos) -> {};

  /** The outcomes of a validation call. */
  enum Outcome {
    /** The server said the token is active. */
    VALID,
    /** The server said the token is unknown, expired or revoked. */
    INVALID,
    /** The server could not be asked or gave no usable answer. */
    ERROR
  }

  void onValidation(Outcome outcome, long nanos);
}
