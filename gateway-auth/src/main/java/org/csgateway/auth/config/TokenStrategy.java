package org.csgateway.auth.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How bearer tokens are validated, chosen by {@code auth.strategy}: {@code computestacks} (default),
 * {@code introspection} or {@code jwt}, each with its own block of keys under {@code auth:}.
 */
public sealed interface TokenStrategy {

  /**
   * {@code auth.strategy: computestacks}: ask the upstream's Doorkeeper {@code GET /api/oauth/token/info}, which
   * checks expiry and revocation for any token.
   *
   * @param tokenInfoUrl {@code auth.computestacks.tokenInfoUrl}, default null meaning
   *     {@code {upstream.url}/api/oauth/token/info}
   */
  record ComputeStacks(URI tokenInfoUrl) implements TokenStrategy {
    public static final String DEFAULT_PATH = "/api/oauth/token/info";

    public ComputeStacks {
      if (tokenInfoUrl != null) {
        Checks.absoluteHttp("tokenInfoUrl", tokenInfoUrl);
      }
    }

    /** The token-info URL: the configured one, or the default path on the upstream. */
    public URI resolve(URI upstreamBaseUrl) {
      if (tokenInfoUrl != null) {
        return tokenInfoUrl;
      }
      Objects.requireNonNull(upstreamBaseUrl, "upstreamBaseUrl");
      String base = upstreamBaseUrl.toString();
      return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + DEFAULT_PATH);
    }
  }

  /**
   * {@code auth.strategy: introspection}: RFC 7662 with the gateway's own client credentials. Note that
   * ComputeStacks' Doorkeeper only reveals tokens of the introspecting client's own application.
   *
   * @param url {@code auth.introspection.url}
   * @param clientId {@code auth.introspection.clientId}
   * @param clientSecret {@code auth.introspection.clientSecret}
   */
  record Introspection(URI url, String clientId, String clientSecret) implements TokenStrategy {
    public Introspection {
      Checks.absoluteHttp("url", url);
      Checks.notBlank("clientId", clientId);
      Checks.notBlank("clientSecret", clientSecret);
    }

    @Override
    public String toString() {
      return "Introspection[url=" + url + ", clientId=" + clientId + ", clientSecret=<set>]";
    }
  }

  /**
   * {@code auth.strategy: jwt}: signature and claims checked at the gateway against keys from a JWKS URL, refreshed
   * every {@code refreshInterval} and when a token names an unknown {@code kid} (at most once per
   * {@code minRefreshInterval}).
   *
   * @param jwksUrl {@code auth.jwt.jwksUrl}
   * @param issuer {@code auth.jwt.issuer}, or null to accept any issuer
   * @param audiences {@code auth.jwt.audiences}, empty to accept any audience
   * @param clockSkew {@code auth.jwt.clockSkew}, default 30s: leeway for exp, nbf and iat
   * @param refreshInterval {@code auth.jwt.refreshInterval}, default 5m
   * @param minRefreshInterval {@code auth.jwt.minRefreshInterval}, default 30s
   */
  record Jwt(URI jwksUrl, String issuer, List<String> audiences, Duration clockSkew, Duration refreshInterval,
      Duration minRefreshInterval) implements TokenStrategy {
    public Jwt {
      Checks.absoluteHttp("jwksUrl", jwksUrl);
      audiences = List.copyOf(Objects.requireNonNull(audiences, "audiences"));
      Checks.notNegative("clockSkew", clockSkew);
      Checks.positive("refreshInterval", refreshInterval);
      Checks.notNegative("minRefreshInterval", minRefreshInterval);
    }

    /** A JWT strategy with the default skew and refresh intervals. */
    public static Jwt of(URI jwksUrl, String issuer, List<String> audiences) {
      return new Jwt(jwksUrl, issuer, audiences, Duration.ofSeconds(30), Duration.ofMinutes(5),
          Duration.ofSeconds(30));
    }
  }
}
