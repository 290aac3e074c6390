package org.refugium.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port for a server that a test cannot start on port 0: a child process (S3Proxy, HAProxy, a `serve` JVM) or a
 * `serve --port N` command line, told its port before it binds, and a node restarted on the port HAProxy knows.
 *
 * <p>{@code new ServerSocket(0)} gives a port of the kernel's ephemeral range, and closing it to let the server bind it
 * leaves a window (seconds, while a JVM starts) in which the kernel may hand the same number to any other socket: an
 * outgoing connection of this JVM, of HAProxy, of any process on the box, or another {@code bind(0)}. The server then
 * fails to bind, or a test talks to the wrong server. The kernel never hands out a port below its ephemeral range, so
 * this picks a free one there ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768 and up by default): only a
 * process that asks for that very number can take it. (Selenium's PortProber picks its driver ports the same way.)
 */
public final class FreePorts {

  /** The lowest port handed out: above the well-known and most registered service ports. */
  static final int LOWEST = 10_000;

  /** Ports already handed out in this JVM: two servers of one test never get the same number. */
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  /** A port nothing listens on now, outside the kernel's ephemeral range when that range leaves room below it. */
  public static int pick() throws IOException {
    int below = ephemeralLow();
    if (below - LOWEST < 1_000) { // an unusual range that starts low: the ephemeral way is all there is
      try (ServerSocket s = new ServerSocket(0)) {
        GIVEN.add(s.getLocalPort());
        return s.getLocalPort();
      }
    }
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      if (!GIVEN.contains(port) && bindable(port) && GIVEN.add(port)) {
        return port;
      }
    }
    throw new IOException("no free port between " + LOWEST + " and " + below + " after 1,000 tries");
  }

  /** Whether a server could bind the port on every address now (which also rules out one bound to 127.0.0.1). */
  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** The first port of the kernel's ephemeral range (Linux's default when it cannot be read). */
  static int ephemeralLow() {
    try {
      String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException notLinux) {
      return 32_768;
    }
  }
}
