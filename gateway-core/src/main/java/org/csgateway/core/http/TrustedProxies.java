package org.csgateway.core.http;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The networks whose forwarding headers the gateway believes, and how a client address is resolved through them.
 * A request's {@code X-Forwarded-For} (or {@code Forwarded: for=}) chain is read from the right, starting at the
 * connection's peer: each hop that is a trusted proxy lets the gateway look one step further left, and the first
 * untrusted hop is the client. Anything that is not an IP literal (a malformed entry, {@code unknown}, an obfuscated
 * identifier) ends the walk at the last address the gateway could verify. Immutable and thread-safe; never touches
 * DNS.
 */
public final class TrustedProxies {
  private static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Network> networks;

  private TrustedProxies(List<Network> networks) {
    this.networks = List.copyOf(networks);
  }

  /** Trusts no one: every peer is the client. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * @param cidrs networks such as {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or single addresses
   * @throws IllegalArgumentException naming the first entry that is not a valid network
   */
  public static TrustedProxies of(Collection<String> cidrs) {
    Objects.requireNonNull(cidrs, "cidrs");
    List<Network> networks = new ArrayList<>(cidrs.size());
    for (String cidr : cidrs) {
      networks.add(Network.parse(cidr));
    }
    return new TrustedProxies(networks);
  }

  /** The networks in canonical CIDR notation. */
  public List<String> networks() {
    return networks.stream().map(Network::toString).toList();
  }

  public boolean isEmpty() {
    return networks.isEmpty();
  }

  /** Whether this address (an IP literal, bracketed or not) lies in a trusted network; false for anything else. */
  public boolean isTrusted(String address) {
    byte[] bytes = parseAddress(address);
    return bytes != null && contains(bytes);
  }

  /**
   * The client's address for a request from this peer with these forwarded hops.
   *
   * @param peer the address of the connection's peer
   * @param hops the forwarded-for values as listed, left (oldest) to right (nearest); values may carry ports or
   *     brackets
   * @return the client address in canonical form
   */
  public String resolveClient(String peer, List<String> hops) {
    byte[] current = parseAddress(peer);
    if (current == null) {
      return peer;
    }
    for (int i = hops.size() - 1; i >= 0 && contains(current); i--) {
      byte[] hop = parseAddress(stripPort(hops.get(i)));
      if (hop == null) {
        break;
      }
      current = hop;
    }
    return NetUtil.bytesToIpAddress(current);
  }

  /** The canonical text of this IP literal (compressed IPv6, IPv4-mapped as IPv4), or null when it is none. */
  public static String canonical(String address) {
    byte[] bytes = parseAddress(address);
    return bytes == null ? null : NetUtil.bytesToIpAddress(bytes);
  }

  private boolean contains(byte[] address) {
    for (Network network : networks) {
      if (network.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** An address literal as 4 or 16 bytes (IPv4-mapped IPv6 as 4), or null if it is not one. */
  static byte[] parseAddress(String literal) {
    if (literal == null) {
      return null;
    }
    String text = literal.trim();
    if (text.length() > 1 && text.charAt(0) == '"' && text.charAt(text.length() - 1) == '"') {
      text = text.substring(1, text.length() - 1);
    }
    if (text.isEmpty() || !(Character.digit(text.charAt(0), 16) >= 0 || text.charAt(0) == ':'
        || text.charAt(0) == '[')) {
      return null;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
    if (bytes != null && bytes.length == 16 && isIpv4Mapped(bytes)) {
      return Arrays.copyOfRange(bytes, 12, 16);
    }
    return bytes;
  }

  /** Removes a port from "1.2.3.4:80" or "[::1]:80", and the quotes of a Forwarded value; leaves the rest. */
  static String stripPort(String node) {
    String text = node.trim();
    if (text.length() > 1 && text.charAt(0) == '"' && text.charAt(text.length() - 1) == '"') {
      text = text.substring(1, text.length() - 1);
    }
    if (text.startsWith("[")) {
      int end = text.indexOf(']');
      return end < 0 ? text : text.substring(0, end + 1);
    }
    int colon = text.indexOf(':');
    if (colon >= 0 && colon == text.lastIndexOf(':')) {
      return text.substring(0, colon);
    }
    return text;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  /** Equal when they trust the same networks in the same order (a configuration reload compares them). */
  @Override
  public boolean equals(Object other) {
    return other instanceof TrustedProxies that && networks.equals(that.networks);
  }

  @Override
  public int hashCode() {
    return networks.hashCode();
  }

  @Override
  public String toString() {
    return "TrustedProxies" + networks();
  }

  /** One network: an address prefix and its length in bits. */
  private record Network(byte[] prefix, int bits) {

    static Network parse(String cidr) {
      if (cidr == null || cidr.isBlank()) {
        throw new IllegalArgumentException("trusted proxy network must not be blank");
      }
      String text = cidr.trim();
      int slash = text.indexOf('/');
      String address = slash < 0 ? text : text.substring(0, slash);
      byte[] prefix = parseAddress(address);
      if (prefix == null || address.startsWith("\"")) {
        throw new IllegalArgumentException("trusted proxy network '" + cidr + "' is not an IP address or CIDR network");
      }
      int max = prefix.length * 8;
      int bits = max;
      if (slash >= 0) {
        String length = text.substring(slash + 1);
        if (!length.matches("\\d{1,3}")) {
          throw new IllegalArgumentException("trusted proxy network '" + cidr + "' has an invalid prefix length");
        }
        bits = Integer.parseInt(length);
        if (prefix.length == 4 && address.contains(":") && bits >= 96) {
          bits -= 96; // an IPv4-mapped network written in IPv6 notation
        }
        if (bits > max) {
          throw new IllegalArgumentException(
              "trusted proxy network '" + cidr + "' has a prefix length above " + max + ", was " + bits);
        }
      }
      Network network = new Network(prefix, bits);
      if (!Arrays.equals(prefix, network.masked(prefix))) {
        throw new IllegalArgumentException("trusted proxy network '" + cidr + "' has host bits set; did you mean "
            + NetUtil.bytesToIpAddress(network.masked(prefix)) + "/" + bits + "?");
      }
      return network;
    }

    boolean contains(byte[] address) {
      return address.length == prefix.length && Arrays.equals(prefix, masked(address));
    }

    private byte[] masked(byte[] address) {
      byte[] out = new byte[address.length];
      int full = bits / 8;
      System.arraycopy(address, 0, out, 0, full);
      int rest = bits % 8;
      if (rest > 0) {
        out[full] = (byte) (address[full] & (0xff << (8 - rest)));
      }
      return out;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Network n && n.bits == bits && Arrays.equals(n.prefix, prefix);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(prefix) + bits;
    }

    @Override
    public String toString() {
      return NetUtil.bytesToIpAddress(prefix) + "/" + bits;
    }
  }
}
