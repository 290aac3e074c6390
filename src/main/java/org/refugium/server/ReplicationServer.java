package org.refugium.server;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.refugium.snapshot.SignaturePolicy;
import org.refugium.snapshot.SnapshotStore;

/**
 * The replication listener of {@code serve --replication-bind HOST:PORT}: the read-only routes of
 * {@link ReplicationHandler} on their own address and port, with their own few threads. Off unless that option is
 * given; never on the public port, so a firewall can keep it to the other nodes, and a 100 GB transfer to a new
 * replica never holds one of the threads that answer pages.
 */
public final class ReplicationServer implements AutoCloseable {

  /** Transfers at once; more wait in the accept queue (a handful of replicas pull at a time). */
  static final int THREADS = 4;

  private final Server jetty;

  private ReplicationServer(Server jetty) {
    this.jetty = jetty;
  }

  /** Starts listening; port 0 picks a free one (tests). */
  public static ReplicationServer start(String host, int port, SnapshotStore store, SignaturePolicy signatures)
      throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName("replication");
    Server jetty = new Server(pool);
    ServerConnector connector = new ServerConnector(jetty, 1, 1);
    connector.setHost(host);
    connector.setPort(port);
    var http = connector.getConnectionFactory(org.eclipse.jetty.server.HttpConnectionFactory.class);
    http.getHttpConfiguration().setSendServerVersion(false);
    http.getHttpConfiguration().setRequestHeaderSize(8 * 1024);
    jetty.addConnector(connector);
    pool.setMaxThreads(THREADS + connector.getAcceptors() + connector.getSelectorManager().getSelectorCount());
    pool.setMinThreads(Math.min(pool.getMinThreads(), pool.getMaxThreads()));
    jetty.setHandler(new ReplicationHandler(store, signatures));
    jetty.setErrorHandler(new JsonErrorHandler());
    jetty.setStopTimeout(2_000); // a transfer cut by a stop resumes from where it stopped
    jetty.setStopAtShutdown(false);
    try {
      jetty.start();
    } catch (java.io.IOException e) { // the port is taken, the address is not this machine's
      jetty.stop();
      throw new IllegalArgumentException("--replication-bind " + host + ":" + port + ": cannot listen there ("
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + ")");
    }
    return new ReplicationServer(jetty);
  }

  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** Parses {@code HOST:PORT}, {@code [v6]:PORT} or a bare {@code PORT} (then on 127.0.0.1). */
  public static java.net.InetSocketAddress parseBind(String value) {
    String v = value.trim();
    int colon = v.lastIndexOf(':');
    String host = colon < 0 ? "127.0.0.1" : v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--replication-bind wants HOST:PORT (e.g. 127.0.0.1:8081), not " + value);
    }
    if (port < 0 || port > 65535 || host.isEmpty()) {
      throw new IllegalArgumentException("--replication-bind wants HOST:PORT (e.g. 127.0.0.1:8081), not " + value);
    }
    return java.net.InetSocketAddress.createUnresolved(host, port);
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
  }
}
