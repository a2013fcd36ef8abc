package org.csgateway.auth;

import io.vertx.core.http.HttpHeaders;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.csgateway.core.pipeline.GatewayRequest;

/**
 * Reads the credential of a request the way the upstream does, so that the gateway validates exactly the token the
 * upstream will use: {@code Authorization: Basic} first (ComputeStacks' {@code auth_request!}), then Doorkeeper's
 * order: {@code Authorization: Bearer}, the {@code access_token} parameter, the {@code bearer_token} parameter.
 *
 * <p>Tokens in a form or JSON body are not read (that would mean buffering arbitrary bodies): such a request has no
 * credential for the gateway and is refused. A request the upstream could read differently is refused too: two
 * Authorization headers, repeated or array-style token parameters ({@code access_token[]}, which Rails turns into
 * a token list), or a {@code bearer_token} query parameter next to a body that could carry an
 * {@code access_token}, which Doorkeeper would prefer.
 */
final class CredentialExtractor {
  private static final String ACCESS_TOKEN = "access_token";
  private static final String BEARER_TOKEN = "bearer_token";

  private CredentialExtractor() {}

  static Credential extract(GatewayRequest request) {
    List<String> authorization = request.headers().getAll(HttpHeaders.AUTHORIZATION);
    if (authorization.size() > 1) {
      return new Credential.Ambiguous("Send a single Authorization header");
    }
    if (authorization.size() == 1) {
      String value = authorization.get(0).trim();
      String scheme = value.length() >= 6 ? value.substring(0, 6).toLowerCase(Locale.ROOT) : "";
      if (scheme.equals("basic ")) {
        return basic(value.substring(6).trim());
      }
      if (scheme.startsWith("bearer") && value.length() > 6 && Character.isWhitespace(value.charAt(6))) {
        String token = value.substring(7).trim();
        if (!token.isEmpty()) {
          return new Credential.Bearer(token, Credential.Source.HEADER);
        }
      }
    }
    return fromQuery(request);
  }

  private static Credential basic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return new Credential.MalformedBasic();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return new Credential.MalformedBasic();
    }
    return new Credential.Basic(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  private static Credential fromQuery(GatewayRequest request) {
    List<String> accessTokens = new ArrayList<>(1);
    List<String> bearerTokens = new ArrayList<>(1);
    if (request.query() != null) {
      for (String pair : request.query().split("[&;]")) {
        int eq = pair.indexOf('=');
        String name;
        String value;
        try {
          name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          continue; // the upstream cannot read it as a token parameter either (Rack answers 400)
        }
        if (name.startsWith(ACCESS_TOKEN) || name.startsWith(BEARER_TOKEN)) {
          if (!name.equals(ACCESS_TOKEN) && !name.equals(BEARER_TOKEN)) {
            return new Credential.Ambiguous("Send the access token as a single access_token parameter");
          }
          if (!value.isBlank()) {
            (name.equals(ACCESS_TOKEN) ? accessTokens : bearerTokens).add(value.trim());
          }
        }
      }
    }
    if (accessTokens.size() > 1 || bearerTokens.size() > 1) {
      return new Credential.Ambiguous("Send the access token only once");
    }
    if (!accessTokens.isEmpty()) {
      return new Credential.Bearer(accessTokens.get(0), Credential.Source.QUERY);
    }
    if (!bearerTokens.isEmpty()) {
      if (mayCarryParameters(request)) {
        return new Credential.Ambiguous("Send the access token in the Authorization header");
      }
      return new Credential.Bearer(bearerTokens.get(0), Credential.Source.QUERY);
    }
    return new Credential.None();
  }

  /** Whether a body may hold parameters Rails would merge (a form or JSON body; a multipart one too). */
  private static boolean mayCarryParameters(GatewayRequest request) {
    if (request.body() == null) {
      return false;
    }
    String type = request.headers().get(HttpHeaders.CONTENT_TYPE);
    if (type == null) {
      return true;
    }
    String lower = type.toLowerCase(Locale.ROOT);
    return lower.contains("form") || lower.contains("json") || lower.contains("xml");
  }
}
