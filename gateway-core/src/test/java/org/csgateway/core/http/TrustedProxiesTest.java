package org.csgateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  @Nested
  class Networks {

    @Test
    void should_match_ipv4_addresses_inside_the_network_only() {
      TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.0/26"));

      assertThat(proxies.isTrusted("10.255.1.2")).isTrue();
      assertThat(proxies.isTrusted("11.0.0.1")).isFalse();
      assertThat(proxies.isTrusted("192.168.1.63")).isTrue();
      assertThat(proxies.isTrusted("192.168.1.64")).isFalse();
    }

    @Test
    void should_match_ipv6_addresses_inside_the_network_only() {
      TrustedProxies proxies = TrustedProxies.of(List.of("2001:db8::/32", "::1/128"));

      assertThat(proxies.isTrusted("2001:db8:ffff::1")).isTrue();
      assertThat(proxies.isTrusted("[2001:db8::7]")).isTrue();
      assertThat(proxies.isTrusted("2001:db9::1")).isFalse();
      assertThat(proxies.isTrusted("0:0:0:0:0:0:0:1")).isTrue();
      assertThat(proxies.isTrusted("::2")).isFalse();
    }

    @Test
    void should_treat_a_single_address_as_a_full_length_network() {
      TrustedProxies proxies = TrustedProxies.of(List.of("127.0.0.1", "fe80::1"));

      assertThat(proxies.isTrusted("127.0.0.1")).isTrue();
      assertThat(proxies.isTrusted("127.0.0.2")).isFalse();
      assertThat(proxies.isTrusted("fe80::1")).isTrue();
      assertThat(proxies.networks()).containsExactly("127.0.0.1/32", "fe80::1/128");
    }

    @Test
    void should_match_ipv4_mapped_ipv6_addresses_against_ipv4_networks() {
      TrustedProxies proxies = TrustedProxies.of(List.of("127.0.0.0/8"));

      assertThat(proxies.isTrusted("::ffff:127.0.0.1")).isTrue();
      assertThat(proxies.isTrusted("::ffff:128.0.0.1")).isFalse();
    }

    @Test
    void should_never_trust_what_is_not_an_ip_literal() {
      TrustedProxies proxies = TrustedProxies.of(List.of("0.0.0.0/0", "::/0"));

      assertThat(proxies.isTrusted("localhost")).isFalse();
      assertThat(proxies.isTrusted("unknown")).isFalse();
      assertThat(proxies.isTrusted("")).isFalse();
      assertThat(proxies.isTrusted(null)).isFalse();
      assertThat(proxies.isTrusted("1.2.3")).isFalse();
    }

    @Test
    void should_reject_invalid_networks_with_the_entry_named() {
      assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'10.0.0.0/33'")
          .hasMessageContaining("32");
      assertThatThrownBy(() -> TrustedProxies.of(List.of("2001:db8::/129")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128");
      assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.example.com/24")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address");
      assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/x")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix length");
      assertThatThrownBy(() -> TrustedProxies.of(List.of(" ")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }

    @Test
    void should_reject_a_network_with_host_bits_set_and_suggest_the_network() {
      assertThatThrownBy(() -> TrustedProxies.of(List.of("10.1.2.3/8")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("did you mean 10.0.0.0/8?");
    }
  }

  @Nested
  class ClientResolution {
    private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "2001:db8::/32"));

    @Test
    void should_be_the_peer_when_the_peer_is_not_trusted() {
      assertThat(proxies.resolveClient("203.0.113.9", List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
    }

    @Test
    void should_walk_from_the_right_and_stop_at_the_first_untrusted_hop() {
      List<String> hops = List.of("198.51.100.1", "203.0.113.7", "10.0.0.2", "10.0.0.1");

      assertThat(proxies.resolveClient("10.9.9.9", hops)).isEqualTo("203.0.113.7");
    }

    @Test
    void should_be_the_leftmost_hop_when_every_hop_is_trusted() {
      assertThat(proxies.resolveClient("10.0.0.1", List.of(" 10.0.0.3", "10.0.0.2 "))).isEqualTo("10.0.0.3");
    }

    @Test
    void should_be_the_peer_when_a_trusted_peer_sent_no_hops() {
      assertThat(proxies.resolveClient("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
    }

    @Test
    void should_stop_at_the_last_verified_address_when_a_hop_is_malformed() {
      List<String> hops = List.of("198.51.100.1", "not-an-address", "10.0.0.2");

      assertThat(proxies.resolveClient("10.0.0.1", hops)).isEqualTo("10.0.0.2");
      assertThat(proxies.resolveClient("10.0.0.1", List.of("unknown"))).isEqualTo("10.0.0.1");
      assertThat(proxies.resolveClient("10.0.0.1", List.of("_hidden", ""))).isEqualTo("10.0.0.1");
    }

    @Test
    void should_read_ports_brackets_and_quotes_and_answer_canonical_addresses() {
      assertThat(proxies.resolveClient("2001:db8:0:0:0:0:0:1", List.of("\"[2001:DB8:cafe::17]:4711\"")))
          .isEqualTo("2001:db8:cafe::17");
      assertThat(proxies.resolveClient("10.0.0.1", List.of("192.0.2.60:8080"))).isEqualTo("192.0.2.60");
      assertThat(proxies.resolveClient("::ffff:203.0.113.1", List.of("1.1.1.1"))).isEqualTo("203.0.113.1");
    }
  }
}
