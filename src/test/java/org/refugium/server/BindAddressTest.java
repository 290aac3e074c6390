package org.refugium.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/** The default bind address 127.0.0.1 means loopback only: another interface's address gets no answer. */
class BindAddressTest {

  @TempDir
  Path data;

  @Test
  void listensOnLoopbackOnly() throws Exception {
    Optional<InetAddress> other = NetworkInterface.networkInterfaces().filter(i -> {
      try {
        return i.isUp() && !i.isLoopback();
      } catch (IOException e) {
        return false;
      }
    }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst();
    assumeTrue(other.isPresent(), "no non-loopback IPv4 interface to try");
    Snapshots.importOpenData(data, "first", SharedData.openDataExcerpt());
    try (NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data))) {
      new Socket("127.0.0.1", server.port()).close();
      assertThatThrownBy(() -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(other.get(), server.port()), 2000);
        }
      }).isInstanceOf(IOException.class);
    }
  }
}
