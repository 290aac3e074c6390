package org.refugium.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.cli.Refugium;
import org.refugium.snapshot.Keyring;
import org.refugium.snapshot.Manifest;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;

/**
 * Issue #15: `refugium snapshots pull` between two data directories over HTTP, from a real `serve` process
 * started with --replication-bind over a real import of the sample export (signed by node A's own key). Cuts,
 * stalls and flipped bytes come from {@link CuttingFront}; a killed pull is a real child process killed with
 * SIGKILL.
 */
class SnapshotPullTest {

  @TempDir
  static Path dir;
  static Path nodeA;
  static int publicPort;
  static int replicationPort;
  static Thread serve;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void importAndServeOnNodeA() throws Exception {
    nodeA = dir.resolve("node-a");
    assertThat(Refugium.commandLine().execute("import", "--data-dir", nodeA.toString(), "--open-data",
        SharedData.openDataSample().toString(), "--name", "s1")).isZero();
    publicPort = freePort();
    replicationPort = freePort();
    String[] args = {"serve", "--data-dir", nodeA.toString(), "--port", Integer.toString(publicPort), "--no-models",
        "--replication-bind", "127.0.0.1:" + replicationPort};
    serve = new Thread(() -> Refugium.commandLine().execute(args), "serve-node-a");
    serve.setDaemon(true);
    serve.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try {
        if (get(replicationUri() + "replication/v1/snapshots").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(100); // polling for the server to listen, under the deadline above
      }
    }
    throw new AssertionError("serve --replication-bind did not answer within 90 s");
  }

  @AfterAll
  static void stopServe() throws InterruptedException {
    if (serve != null) {
      serve.interrupt();
      serve.join(15_000);
    }
  }

  /** For serve, which binds it later, on its own (see FreePorts). */
  static int freePort() throws IOException {
    return org.refugium.testing.FreePorts.pick();
  }

  static URI replicationUri() {
    return URI.create("http://127.0.0.1:" + replicationPort + "/");
  }

  static HttpResponse<byte[]> get(String uri, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A fresh pulling node that trusts node A's key, as an operator sets one up (docs/replication.md). */
  static SnapshotStore nodeTrustingA(String name) throws IOException {
    SnapshotStore store = new SnapshotStore(dir.resolve(name));
    Keyring a = Keyring.of(new SnapshotStore(nodeA));
    String signer = a.privateNames().get(0);
    // trusted under the name the feeder signs with, which is what a signature names
    Keyring.of(store).trust(a.trustedDir().resolve(signer + ".pub"), signer);
    return store;
  }

  record Pulled(SnapshotPuller.Result result, String said) {}

  static Pulled pull(SnapshotStore store, URI source, boolean allowUnsigned) throws Exception {
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8)) {
      var result = new SnapshotPuller(store, out, TransferProgress.silent())
          .pull(source, new SnapshotPuller.Options(null, allowUnsigned, 5, Duration.ofSeconds(60)));
      return new Pulled(result, said.toString(StandardCharsets.UTF_8));
    }
  }

  /** Every file of the pulled snapshot is byte for byte node A's. */
  static void assertSameFiles(SnapshotStore pulled) throws IOException {
    Path a = nodeA.resolve("s1");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(a)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSizeGreaterThan(5);
    for (Path f : files) {
      Path b = pulled.dir("s1").resolve(a.relativize(f).toString());
      assertThat(Files.mismatch(f, b)).as(a.relativize(f).toString()).isEqualTo(-1L);
    }
  }

  static List<String> leftovers(SnapshotStore store) throws IOException {
    try (Stream<Path> entries = Files.list(store.root())) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".staging")).toList();
    }
  }

  static long packLength() throws Exception {
    JsonNode listing = JSON.readTree(get(replicationUri() + "replication/v1/snapshots").body());
    assertThat(listing.path("snapshots")).hasSize(1);
    return listing.path("snapshots").get(0).path("pack_bytes").asLong();
  }

  @Test
  void pullsBetweenTwoDataDirsAndSwitchesOnlyWithUse() throws Exception {
    SnapshotStore b = nodeTrustingA("pull-b");
    Pulled first = pull(b, replicationUri(), false);
    assertThat(first.result().name()).isEqualTo("s1");
    assertThat(first.result().downloadedBytes()).isEqualTo(packLength());
    assertThat(b.list()).containsExactly("s1");
    assertThat(b.currentName()).isEmpty(); // no --use: published, not current
    assertSameFiles(b);
    assertThat(Files.list(b.root().resolve(SnapshotPuller.DIR)).toList()).isEmpty(); // partial file gone

    // the command line, as an operator runs it: already here, --use switches after verifying
    StringWriter out = new StringWriter();
    var cli = Refugium.commandLine();
    cli.setErr(new PrintWriter(out, true));
    assertThat(cli.execute("snapshots", "pull", replicationUri().toString(), "--data-dir", b.root().toString(),
        "--use")).isZero();
    assertThat(b.currentName()).contains("s1");
  }

  @Test
  void theRoutesAreOffUnlessEnabledReadOnlyAndShowNoServerPath() throws Exception {
    // the public port has no replication route: it is only on --replication-bind's listener
    HttpResponse<byte[]> off = get("http://127.0.0.1:" + publicPort + "/replication/v1/snapshots");
    assertThat(off.statusCode()).isEqualTo(404);
    assertThat(get("http://127.0.0.1:" + publicPort + "/replication/v1/snapshots/s1.tar").statusCode())
        .isEqualTo(404);
    var refused = new SnapshotStore(dir.resolve("pull-off"));
    assertThatThrownBy(() -> pull(refused, URI.create("http://127.0.0.1:" + publicPort + "/"), true))
        .isInstanceOf(SnapshotPuller.PullException.class).hasMessageContaining("does not hand out snapshots");

    String listing = new String(get(replicationUri() + "replication/v1/snapshots").body(), StandardCharsets.UTF_8);
    JsonNode s1 = JSON.readTree(listing).path("snapshots").get(0);
    Manifest manifest = Manifest.read(nodeA.resolve("s1").resolve(Manifest.FILE_NAME));
    assertThat(s1.path("name").asText()).isEqualTo("s1");
    assertThat(s1.path("export_date").asText()).isEqualTo(manifest.exportDate());
    assertThat(s1.path("counts").path("observations").asLong()).isEqualTo(manifest.counts().get("observations"));
    assertThat(s1.path("manifest_sha256").asText()).isEqualTo(sha256(nodeA.resolve("s1").resolve(Manifest.FILE_NAME)));
    assertThat(listing).doesNotContain(dir.toString()).doesNotContain(nodeA.getFileName().toString());

    HttpResponse<byte[]> whole = get(replicationUri() + "replication/v1/snapshots/s1.tar");
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat((long) whole.body().length).isEqualTo(s1.path("pack_bytes").asLong());
    String etag = whole.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> part = get(replicationUri() + "replication/v1/snapshots/s1.tar", "Range", "bytes=1000-1999",
        "If-Range", etag);
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(whole.body(), 1000, 2000));
    assertThat(part.headers().firstValue("Content-Range")).contains("bytes 1000-1999/" + whole.body().length);
    // a validator that no longer matches gets the whole pack, so a resumed pull can never splice two versions
    assertThat(get(replicationUri() + "replication/v1/snapshots/s1.tar", "Range", "bytes=1000-",
        "If-Range", "\"elsewhere\"").statusCode()).isEqualTo(200);
    assertThat(get(replicationUri() + "replication/v1/snapshots/s1.tar", "Range",
        "bytes=" + whole.body().length + "-").statusCode()).isEqualTo(416);
    HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(URI.create(replicationUri()
        + "replication/v1/snapshots/s1.tar")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(whole.body().length);
    assertThat(head.headers().firstValue("ETag")).contains(etag);
    HttpResponse<byte[]> missing = get(replicationUri() + "replication/v1/snapshots/nope.tar");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("\"status\":404");
    HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(replicationUri()
        + "replication/v1/snapshots/s1.tar")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(get(replicationUri() + "../etc/passwd").statusCode()).isIn(400, 404);

    int closed = freePort();
    assertThatThrownBy(() -> pull(refused, URI.create("http://127.0.0.1:" + closed + "/"), true))
        .hasMessageStartingWith("cannot reach http://127.0.0.1:" + closed);
    assertThat(refused.currentName()).isEmpty();
  }

  @Test
  void aTransferCutMidwayResumesWithinTheRunFromWhereItStopped() throws Exception {
    SnapshotStore b = nodeTrustingA("pull-cut");
    long length = packLength();
    try (CuttingFront front = new CuttingFront(replicationUri())) {
      front.cutNextAfter(60_000);
      Pulled pulled = pull(b, front.uri(), false);
      // the front sends 60,000 bytes and drops the connection; the client keeps what reached it before the drop
      // (all of it, or less when the close arrives as a reset that discards bytes in flight: CI saw 48,106)
      java.util.regex.Matcher cut = java.util.regex.Pattern.compile("cut at (\\d+) of " + length)
          .matcher(pulled.said());
      assertThat(cut.find()).as(pulled.said()).isTrue();
      long at = Long.parseLong(cut.group(1));
      assertThat(at).isBetween(1L, 60_000L);
      assertThat(pulled.said()).contains("resuming (1/5)");
      assertThat(front.passed()).extracting(CuttingFront.Passed::range)
          .containsExactly(null, null, "bytes=" + at + "-"); // the listing, the cut download, the rest from there
      assertThat(front.passed().get(2).bodyBytes()).isEqualTo(length - at);
      assertThat(pulled.result().downloadedBytes()).isEqualTo(length);
    }
    assertSameFiles(b);
  }

  @Test
  void aKilledPullResumesInTheNextRunAndDownloadsOnlyTheRest() throws Exception {
    SnapshotStore b = nodeTrustingA("pull-kill");
    long length = packLength();
    Path part = b.root().resolve(SnapshotPuller.DIR).resolve("s1.tar.part");
    try (CuttingFront front = new CuttingFront(replicationUri())) {
      front.stallNextAfter(100_000);
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), "--enable-native-access=ALL-UNNAMED", "org.refugium.cli.Refugium",
          "snapshots", "pull", front.uri().toString(), "--data-dir", b.root().toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("pull-kill.log").toFile()).start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!(Files.exists(part) && Files.size(part) == 100_000) && child.isAlive()
            && System.nanoTime() < deadline) {
          Thread.sleep(50); // polling the partial file for the condition, under the deadline above
        }
        assertThat(Files.exists(part) && Files.size(part) == 100_000)
            .as("the child pull wrote the first 100000 bytes; it said: %s", Files.readString(dir.resolve("pull-kill.log")))
            .isTrue();
      } finally {
        child.destroyForcibly(); // SIGKILL: no shutdown hook, nothing tidied
        child.waitFor(30, TimeUnit.SECONDS);
      }
      assertThat(b.list()).isEmpty();

      StringWriter err = new StringWriter();
      var cli = Refugium.commandLine();
      cli.setErr(new PrintWriter(err, true));
      assertThat(cli.execute("snapshots", "pull", front.uri().toString(), "--data-dir", b.root().toString(), "--use"))
          .as(err.toString()).isZero();
      CuttingFront.Passed last = front.passed().get(front.passed().size() - 1);
      assertThat(last.range()).isEqualTo("bytes=100000-");
      assertThat(last.bodyBytes()).isEqualTo(length - 100_000); // only the rest crossed the wire
    }
    assertThat(b.currentName()).contains("s1");
    assertSameFiles(b);
  }

  @Test
  void aTamperedByteIsRefusedNamingTheFileAndCurrentStaysPut() throws Exception {
    SnapshotStore b = nodeTrustingA("pull-tampered");
    // node B serves an older snapshot of its own (here: a copy of A's manifest under another name)
    Files.createDirectories(b.dir("s0"));
    Files.copy(nodeA.resolve("s1").resolve(Manifest.FILE_NAME), b.dir("s0").resolve(Manifest.FILE_NAME));
    b.setCurrent("s0");
    byte[] pack = get(replicationUri() + "replication/v1/snapshots/s1.tar").body();
    long offset;
    try (TarFile tar = new TarFile(pack)) {
      TarArchiveEntry db = tar.getEntries().stream().filter(e -> e.getName().equals("s1/mirror.sqlite"))
          .findFirst().orElseThrow();
      offset = db.getDataOffset() + db.getSize() / 2;
    }
    try (CuttingFront front = new CuttingFront(replicationUri())) {
      front.flipByteAt(offset);
      assertThatThrownBy(() -> pull(b, front.uri(), false))
          .isInstanceOf(SnapshotPuller.PullException.class)
          .hasMessageContaining("refused")
          .hasMessageContaining("mirror.sqlite");
    }
    assertThat(b.currentName()).contains("s0");
    assertThat(b.list()).containsExactly("s0");
    assertThat(leftovers(b)).isEmpty();
    try (Stream<Path> pulls = Files.list(b.root().resolve(SnapshotPuller.DIR))) { // the next pull starts clean
      assertThat(pulls.map(p -> p.getFileName().toString()).filter(n -> n.contains(".part"))).isEmpty();
    }
  }

  @Test
  void aPackFromAnUntrustedSignerIsRefusedUnlessAllowed() throws Exception {
    SnapshotStore b = new SnapshotStore(dir.resolve("pull-untrusting"));
    Keyring.of(b).generate("someone-else"); // B trusts a key, but not node A's
    // refused before the download, from the listing's signer
    assertThatThrownBy(() -> pull(b, replicationUri(), false))
        .hasMessageContaining("which this node does not trust");
    assertThat(Files.exists(b.root().resolve(SnapshotPuller.DIR).resolve("s1.tar.part"))).isFalse();
    // a bare .tar URL carries no listing: refused after the download by the signature check itself
    URI tar = URI.create(replicationUri() + "replication/v1/snapshots/s1.tar");
    assertThatThrownBy(() -> pull(b, tar, false))
        .hasMessageContaining("refused").hasMessageContaining("does not trust");
    assertThat(b.list()).isEmpty();
    assertThat(leftovers(b)).isEmpty();

    Pulled allowed = pull(b, tar, true);
    assertThat(allowed.result().name()).isEqualTo("s1");
    assertThat(allowed.said()).contains("WARNING").contains("--allow-unsigned");
    assertThat(b.currentName()).isEmpty();
    assertSameFiles(b);
  }

  @Test
  void aHostileListingIsRefusedInOneCleanLine() throws Exception {
    var fake = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 4);
    String[] body = {""};
    fake.createContext("/", ex -> {
      byte[] b = body[0].getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    fake.start();
    try {
      SnapshotStore b = new SnapshotStore(dir.resolve("pull-hostile"));
      URI source = URI.create("http://127.0.0.1:" + fake.getAddress().getPort() + "/");
      body[0] = "{\"current\":\"../../etc\",\"snapshots\":[]}"; // a name that would leave the data directory
      assertThatThrownBy(() -> pull(b, source, false)).hasMessageContaining("not a snapshot name");
      body[0] = "{\"current\":\"s9\",\"snapshots\":[{\"name\":\"x\\u001b[2Jy\\u202e\"}]}"; // ANSI, bidi
      assertThatThrownBy(() -> pull(b, source, false)).hasMessageContaining("it has: x?[2Jy?")
          .hasMessageNotContaining("\u001b").hasMessageNotContaining("\u202e");
      body[0] = "not json";
      assertThatThrownBy(() -> pull(b, source, false)).hasMessageContaining("not JSON");
      assertThat(Files.exists(b.root())).isFalse(); // nothing was written
    } finally {
      fake.stop(0);
    }
  }

  static String sha256(Path file) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(file)));
  }
}
