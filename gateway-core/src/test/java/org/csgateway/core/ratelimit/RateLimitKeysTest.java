package org.csgateway.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Store keys: a hash of the identity, never the identity; remembered keys are exactly the hashed ones. */
class RateLimitKeysTest {
  @Test
  void should_give_a_22_character_key_that_does_not_contain_the_identity() {
    String key = new RateLimitKeys().hash("principal:user-42");

    assertThat(key).hasSize(22).matches("[A-Za-z0-9_-]+").doesNotContain("user-42");
  }

  @Test
  void should_give_the_same_key_from_memory_as_when_hashing() {
    RateLimitKeys remembering = new RateLimitKeys();
    Set<String> keys = new HashSet<>();

    // 2,000 identities over 256 slots: slots are taken over many times, and each identity comes back after that.
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 2_000; i++) {
        String identity = "principal:user-" + i;
        String key = remembering.hash(identity);
        // A fresh instance has nothing remembered: it hashes.
        assertThat(key).as(identity).isEqualTo(new RateLimitKeys().hash(identity));
        keys.add(key);
      }
    }
    assertThat(keys).hasSize(2_000);
  }
}
