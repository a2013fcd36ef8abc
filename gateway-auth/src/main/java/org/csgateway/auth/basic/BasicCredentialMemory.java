package org.csgateway.auth.basic;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.csgateway.auth.config.BasicConfig;

/**
 * What the upstream said about API credentials lately: accepted (remembered {@code validTtl}) or rejected
 * (remembered {@code invalidTtl}). Keyed by an HMAC-SHA256 of the whole credential under a per-process random or
 * configured secret, so neither the password nor an offline-guessable hash of it is ever stored. Thread-safe.
 */
public final class BasicCredentialMemory {
  private static final String HMAC = "HmacSHA256";

  /** What is known of a credential. */
  public enum State { UNKNOWN, VALID, INVALID }

  private final Mac prototype;
  private final Cache<String, Boolean> verdicts;

  /**
   * @param config lifetimes, size and the HMAC secret (null: a random one for this process)
   * @param ticker Caffeine's nano clock (a fake one in tests)
   */
  public BasicCredentialMemory(BasicConfig config, Ticker ticker) {
    byte[] secret = new byte[32];
    if (config.hmacSecret() != null) {
      secret = config.hmacSecret().getBytes(StandardCharsets.UTF_8);
    } else {
      new SecureRandom().nextBytes(secret);
    }
    try {
      prototype = Mac.getInstance(HMAC);
      prototype.init(new SecretKeySpec(secret, HMAC));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
    verdicts = Caffeine.newBuilder()
        .maximumSize(config.maxEntries())
        .ticker(Objects.requireNonNull(ticker, "ticker"))
        .executor(Runnable::run)
        .expireAfter(Expiry.<String, Boolean>writing((key, valid) -> valid ? config.validTtl() : config.invalidTtl()))
        .build();
  }

  /** The key of a credential: 128 bits of its HMAC, URL-safe Base64. Stable for the life of the secret. */
  public String key(String username, String password) {
    Mac mac;
    try {
      mac = (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the HmacSHA256 provider cannot clone", e);
    }
    mac.update(username.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0); // a separator no username contains: "ab"+"c" and "a"+"bc" differ
    byte[] digest = mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
  }

  public State state(String key) {
    Boolean valid = verdicts.getIfPresent(key);
    return valid == null ? State.UNKNOWN : valid ? State.VALID : State.INVALID;
  }

  /** Remembers what the upstream said, replacing (and restarting the lifetime of) what was known. */
  public void remember(String key, boolean valid) {
    verdicts.put(key, valid);
  }

  public boolean evict(String key) {
    return verdicts.asMap().remove(key) != null;
  }

  public long evictAll() {
    long size = verdicts.estimatedSize();
    verdicts.invalidateAll();
    return size;
  }

  public long estimatedSize() {
    return verdicts.estimatedSize();
  }
}
