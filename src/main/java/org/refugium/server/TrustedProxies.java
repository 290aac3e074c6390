package org.refugium.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The balancers whose X-Forwarded-For this node believes (`serve --trusted-proxy 127.0.0.1,10.0.0.0/8`). Anyone
 * can send the header, so it is read only when the direct peer is one of these; otherwise the peer is the client.
 * From a trusted peer the header is read right to left, skipping further trusted addresses (a chain of our own
 * proxies), and the first address not in the list is the client — as nginx's real_ip_recursive does: the leftmost
 * entries are whatever the client wrote and prove nothing.
 */
public final class TrustedProxies {

  /** Literal IPv4 or IPv6 addresses only: a host name here would make every request wait on DNS. */
  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private static final TrustedProxies NONE = new TrustedProxies(List.of(), "");

  private final List<Range> ranges;
  private final String spec;

  private TrustedProxies(List<Range> ranges, String spec) {
    this.ranges = ranges;
    this.spec = spec;
  }

  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Parses a comma-separated list of addresses and CIDR ranges (IPv4 or IPv6).
   *
   * @throws IllegalArgumentException naming the entry that is not one
   */
  public static TrustedProxies parse(String list) {
    if (list == null || list.isBlank()) {
      return NONE;
    }
    List<Range> ranges = new ArrayList<>();
    for (String raw : list.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      ranges.add(Range.parse(entry));
    }
    return new TrustedProxies(List.copyOf(ranges), list.trim());
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** True when {@code address} (a literal IP) is one of the trusted proxies. */
  public boolean trusts(String address) {
    byte[] bytes = literal(address);
    if (bytes == null) {
      return false;
    }
    for (Range r : ranges) {
      if (r.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client's address: {@code peer} itself unless it is trusted and {@code forwardedFor} (the X-Forwarded-For
   * header, possibly several joined by commas) names someone beyond it.
   */
  public String client(String peer, String forwardedFor) {
    if (peer == null || forwardedFor == null || forwardedFor.isBlank() || !trusts(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    String client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (literal(hop) == null) {
        return client; // junk in the chain (or "unknown"): stop at the last address we could vouch for
      }
      client = hop;
      if (!trusts(hop)) {
        return hop;
      }
    }
    return client;
  }

  @Override
  public String toString() {
    return ranges.isEmpty() ? "none" : spec;
  }

  /** The bytes of a literal address, or null when it is not one (never a DNS lookup). */
  static byte[] literal(String address) {
    if (address == null) {
      return null;
    }
    String a = address.trim();
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    if (a.isEmpty() || a.length() > 45 || !LITERAL.matcher(a).matches()) {
      return null;
    }
    if (a.indexOf(':') < 0 && !a.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return null; // InetAddress would read "10.1" as 10.0.0.1
    }
    try {
      // an IPv4-mapped IPv6 address (::ffff:10.0.0.1, as a dual-stack socket reports IPv4 peers) comes back as the
      // IPv4 address's 4 bytes: Java converts it itself
      return InetAddress.getByName(a).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private record Range(byte[] network, int prefix) {

    static Range parse(String entry) {
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      byte[] network = literal(address);
      if (network == null) {
        throw new IllegalArgumentException("not an IP address or CIDR range: " + entry);
      }
      int bits = network.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException("not a CIDR prefix length (0–" + bits + "): " + entry);
        }
      }
      return new Range(network, prefix);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false; // Java already turns ::ffff:a.b.c.d into 4 bytes, so no other cross-family case is left
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }
  }
}
