package org.refugium.server;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Names the node and the snapshot it served on every response (X-Refugium-Node, X-Refugium-Snapshot): behind a
 * balancer, the only way a client or an operator with curl can tell which replica answered and whether a rolling
 * update has reached it. X-Refugium-Readiness is what /health/ready said when the request arrived ("ready", or
 * "draining" for one a balancer sent before it noticed): a request that arrived while the node was "switching" or
 * "stopping" means the balancer did not drain it in time. Not secret: /health says as much.
 */
@PreMatching
public final class NodeHeaders implements ContainerRequestFilter, ContainerResponseFilter {

  public static final String NODE = "X-Refugium-Node";
  public static final String SNAPSHOT = "X-Refugium-Snapshot";
  public static final String READINESS = "X-Refugium-Readiness";
  private static final String ARRIVED = "refugium.readiness";

  private final String node;
  private final SnapshotWatcher watcher;

  public NodeHeaders(String node, SnapshotWatcher watcher) {
    this.node = node;
    this.watcher = watcher;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(ARRIVED, watcher.readiness().reason());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    response.getHeaders().putSingle(NODE, node);
    response.getHeaders().putSingle(SNAPSHOT, watcher.served());
    Object arrived = request.getProperty(ARRIVED);
    if (arrived != null) {
      response.getHeaders().putSingle(READINESS, arrived);
    }
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
