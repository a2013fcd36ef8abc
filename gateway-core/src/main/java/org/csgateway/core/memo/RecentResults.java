package org.csgateway.core.memo;

import java.util.Objects;
import java.util.function.Function;

/**
 * The results of a pure function for the keys it was given lately, so that a value the request path sees request
 * after request (a caller's identity, an {@code Accept} header) is worked on once. A fixed number of slots, chosen by
 * the key's hash, each holding the latest key that landed there with its result: memory is bounded whatever keys
 * come, and a key that finds its slot taken costs one hash and one comparison more than calling the function.
 *
 * <p>Safe to share between event loops without locks: a slot holds an immutable pair with final fields, so a reader
 * sees a whole pair, an older one or none, and each is a right answer or a miss; racing threads at worst compute a
 * result twice. The function must be pure: any result it gave for a key must be right for that key forever.
 *
 * @param <K> the key, with {@code equals} and {@code hashCode}
 * @param <V> the function's result
 */
public final class RecentResults<K, V> {
  private final Pair<K, V>[] slots;
  private final Function<? super K, ? extends V> function;

  /**
   * @param slots how many keys can be remembered at once, a power of two
   * @param function the pure function whose results are remembered
   */
  @SuppressWarnings("unchecked")
  public RecentResults(int slots, Function<? super K, ? extends V> function) {
    if (slots <= 0 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    this.slots = (Pair<K, V>[]) new Pair<?, ?>[slots];
    this.function = Objects.requireNonNull(function, "function");
  }

  /** The function's result for this key: remembered when the key was given lately, else computed and remembered. */
  public V get(K key) {
    int slot = key.hashCode() & (slots.length - 1);
    Pair<K, V> last = slots[slot];
    if (last != null && last.key().equals(key)) {
      return last.value();
    }
    V value = function.apply(key);
    slots[slot] = new Pair<>(key, value);
    return value;
  }

  private record Pair<K, V>(K key, V value) {}
}
