package org.csgateway.auth.testing;

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

/** RSA keys, their JWK form and RS256-signed JWTs, built with the JDK alone. */
public final class Jwts {
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private Jwts() {}

  /** A signing key with its key id. */
  public record SigningKey(String kid, KeyPair pair) {
    public static SigningKey generate(String kid) {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return new SigningKey(kid, generator.generateKeyPair());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The public JWK: kty, kid, use, alg, n, e. */
    public JsonObject jwk() {
      RSAPublicKey key = (RSAPublicKey) pair.getPublic();
      return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
          .put("n", unsigned(key.getModulus())).put("e", unsigned(key.getPublicExponent()));
    }

    /** A compact RS256 JWS of these claims, with this key's kid. */
    public String sign(JsonObject claims) {
      return signWithHeader(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid), claims);
    }

    public String signWithHeader(JsonObject header, JsonObject claims) {
      String input = part(header) + "." + part(claims);
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

  public static String part(JsonObject json) {
    return URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return URL.encodeToString(bytes);
  }
}
