package org.refugium.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** X-Forwarded-For is believed from configured proxies only, read right to left past our own proxies. */
class TrustedProxiesTest {

  private final TrustedProxies proxies = TrustedProxies.parse("127.0.0.1, 10.0.0.0/8,fd00::/8");

  @Test
  void anUntrustedPeerIsTheClientWhateverItsHeaderSays() {
    assertThat(proxies.client("192.0.2.10", "198.51.100.7")).isEqualTo("192.0.2.10");
    assertThat(TrustedProxies.none().client("127.0.0.1", "198.51.100.7")).isEqualTo("127.0.0.1");
  }

  @Test
  void aTrustedPeerNamesTheClientAndOnlyTheRightmostUntrustedHopCounts() {
    assertThat(proxies.client("127.0.0.1", "198.51.100.7")).isEqualTo("198.51.100.7");
    // the client wrote "1.2.3.4" itself; the balancer appended the address it really saw
    assertThat(proxies.client("127.0.0.1", "1.2.3.4, 198.51.100.7")).isEqualTo("198.51.100.7");
    // a chain of our own proxies is skipped
    assertThat(proxies.client("10.1.2.3", "198.51.100.7, 10.9.9.9")).isEqualTo("198.51.100.7");
    assertThat(proxies.client("127.0.0.1", null)).isEqualTo("127.0.0.1");
    // junk in the chain: the last address vouched for
    assertThat(proxies.client("127.0.0.1", "198.51.100.7, unknown, 10.0.0.5")).isEqualTo("10.0.0.5");
    assertThat(proxies.client("127.0.0.1", "evil.example")).isEqualTo("127.0.0.1");
  }

  @Test
  void rangesMatchBitByBitInBothFamilies() {
    TrustedProxies odd = TrustedProxies.parse("192.168.4.0/22");
    assertThat(odd.trusts("192.168.7.255")).isTrue();
    assertThat(odd.trusts("192.168.8.0")).isFalse();
    assertThat(odd.trusts("192.168.3.255")).isFalse();
    assertThat(proxies.trusts("fd12:3456::1")).isTrue();
    assertThat(proxies.trusts("fe80::1")).isFalse();
    assertThat(proxies.trusts("::ffff:10.1.1.1")).as("an IPv4-mapped peer").isTrue();
    assertThat(proxies.trusts("10.1")).as("not a full literal, never resolved").isFalse();
    assertThat(proxies.trusts("localhost")).as("no DNS").isFalse();
  }

  @Test
  void badEntriesAreRefusedByName() {
    assertThatThrownBy(() -> TrustedProxies.parse("127.0.0.1,proxy.example"))
        .hasMessageContaining("proxy.example");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/x")).hasMessageContaining("10.0.0.0/x");
  }
}
