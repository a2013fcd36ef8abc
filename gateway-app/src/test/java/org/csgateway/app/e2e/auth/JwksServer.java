package org.csgateway.app.e2e.auth;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tiny identity provider for the {@code jwt} strategy: RSA keys made with the JDK, RS256 tokens signed with them,
 * and a real HTTP server on a free port publishing the public keys at {@code /jwks}, which the test can rotate.
 */
final class JwksServer implements AutoCloseable {
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final HttpServer server;
  private final AtomicReference<JsonObject> published = new AtomicReference<>(new JsonObject());
  private final AtomicInteger fetches = new AtomicInteger();

  private JwksServer(HttpServer server) {
    this.server = server;
  }

  static JwksServer start(Vertx vertx) {
    HttpServer server = vertx.createHttpServer();
    JwksServer jwks = new JwksServer(server);
    server.requestHandler(request -> {
      jwks.fetches.incrementAndGet();
      request.response().putHeader("Content-Type", "application/json").end(jwks.published.get().encode());
    });
    AuthGateway.await(server.listen(0, "127.0.0.1"));
    return jwks;
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/jwks";
  }

  /** Publishes exactly these keys from now on. */
  void publish(SigningKey... keys) {
    JsonArray array = new JsonArray();
    for (SigningKey key : keys) {
      array.add(key.jwk());
    }
    published.set(new JsonObject().put("keys", array));
  }

  int fetches() {
    return fetches.get();
  }

  @Override
  public void close() {
    AuthGateway.await(server.close());
  }

  /** An RSA key pair with its key id. */
  record SigningKey(String kid, KeyPair pair) {
    static SigningKey generate(String kid) {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return new SigningKey(kid, generator.generateKeyPair());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    JsonObject jwk() {
      RSAPublicKey key = (RSAPublicKey) pair.getPublic();
      return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
          .put("n", unsigned(key.getModulus())).put("e", unsigned(key.getPublicExponent()));
    }

    /** A compact RS256 JWS of these claims under this key's kid. */
    String sign(JsonObject claims) {
      String input = encode(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid)) + "."
          + encode(claims);
      try {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(pair.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + URL.encodeToString(signature.sign());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static String encode(JsonObject json) {
    return URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return URL.encodeToString(bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
  }
}
