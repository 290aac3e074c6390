package org.refugium.server;

import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.jetty.JettyHttpContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.refugium.snapshot.SnapshotStore;

/** The HTTP node: Jetty with Jersey resources over the current snapshot. */
public final class NodeServer implements AutoCloseable {

  private final Server jetty;

  private NodeServer(Server jetty) {
    this.jetty = jetty;
  }

  /** Starts serving; port 0 picks a free port (tests). */
  public static NodeServer start(String bind, int port, SnapshotStore store) throws Exception {
    ResourceConfig app = new ResourceConfig()
        .register(new HealthResource(store));
    Server jetty = JettyHttpContainerFactory.createServer(URI.create("http://" + bind + ":" + port + "/"), app, false);
    jetty.setStopAtShutdown(true);
    jetty.start();
    return new NodeServer(jetty);
  }

  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  public void join() throws InterruptedException {
    jetty.join();
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
  }
}
