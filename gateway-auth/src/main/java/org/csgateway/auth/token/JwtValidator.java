package org.csgateway.auth.token;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.csgateway.auth.config.TokenStrategy;
import org.csgateway.auth.token.TokenVerdict.Invalid;
import org.csgateway.auth.token.TokenVerdict.Reason;
import org.csgateway.auth.token.TokenVerdict.Valid;

/**
 * The {@code jwt} strategy: checks the signature against the keys of a JWKS document (Vert.x Auth JWT) and the
 * claims: {@code exp} (required), {@code nbf}, {@code iat} with the configured skew, issuer and audience. Only
 * asymmetric algorithms are accepted. Keys come from a {@link JwksSource}, refreshed on a timer and when a token
 * names an unknown {@code kid}, never per request.
 *
 * <p>Verification runs on the calling event loop: an RS256 or ES256 verify costs tens of microseconds, less than
 * handing the work to a worker thread and back, and the cache means each token is verified once per
 * {@code maxTtl}.
 */
public final class JwtValidator implements TokenValidator {
  private static final Set<String> ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  private final JwksSource keys;

  public JwtValidator(JwksSource keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  public Future<TokenVerdict> validate(String token) {
    JsonObject header;
    try {
      header = part(token, 0);
    } catch (RuntimeException e) {
      return Future.succeededFuture(new Invalid(Reason.UNKNOWN));
    }
    if (!ALGORITHMS.contains(header.getString("alg", ""))) {
      return Future.succeededFuture(new Invalid(Reason.UNKNOWN));
    }
    String kid = header.getString("kid");
    return keys.keysFor(kid).compose(current -> current.auth().authenticate(new TokenCredentials(token))
        .map(user -> verdict(token))
        .otherwise(failure -> new Invalid(reason(failure))));
  }

  private static TokenVerdict verdict(String token) {
    JsonObject claims = part(token, 1);
    Number exp = claims.getNumber("exp");
    if (exp == null) {
      return new Invalid(Reason.UNKNOWN); // an access token that never expires is not accepted
    }
    String clientId = claims.getString("client_id", claims.getString("azp"));
    String subject = claims.getString("sub");
    String owner = subject == null || subject.equals(clientId) ? null : subject;
    Object scope = claims.getValue("scope", claims.getValue("scp"));
    return new Valid(TokenPrincipals.of(owner, clientId, TokenInfoValidator.scopes(scope),
        Instant.ofEpochSecond(exp.longValue())));
  }

  private static Reason reason(Throwable failure) {
    String message = failure.getMessage();
    return message != null && message.toLowerCase(Locale.ROOT).contains("expired")
        ? Reason.EXPIRED : Reason.UNKNOWN;
  }

  private static JsonObject part(String token, int index) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a JWS compact serialization");
    }
    return new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(parts[index])));
  }

  /**
   * The current verification keys of a JWKS URL. Loads them on {@link #start()}, again every
   * {@code refreshInterval}, and when a token names a {@code kid} it does not know, at most once per
   * {@code minRefreshInterval} and one load at a time, so tokens with made-up key ids cannot make the gateway
   * hammer the JWKS URL.
   */
  public static final class JwksSource implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JwksSource.class.getName());

    private final Vertx vertx;
    private final JwksClient client;
    private final TokenStrategy.Jwt config;
    private final InstantSource clock;
    private final AtomicReference<KeySet> current = new AtomicReference<>();
    private final Object lock = new Object();
    private Future<KeySet> loading; // guarded by lock
    private Instant lastLoad = Instant.MIN; // guarded by lock
    private long timerId = -1;

    /**
     * @param vertx for the refresh timer and for Vert.x Auth
     * @param client fetches the JWKS document
     * @param config the JWKS URL, issuer, audiences, skew and refresh intervals
     * @param clock decides when the next on-demand load is allowed
     */
    public JwksSource(Vertx vertx, JwksClient client, TokenStrategy.Jwt config, InstantSource clock) {
      this.vertx = Objects.requireNonNull(vertx, "vertx");
      this.client = Objects.requireNonNull(client, "client");
      this.config = Objects.requireNonNull(config, "config");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Loads the keys once and starts the refresh timer; fails if the first load fails (the timer still runs). */
    public Future<Void> start() {
      synchronized (lock) {
        if (timerId < 0) {
          timerId = vertx.setPeriodic(config.refreshInterval().toMillis(), id -> load(true));
        }
      }
      return load(true).mapEmpty();
    }

    @Override
    public void close() {
      synchronized (lock) {
        if (timerId >= 0) {
          vertx.cancelTimer(timerId);
          timerId = -1;
        }
      }
    }

    /** The key set to verify a token with this kid (null when the token names none). */
    Future<KeySet> keysFor(String kid) {
      KeySet keys = current.get();
      if (keys != null && (kid == null || keys.kids().contains(kid))) {
        return Future.succeededFuture(keys);
      }
      return load(false).recover(failure -> {
        KeySet known = current.get();
        return known != null ? Future.succeededFuture(known)
            : Future.failedFuture(Unavailable.of("no JWKS keys loaded from " + config.jwksUrl(), failure));
      });
    }

    private Future<KeySet> load(boolean scheduled) {
      synchronized (lock) {
        if (loading != null) {
          return loading;
        }
        Instant now = clock.instant();
        KeySet keys = current.get();
        if (!scheduled && keys != null && now.isBefore(lastLoad.plus(config.minRefreshInterval()))) {
          return Future.succeededFuture(keys);
        }
        lastLoad = now;
        Future<KeySet> next = client.fetch().map(this::keySet);
        loading = next;
        next.onComplete(result -> {
          synchronized (lock) {
            loading = null;
          }
          if (result.succeeded()) {
            current.set(result.result());
          } else {
            LOG.log(System.Logger.Level.WARNING, "Loading JWKS keys from {0} failed: {1}", config.jwksUrl(),
                result.cause().getMessage());
          }
        });
        return next;
      }
    }

    private KeySet keySet(JwksClient.Keys keys) {
      JWTOptions options = new JWTOptions()
          .setLeeway((int) Math.min(Integer.MAX_VALUE, (config.clockSkew().toMillis() + 999) / 1000))
          .setIssuer(config.issuer())
          .setAudience(config.audiences());
      JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().setJwks(keys.jwks()).setJWTOptions(options));
      return new KeySet(auth, keys.kids());
    }
  }

  /** Verification keys loaded at one time, with the key ids they cover. */
  record KeySet(JWTAuth auth, Set<String> kids) {}
}
