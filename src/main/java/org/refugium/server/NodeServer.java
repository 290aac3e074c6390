package org.refugium.server;

import java.net.URI;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.jetty.JettyHttpContainerFactory;
import org.glassfish.jersey.media.multipart.MultiPartFeature;
import org.glassfish.jersey.media.multipart.MultiPartProperties;
import org.glassfish.jersey.server.ResourceConfig;
import org.refugium.api.ApiConfig;
import org.refugium.api.ApiJson;
import org.refugium.api.ComputerVisionResource;
import org.refugium.api.RecognitionLimiter;
import org.refugium.api.ControlledTermsResource;
import org.refugium.api.Endpoints;
import org.refugium.api.ErrorMappers;
import org.refugium.api.ObservationsResource;
import org.refugium.api.OpenApi;
import org.refugium.api.TaxaResource;
import org.refugium.api.UsersResource;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.data.SnapshotHolder;
import org.refugium.recognition.Recognizer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.web.WebApp;
import org.refugium.web.WebConfig;
import org.refugium.web.WebRecognition;

/** The HTTP node: Jetty with Jersey resources over the current snapshot. */
public final class NodeServer implements AutoCloseable {

  /**
   * Pooled SQLite connections: one per core and a few more, since a request waiting on disk holds one.
   * Measured on the sample: see docs/api.md (the pool is not the bottleneck at this size).
   */
  static int defaultConnections() {
    return Runtime.getRuntime().availableProcessors() + 4;
  }

  /**
   * Jetty's request threads by default: twice the cores (a request waiting on disk or on a recognition slot
   * holds its thread) and a few more; acceptor and selector threads come on top (see {@link #start}).
   */
  public static int defaultThreads() {
    return 2 * Runtime.getRuntime().availableProcessors() + 8;
  }

  /** How long a stop waits for requests in flight before closing their connections. */
  public static final long DEFAULT_STOP_MILLIS = 10_000;

  /** How often the server looks at CURRENT for a switch (`snapshots use`, an import, a rollback). */
  static final long WATCH_MILLIS = 2_000;

  private final Server jetty;
  private final SnapshotHolder snapshots;
  private final SnapshotWatcher watcher;
  private final GracefulHandler graceful;
  private final long drainMillis;
  private boolean closed;

  private NodeServer(Server jetty, SnapshotHolder snapshots, SnapshotWatcher watcher, GracefulHandler graceful,
      long drainMillis) {
    this.jetty = jetty;
    this.snapshots = snapshots;
    this.watcher = watcher;
    this.graceful = graceful;
    this.drainMillis = drainMillis;
  }

  /** Serve settings beyond address and content: request threads and how long a stop waits. */
  /** @param allowUnsigned serve (and switch to) snapshots that are unsigned or signed by an untrusted key */
  public record Options(int threads, long stopMillis, boolean allowUnsigned) {

    public Options(int threads, long stopMillis) {
      this(threads, stopMillis, false);
    }

    public Options {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, not " + threads);
      }
      if (stopMillis < 0) {
        throw new IllegalArgumentException("stop timeout must not be negative");
      }
    }

    public static Options defaults() {
      return new Options(defaultThreads(), DEFAULT_STOP_MILLIS);
    }
  }

  /**
   * What a node behind a balancer needs (docs/replication.md): its name on every response, the proxies whose
   * X-Forwarded-For it believes, and how long it reports not ready before switching snapshots.
   */
  public record Fleet(String nodeName, TrustedProxies trustedProxies, long switchDrainMillis) {

    public Fleet {
      if (nodeName == null || !nodeName.matches("[A-Za-z0-9._:-]{1,64}")) {
        throw new IllegalArgumentException("a node name is 1 to 64 letters, digits, '.', '_', ':' or '-'");
      }
      if (switchDrainMillis < 0) {
        throw new IllegalArgumentException("the switch drain time must not be negative");
      }
    }

    public static Fleet defaults() {
      return new Fleet(NodeHeaders.defaultNodeName(), TrustedProxies.none(), 0);
    }
  }

  /** Starts serving; port 0 picks a free port (tests). */
  public static NodeServer start(String bind, int port, SnapshotStore store) throws Exception {
    return start(bind, port, store, ApiConfig.defaults());
  }

  public static NodeServer start(String bind, int port, SnapshotStore store, ApiConfig config) throws Exception {
    return start(bind, port, store, WebConfig.of(config), null);
  }

  /** With the web pages' settings too (a local photo mirror). */
  public static NodeServer start(String bind, int port, SnapshotStore store, WebConfig web) throws Exception {
    return start(bind, port, store, web, null);
  }

  public static NodeServer start(String bind, int port, SnapshotStore store, ApiConfig config, Recognizer recognizer)
      throws Exception {
    return start(bind, port, store, WebConfig.of(config), recognizer);
  }

  /**
   * @param recognizer the loaded model bundles for /v1/computervision (null or empty: score_image answers
   *     503 with how to install one); owned by the caller, who closes it after the server
   */
  public static NodeServer start(String bind, int port, SnapshotStore store, WebConfig web, Recognizer recognizer)
      throws Exception {
    return start(bind, port, store, web, recognizer, Options.defaults());
  }

  public static NodeServer start(String bind, int port, SnapshotStore store, WebConfig web, Recognizer recognizer,
      Options options) throws Exception {
    return start(bind, port, store, web, recognizer, options, Fleet.defaults());
  }

  public static NodeServer start(String bind, int port, SnapshotStore store, WebConfig web, Recognizer recognizer,
      Options options, Fleet fleet) throws Exception {
    ApiConfig config = web.api();
    if (recognizer != null) {
      recognizer.attachArchive(store.root()); // photo vectors under {data-dir}/vectors/, when built
    }
    String name = store.currentName().orElseThrow(() -> new IllegalStateException("no snapshot is published in "
        + store.root()));
    var signatures = org.refugium.snapshot.SignaturePolicy.of(store, options.allowUnsigned());
    var signed = signatures.check(store.dir(name));
    if (!signed.accepted()) {
      throw new IllegalStateException("refusing to serve snapshot " + name + ": " + signed.message());
    }
    if (signed.loud()) {
      System.err.println("snapshot " + name + ": " + signed.message());
    }
    SnapshotHolder snapshots = new SnapshotHolder(ServedSnapshot.open(name, store.dir(name), defaultConnections()));
    SnapshotWatcher watcher = new SnapshotWatcher(store, snapshots, name, defaultConnections(), System.err, signatures)
        .drainBeforeSwitch(fleet.switchDrainMillis());
    NodeMetrics metrics = new NodeMetrics(snapshots).watch(watcher, recognizer, snapshots);
    try {
      Endpoints endpoints = new Endpoints(snapshots, config);
      RecognitionLimiter limiter = RecognitionLimiter.defaults(); // shared: API and identify page uploads queue together
      ResourceConfig app = new ResourceConfig()
          .register(JacksonFeature.withoutExceptionMappers())
          .register(ApiJson.class)
          .register(ErrorMappers.Api.class)
          .register(ErrorMappers.Web.class)
          .register(ErrorMappers.BadNumber.class)
          .register(ErrorMappers.BadDate.class)
          .register(ErrorMappers.Unexpected.class)
          .register(new HealthResource(snapshots, watcher, recognizer))
          .register(new MetricsResource(metrics))
          .register(new RequestLog(metrics, System.out, fleet.trustedProxies()))
          .register(new NodeHeaders(fleet.nodeName(), watcher))
          .register(new ObservationsResource(endpoints))
          .register(new TaxaResource(endpoints))
          .register(new UsersResource(endpoints))
          .register(new ControlledTermsResource())
          .register(MultiPartFeature.class)
          // Uploads up to 1 MiB (a photo as clients send it for recognition, ~20–300 KB) stay in memory: Jersey's
          // default of 4 KiB wrote each one to a temp file and read it back. A form has a few fields, not thousands.
          .register(new MultiPartProperties().bufferThreshold(1 << 20).maxParts(16).resolver())
          .register(new ComputerVisionResource(endpoints, recognizer, limiter,
              metrics::recordRecognition))
          .register(new OpenApi());
      WebApp.register(app, endpoints, web, new WebRecognition(recognizer, limiter, metrics::recordRecognition), watcher);
      Server jetty = JettyHttpContainerFactory.createServer(URI.create("http://" + bind + ":" + port + "/"), app, false);
      jetty.setErrorHandler(new JsonErrorHandler());
      for (var connector : jetty.getConnectors()) {
        if (connector instanceof ServerConnector server) {
          server.setHost(bind); // Jersey's factory listens on every interface whatever the URI's host says
        }
        var http = connector.getConnectionFactory(org.eclipse.jetty.server.HttpConnectionFactory.class);
        if (http != null) {
          http.getHttpConfiguration().setRequestHeaderSize(JsonErrorHandler.MAX_REQUEST_HEADER_BYTES);
          http.getHttpConfiguration().setSendServerVersion(false);

        }
      }
      limitThreads(jetty, options.threads());
      // Graceful stop: the connectors stop accepting first, then Jetty waits (up to the stop timeout) for the
      // requests the GracefulHandler counts as in flight; new requests on kept-alive connections get 503.
      // ClientGone sits right around Jersey: a response whose client left mid-write must end, not stay in flight
      // WholeResponses outside gzip: answers up to 256 KiB leave whole, compressed or not, with a Content-Length
      GracefulHandler graceful = new GracefulHandler(new WholeResponses(compressed(UploadGuard.wrap(
          new ClientGone(jetty.getHandler(), System.err), options.threads()))));
      metrics.inFlight(graceful::getCurrentRequestCount);
      jetty.setHandler(graceful);
      jetty.setStopTimeout(options.stopMillis());
      jetty.setStopAtShutdown(false); // the caller stops us, then closes the snapshot (see ServeCommand)
      jetty.start();
      return new NodeServer(jetty, snapshots, watcher.start(WATCH_MILLIS), graceful, fleet.switchDrainMillis());
    } catch (Exception e) {
      watcher.close();
      snapshots.close();
      throw e;
    }
  }

  /**
   * Text responses (pages, JSON, CSV and GeoJSON exports, stylesheet, script, SVG maps) leave gzip-compressed
   * when the client accepts it: a taxon page's first view fell from 1.59 MB to ~0.3 MB (docs/web.md). Photos are
   * JPEGs already and are not touched; the assets that never change are compressed once, ahead of time
   * ({@link org.refugium.web.AssetsResource}), and Jetty leaves a response that has its own encoding alone.
   * Jetty's brotli needs a native library, which a node should not have to carry: gzip only.
   */
  static Handler compressed(Handler handler) {
    GzipHandler gzip = new GzipHandler();
    gzip.setMinGzipSize(512);
    gzip.setIncludedMethods("GET", "POST");
    gzip.setIncludedMimeTypes("text/html", "text/css", "text/javascript", "application/javascript",
        "image/svg+xml", "application/json", "application/geo+json", "text/csv", "text/plain",
        "text/tab-separated-values");
    gzip.setHandler(handler);
    return gzip;
  }

  /**
   * Caps Jetty's pool at {@code threads} request threads plus the acceptor and selector threads the
   * connectors keep busy for themselves, so that --threads means what it says whatever the core count.
   */
  private static void limitThreads(Server jetty, int threads) {
    if (!(jetty.getThreadPool() instanceof QueuedThreadPool pool)) {
      throw new IllegalStateException("unexpected Jetty thread pool " + jetty.getThreadPool());
    }
    int reserved = 0;
    for (var connector : jetty.getConnectors()) {
      if (connector instanceof ServerConnector server) {
        reserved += server.getAcceptors() + server.getSelectorManager().getSelectorCount();
      }
    }
    int max = threads + reserved;
    pool.setMinThreads(Math.min(pool.getMinThreads(), max));
    pool.setMaxThreads(max);
  }

  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Looks at CURRENT now instead of at the next tick (tests, and after a local `snapshots use`). */
  public void checkForSwitch() {
    watcher.checkOnce();
  }

  /** Requests being handled now (the graceful stop waits for these). */
  public long requestsInFlight() {
    return graceful.getCurrentRequestCount();
  }

  /**
   * Stops gracefully: not ready for the drain time (when one is set), then no new connections, requests in flight get up to the stop timeout to finish, then the
   * snapshot closes. Safe to call twice and from a shutdown hook while the main thread also closes.
   */
  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    // Behind a balancer (a drain time is set): first say "not ready" and go on serving for the drain time, so the
    // balancer stops sending requests here before the port closes; then the graceful stop below has little left.
    watcher.stopping();
    if (drainMillis > 0) {
      try {
        Thread.sleep(drainMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // asked to hurry: stop now
      }
    }
    watcher.close();
    long inFlight = graceful.getCurrentRequestCount();
    try {
      jetty.stop();
    } catch (TimeoutException e) {
      // Jetty has stopped all the same; what was still running had its connection closed
      System.err.println("stop: " + graceful.getCurrentRequestCount() + " of " + inFlight
          + " request(s) in flight did not finish within " + jetty.getStopTimeout() + " ms and were cut off");
    } finally {
      snapshots.close();
    }
  }
}
