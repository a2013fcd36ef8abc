package org.csgateway.auth;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.Objects;
import java.util.Set;
import org.csgateway.auth.basic.BasicCredentialMemory;
import org.csgateway.core.identity.CredentialKind;
import org.csgateway.core.identity.Principal;
import org.csgateway.core.observe.Observations;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.routing.AuthMode;
import org.csgateway.core.routing.RouteMatch;

/**
 * Learns whether API credentials are good from the upstream's answers, since only the upstream can check them.
 *
 * <p>A 401 teaches "invalid" only where a valid credential cannot cause one: not on admin routes (a valid non-admin
 * user gets 401 there) and not with an empty body (the collaborator endpoints answer an authorized user who may not
 * administer the resource with an empty 401; a bad credential gets {@code {"errors":["Not Authorized"]}}). A 2xx
 * teaches "valid", except for OPTIONS, which the upstream answers before it looks at credentials. Nothing else
 * teaches anything: a 422 (version check) comes before the credential check, and 429, 5xx may be the gateway's own.
 */
final class BasicAuthenticator {
  private final BasicCredentialMemory memory;

  BasicAuthenticator(BasicCredentialMemory memory) {
    this.memory = Objects.requireNonNull(memory, "memory");
  }

  String key(Credential.Basic credential) {
    return memory.key(credential.username(), credential.password());
  }

  boolean isKnownInvalid(String key) {
    return memory.state(key) == BasicCredentialMemory.State.INVALID;
  }

  boolean isKnownValid(String key) {
    return memory.state(key) == BasicCredentialMemory.State.VALID;
  }

  /**
   * The principal of a credential: {@code basic:<HMAC of the credential>}. Keyed on the whole credential, not the
   * username, so that a wrong password never shares a response-cache partition with the right one.
   */
  static Principal principal(String key) {
    return new Principal("basic:" + key, CredentialKind.BASIC, Set.of(), null, null, null);
  }

  /**
   * Learns from the upstream's answer; true when it refused the credential. An answer from the response cache is not
   * the upstream's word: it neither extends a verdict (or a caller living on cache hits would stay "known valid",
   * skipping the failed-authentication admission, long after the upstream last confirmed the credential) nor costs
   * a write to the verdict memory on every hit.
   */
  boolean learn(Exchange exchange, String key, GatewayResponse response) {
    if (Observations.CACHE_HIT.equals(exchange.get(Observations.CACHE_RESULT))) {
      return false;
    }
    int status = response.status();
    RouteMatch route = exchange.route();
    if (status == 401 && route != null && route.route().auth() != AuthMode.ADMIN_USER
        && !"0".equals(response.headers().get(HttpHeaders.CONTENT_LENGTH))) {
      memory.remember(key, false);
      return true;
    }
    if (status >= 200 && status < 300 && exchange.request().method() != HttpMethod.OPTIONS) {
      memory.remember(key, true);
    }
    return false;
  }
}
