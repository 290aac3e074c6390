package org.refugium.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.refugium.api.ApiConfig;
import org.refugium.photos.PhotoStore;
import org.refugium.photos.PhotoStores;
import org.refugium.recognition.ImageDecoder;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.Recognizer;
import org.refugium.server.NodeServer;
import org.refugium.web.WebConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** refugium serve: the HTTP node over the current snapshot. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serves the current snapshot over HTTP.")
final class ServeCommand implements Callable<Integer> {

  @Mixin
  DataDirOption data;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 serves every interface).")
  String bind;

  @Option(names = "--photo-base-url", paramLabel = "URL", defaultValue = ApiConfig.OPEN_DATA_PHOTOS,
      description = "Base URL of photo files, laid out as {URL}/{photo_id}/{size}.{extension} (default: ${DEFAULT-VALUE}).")
  String photoBaseUrl;

  @Option(names = "--photos", paramLabel = "DIR|s3://BUCKET/PREFIX",
      description = "The node's photo store (what `photos fetch` fills): a directory or s3://bucket/prefix,"
          + " served under /photos/{photo_id}/{size}.{extension}; without --photo-base-url, photo URLs then point"
          + " there. See docs/photos.md.")
  String photos;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "Endpoint of an S3-compatible photo store (MinIO, Ceph RGW), as for `photos fetch`; default:"
          + " $AWS_ENDPOINT_URL, else AWS. Credentials the standard AWS ways (environment, profile files).")
  String s3Endpoint;

  @Mixin
  ModelsDirOption models;

  @Option(names = "--no-models", description = "Do not load model bundles (score_image answers 503).")
  boolean noModels;

  @Option(names = "--threads", paramLabel = "N",
      description = "Most requests handled at once, Jetty's request threads (default: 2 x cores + 8 = "
          + "${DEFAULT-VALUE} here); more wait in the connection queue.")
  int threads = NodeServer.defaultThreads();

  @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "On SIGTERM or Ctrl-C: stop accepting, give requests in flight up to this long to finish, then"
          + " close the snapshot and models (default: ${DEFAULT-VALUE}).")
  int stopSeconds;

  @Option(names = "--allow-unsigned", description = "Serve and switch to snapshots that are unsigned or signed by a"
      + " key this node does not trust (keys/trusted/); see docs/replication.md.")
  boolean allowUnsigned;

  @Option(names = "--replication-bind", paramLabel = "HOST:PORT",
      description = "Hand out this node's snapshots to `refugium snapshots pull` on other nodes, on this separate"
          + " address and port only (read-only; off unless given). See docs/replication.md.")
  String replicationBind;

  @Option(names = "--node-name", paramLabel = "NAME",
      description = "This node's name in the X-Refugium-Node response header, to tell replicas apart behind a"
          + " balancer (default: the host name).")
  String nodeName;

  @Option(names = "--trusted-proxy", paramLabel = "ADDR[/BITS],...", split = ",",
      description = "Balancers whose X-Forwarded-For names the client (in the access log): addresses or CIDR ranges,"
          + " e.g. 127.0.0.1,10.0.0.0/8. From any other peer the header is ignored (default: none).")
  List<String> trustedProxies;

  @Option(names = "--switch-drain", paramLabel = "SECONDS", defaultValue = "0",
      description = "Behind a balancer: before switching to the snapshot CURRENT names, and before stopping, report"
          + " not ready on /health/ready for this long while still serving, so the balancer drains this node first;"
          + " at least its check interval x fall (deploy/haproxy.cfg: 3). Default: ${DEFAULT-VALUE}.")
  int switchDrainSeconds;

  @Override
  public Integer call() throws Exception {
    var store = data.store();
    if (store.currentName().isEmpty()) {
      throw new FriendlyErrors.UserError("no snapshot is published in " + store.root() + ": run `refugium import` first");
    }
    if (threads < 1 || stopSeconds < 0) {
      throw new FriendlyErrors.UserError("--threads must be at least 1 and --stop-timeout not negative");
    }
    if (photos != null && !photos.startsWith("s3://") && !java.nio.file.Files.isDirectory(java.nio.file.Path.of(photos))) {
      throw new FriendlyErrors.UserError("--photos " + photos + " is not a directory");
    }
    String base = photoBaseUrl;
    if (s3Endpoint != null && (photos == null || !photos.startsWith("s3://"))) {
      throw new FriendlyErrors.UserError("--s3-endpoint is for an S3 photo store: --photos s3://bucket/prefix");
    }
    if (photos != null && base.equals(ApiConfig.OPEN_DATA_PHOTOS)) {
      base = WebConfig.PHOTOS_PATH; // root-relative: the node's own mirror, whatever host name clients use
    }
    List<ModelBundle> bundles = noModels ? List.of() : ModelBundle.installed(models.modelsDir);
    if (bundles.isEmpty() && !noModels) {
      System.err.println("No model bundles in " + models.modelsDir.toAbsolutePath() + ": species recognition is off"
          + " (refugium models install coral-inat-birds --from DIR)");
    }
    var options = new NodeServer.Options(threads, stopSeconds * 1000L, allowUnsigned);
    if (switchDrainSeconds < 0) {
      throw new FriendlyErrors.UserError("--switch-drain must not be negative");
    }
    NodeServer.Fleet fleet;
    try {
      fleet = new NodeServer.Fleet(nodeName == null ? org.refugium.server.NodeHeaders.defaultNodeName() : nodeName,
          org.refugium.server.TrustedProxies.parse(trustedProxies == null ? null : String.join(",", trustedProxies)),
          switchDrainSeconds * 1000L);
    } catch (IllegalArgumentException e) {
      throw new FriendlyErrors.UserError((nodeName != null && e.getMessage().startsWith("a node name") ? "--node-name: "
          : "--trusted-proxy: ") + e.getMessage());
    }
    var signed = org.refugium.snapshot.SignaturePolicy.of(store, allowUnsigned).check(
        store.dir(store.currentName().get()));
    if (!signed.accepted()) {
      throw new FriendlyErrors.UserError("refusing to serve snapshot " + store.currentName().get() + ": "
          + signed.message());
    }
    PhotoStore photoStore;
    try {
      photoStore = photos == null ? null : PhotoStores.open(photos, s3Endpoint);
    } catch (java.io.IOException e) {
      throw new FriendlyErrors.UserError("--photos " + photos + ": cannot open the photo store: " + e.getMessage());
    }
    java.net.InetSocketAddress replicationAt;
    try {
      replicationAt = replicationBind == null ? null : org.refugium.server.ReplicationServer.parseBind(replicationBind);
    } catch (IllegalArgumentException e) {
      throw new FriendlyErrors.UserError(e.getMessage());
    }
    WebConfig web = new WebConfig(new ApiConfig(base), photoStore);
    CountDownLatch closed = new CountDownLatch(1);
    // PyTorch reads its thread count once, at engine start: see docs/recognition.md (set by scripts/jdk.sh)
    try (PhotoStore closeStore = photoStore;
        Recognizer recognizer = Recognizer.load(bundles, ImageDecoder.DEFAULT_MAX_PIXELS, System.err::println);
        NodeServer server = NodeServer.start(bind, port, store, web, recognizer, options, fleet);
        org.refugium.server.ReplicationServer replication = replicationAt == null ? null
            : org.refugium.server.ReplicationServer.start(replicationAt.getHostString(), replicationAt.getPort(),
                store, org.refugium.snapshot.SignaturePolicy.of(store, allowUnsigned))) {
      // The JVM halts once its shutdown hooks return: the hook stops the server gracefully itself and then
      // waits for this thread to close the models, so that nothing is cut off half-closed.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        if (switchDrainSeconds > 0) {
          System.err.printf("Stopping: not ready for %d s (draining), then no new connections%n", switchDrainSeconds);
        }
        System.err.printf("Stopping: no new connections; %d request(s) in flight get up to %d s%n",
            server.requestsInFlight(), stopSeconds);
        try {
          server.close();
          closed.await(stopSeconds + 20L, TimeUnit.SECONDS);
        } catch (Exception e) {
          System.err.println("Stopping: " + e);
        }
      }, "refugium-stop"));
      if (photoStore != null) {
        System.err.println("Photos from " + photoStore.describe());
      }
      System.err.printf("Serving snapshot %s on http://%s:%d/ (%d request threads)%n", store.currentName().get(), bind,
          server.port(), threads);
      if (replication != null) {
        System.err.printf("Handing out snapshots to `snapshots pull` on http://%s:%d/replication/v1/snapshots%n",
            replicationAt.getHostString(), replication.port());
      }
      if (!fleet.trustedProxies().isEmpty()) {
        System.err.println("X-Forwarded-For is believed from " + fleet.trustedProxies() + " only");
      }
      server.join();
    } finally {
      System.err.println("Stopped: snapshot and models closed");
      closed.countDown();
    }
    return 0;
  }
}
