package org.refugium.server;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Names the node and the snapshot it served on every response (X-Refugium-Node, X-Refugium-Snapshot): behind a
 * balancer, the only way a client or an operator with curl can tell which replica answered and whether a rolling
 * update has reached it. Not secret: /health says as much.
 */
public final class NodeHeaders implements ContainerResponseFilter {

  public static final String NODE = "X-Refugium-Node";
  public static final String SNAPSHOT = "X-Refugium-Snapshot";

  private final String node;
  private final SnapshotWatcher watcher;

  public NodeHeaders(String node, SnapshotWatcher watcher) {
    this.node = node;
    this.watcher = watcher;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    response.getHeaders().putSingle(NODE, node);
    response.getHeaders().putSingle(SNAPSHOT, watcher.served());
  }

  /** This machine's host name, the default node name; "refugium" when it has none. */
  public static String defaultNodeName() {
    try {
      String host = java.net.InetAddress.getLocalHost().getHostName();
      return host == null || host.isBlank() ? "refugium" : host;
    } catch (java.io.IOException e) {
      return "refugium";
    }
  }
}
