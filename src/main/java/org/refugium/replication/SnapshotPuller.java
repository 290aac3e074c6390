package org.refugium.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.refugium.snapshot.Keyring;
import org.refugium.snapshot.SignaturePolicy;
import org.refugium.snapshot.SnapshotPacker;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.snapshot.SnapshotVerifier;

/**
 * {@code refugium snapshots pull URL}: fetches a packed snapshot from another node's replication routes (or any
 * HTTP server holding a {@code .tar} that {@code snapshots pack} wrote) into {@code {data-dir}/.pull/NAME.tar.part},
 * resuming with {@code Range}/{@code If-Range} after a cut transfer or a killed run, then hands the complete file
 * to {@link SnapshotPacker#unpack}: signature against keys/trusted/, every file's sha256 against the manifest, path
 * guards, and only then the atomic publish. CURRENT is the caller's business (only with {@code --use}).
 */
public final class SnapshotPuller {

  /** What to pull and how hard to try. */
  public record Options(String name, boolean allowUnsigned, int retries, Duration idleTimeout) {}

  /** The summary of a pull. */
  public record Result(String name, long packBytes, long downloadedBytes, long resumedFrom, double downloadSeconds,
      boolean alreadyHere) {}

  /** A failure the operator can act on; its message is one line without a stack trace. */
  public static final class PullException extends IOException {
    public PullException(String message) {
      super(message);
    }
  }

  static final String DIR = ".pull";
  private static final int MAX_LISTING_BYTES = 16 * 1024 * 1024;
  private static final String LISTING = "replication/v1/snapshots";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SnapshotStore store;
  private final HttpClient http;
  private final PrintStream say;
  private final TransferProgress.Factory progress;

  static {
    // The JDK client reads the socket in 16 KiB buffers by default, which held a loopback pull to about half of
    // curl's rate; 1 MiB buffers about doubled it (docs/benchmarks.md). Read once, when the client first loads:
    // in the `pull` command that is here.
    if (System.getProperty("jdk.httpclient.bufsize") == null) {
      System.setProperty("jdk.httpclient.bufsize", Integer.toString(1 << 20));
    }
  }

  public SnapshotPuller(SnapshotStore store, PrintStream say, TransferProgress.Factory progress) {
    this.store = store;
    this.say = say;
    this.progress = progress;
    // HTTP/1.1: no h2c upgrade dance with a node, and plain web servers serve ranges of big files that way
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(15))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** Where a pull of {@code source} will download, and what it expects there. */
  record Target(String name, URI tar, long length, String etag, String signedBy) {}

  public Result pull(URI source, Options options) throws IOException, InterruptedException {
    Target target = resolve(source, options.name());
    if (target.name() != null && store.exists(target.name())) {
      return new Result(target.name(), target.length(), 0, 0, 0, true);
    }
    if (target.name() != null) {
      refuseUntrustedEarly(target, options.allowUnsigned(), source);
    }
    Path dir = store.root().resolve(DIR);
    Files.createDirectories(dir);
    String base = target.name() != null ? target.name()
        : "url-" + Integer.toHexString(target.tar().toString().hashCode());
    Path part = dir.resolve(base + ".tar.part");
    Path meta = dir.resolve(base + ".tar.part.json");
    // two pulls of one pack into one data directory would interleave their appends: the second waits for nothing
    try (FileChannel lockFile = FileChannel.open(dir.resolve(base + ".lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); var lock = lockFile.tryLock()) {
      if (lock == null) {
        throw new PullException("another pull of " + describe(target) + " into this data directory is running");
      }
      target = prepare(part, meta, target);
      long resumedFrom = Files.size(part);
      long started = System.nanoTime();
      long downloaded = download(target, part, options);
      double seconds = (System.nanoTime() - started) / 1e9;
      String name = publish(part, target, options.allowUnsigned());
      Files.deleteIfExists(part);
      Files.deleteIfExists(meta);
      Files.deleteIfExists(dir.resolve(base + ".lock")); // while still held; a failed pull leaves it, harmlessly
      return new Result(name, resumedFrom + downloaded, downloaded, resumedFrom, seconds, false);
    }
  }

  /** The pack to fetch: a node's listing (its current snapshot or {@code name}), or a .tar URL as it is. */
  Target resolve(URI source, String name) throws IOException, InterruptedException {
    if (source.getScheme() == null || !(source.getScheme().equals("http") || source.getScheme().equals("https"))) {
      throw new PullException("the source must be an http:// or https:// URL, not " + source);
    }
    if (source.getPath() != null && source.getPath().endsWith(".tar")) {
      return new Target(name, source, -1, null, null);
    }
    String s = source.toString();
    URI listing = s.contains(LISTING) ? source : URI.create((s.endsWith("/") ? s : s + "/") + LISTING);
    HttpResponse<InputStream> response = send(HttpRequest.newBuilder(listing).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofInputStream(), listing);
    byte[] listed;
    try (InputStream in = response.body()) {
      // a listing is a few KB per snapshot: a source that sends more is not one to trust with memory
      listed = in.readNBytes(MAX_LISTING_BYTES + 1);
    }
    if (response.statusCode() == 404) {
      throw new PullException(listing + " answered 404: that node does not hand out snapshots (start it with"
          + " `serve --replication-bind HOST:PORT` and pull from that address)");
    }
    if (response.statusCode() != 200) {
      throw new PullException(listing + " answered HTTP " + response.statusCode());
    }
    if (listed.length > MAX_LISTING_BYTES) {
      throw new PullException(listing + " sent more than " + MAX_LISTING_BYTES / (1024 * 1024) + " MiB: not a listing");
    }
    JsonNode body;
    try {
      body = JSON.readTree(listed);
    } catch (IOException e) {
      throw new PullException(listing + " did not answer a snapshot listing (not JSON)");
    }
    String wanted = name != null ? name : body.path("current").asText(null);
    if (wanted == null) {
      throw new PullException(source + " has no current snapshot; choose one with --name");
    }
    try {
      SnapshotStore.checkName(wanted);
    } catch (IllegalArgumentException e) {
      throw new PullException(source + " names its snapshot " + clean(wanted) + ", which is not a snapshot name");
    }
    for (JsonNode s2 : body.path("snapshots")) {
      if (wanted.equals(s2.path("name").asText())) {
        return new Target(wanted, listing.resolve(s2.path("url").asText()), s2.path("pack_bytes").asLong(-1),
            s2.path("pack_etag").asText(null), s2.path("signed_by").asText(null));
      }
    }
    for (JsonNode w : body.path("withheld")) {
      if (wanted.equals(w.path("name").asText())) {
        throw new PullException("snapshot " + wanted + " is not handed out by " + source + ": "
            + clean(w.path("reason").asText()));
      }
    }
    StringBuilder names = new StringBuilder();
    body.path("snapshots").forEach(n -> names.append(names.isEmpty() ? "" : ", ").append(clean(n.path("name").asText())));
    throw new PullException("no snapshot named " + clean(wanted) + " on " + source + " (it has: "
        + (names.isEmpty() ? "none" : names) + ")");
  }

  /** Refuses before the download what the final check would refuse after it, to spare a long transfer. */
  private void refuseUntrustedEarly(Target target, boolean allowUnsigned, URI source) throws IOException {
    Map<String, java.security.PublicKey> trusted = Keyring.of(store).trusted();
    if (allowUnsigned || trusted.isEmpty() || (target.signedBy() != null && trusted.containsKey(target.signedBy()))) {
      return;
    }
    throw new PullException("snapshot " + target.name() + " on " + source + " is "
        + (target.signedBy() == null ? "not signed" : "signed by key " + target.signedBy()
            + ", which this node does not trust") + "; trusted keys: " + String.join(", ", trusted.keySet())
        + " (refugium keys trust FILE.pub, or --allow-unsigned)");
  }

  /**
   * Keeps a partial download that belongs to the same pack (same URL, ETag and length; for a bare .tar URL, whose
   * ETag and length only the first answer told, those come from the partial's record). Otherwise starts afresh.
   */
  private Target prepare(Path part, Path meta, Target target) throws IOException {
    if (Files.exists(part) && Files.exists(meta)) {
      JsonNode m = JSON.readTree(meta.toFile());
      String etag = m.path("etag").asText(null);
      long length = m.path("length").asLong(-1);
      boolean listed = target.length() >= 0;
      boolean same = target.tar().toString().equals(m.path("url").asText())
          && (!listed || (target.length() == length && java.util.Objects.equals(target.etag(), etag)));
      long have = Files.size(part);
      if (same && (length < 0 || have <= length)) {
        if (have > 0) {
          say.println("resuming an interrupted pull of " + describe(target) + " at " + have + " bytes");
        }
        return listed || length < 0 ? target : new Target(target.name(), target.tar(), length, etag, null);
      }
      say.println("the source's pack changed since the interrupted pull (other ETag or size): starting over");
    }
    Files.deleteIfExists(part);
    writeMeta(meta, target.tar().toString(), target.etag(), target.length());
    Files.createFile(part);
    return target;
  }

  private static void writeMeta(Path meta, String url, String etag, long length) throws IOException {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("url", url);
    m.put("etag", etag);
    m.put("length", length);
    Path tmp = meta.resolveSibling(meta.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), m);
    Files.move(tmp, meta, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Appends to {@code part} until it holds the whole pack, asking for the rest with {@code Range} after each cut
   * (up to {@code retries} times in a row without progress). Returns the bytes downloaded by this run.
   */
  private long download(Target target, Path part, Options options) throws IOException, InterruptedException {
    AtomicLong downloaded = new AtomicLong(); // counted as written: a cut transfer's bytes count too
    int failures = 0;
    String etag = target.etag() == null ? null : "\"" + target.etag() + "\"";
    long length = target.length();
    AtomicLong have = new AtomicLong(Files.size(part));
    try (TransferProgress.Task task = progress.start("pulling " + describe(target), have::get, length)) {
      while (length < 0 || have.get() < length) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.tar()).timeout(Duration.ofDays(2));
        if (have.get() > 0) {
          request.header("Range", "bytes=" + have.get() + "-");
          if (etag != null) {
            request.header("If-Range", etag);
          }
        }
        HttpResponse<InputStream> response = send(request.build(), HttpResponse.BodyHandlers.ofInputStream(),
            target.tar());
        try (InputStream body = response.body()) {
          int status = response.statusCode();
          String gotEtag = response.headers().firstValue("ETag").orElse(null);
          if (status == 404) {
            throw new PullException(target.tar() + " answered 404: no such snapshot pack there (any more)");
          }
          if (status == 416 && length > 0 && have.get() == length) {
            break;
          }
          if (status != 200 && status != 206) {
            throw new PullException(target.tar() + " answered HTTP " + status);
          }
          if (etag != null && gotEtag != null && !etag.equals(gotEtag)) {
            throw new PullException("the source's pack changed while pulling (ETag " + clean(gotEtag) + ", listed " + etag
                + "); run the pull again to start over");
          }
          long total = totalLength(response, have.get());
          if (length < 0) {
            length = total;
            etag = gotEtag;
            writeMeta(part.resolveSibling(part.getFileName() + ".json"), target.tar().toString(), unquote(gotEtag),
                length);
          } else if (total >= 0 && total != length) {
            throw new PullException("the source's pack changed while pulling (" + total + " bytes, listed " + length
                + "); run the pull again to start over");
          }
          if (status == 206) {
            long start = contentRangeStart(response);
            if (start != have.get()) {
              throw new PullException(target.tar() + " answered a range from " + start + ", asked from " + have.get());
            }
          } else if (have.get() > 0) {
            say.println("the source sent the whole pack again (no range support or a changed pack): starting over");
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
              ch.truncate(0);
            }
            have.set(0);
          }
          try {
            append(body, part, have, downloaded, options.idleTimeout());
          } catch (IOException cut) {
            failures++;
            if (failures > options.retries()) {
              throw new PullException("the transfer was cut at " + have.get() + " of " + length + " bytes ("
                  + oneLine(cut) + "); " + have.get() + " bytes are kept: run the same pull again to resume");
            }
            say.println("the transfer was cut at " + have.get() + " of " + length + " bytes (" + oneLine(cut)
                + "); resuming (" + failures + "/" + options.retries() + ")");
            Thread.sleep(Math.min(30_000, 500L << Math.min(6, failures - 1)));
            continue;
          }
        }
        if (length < 0) {
          break; // no length known (a server without Content-Length): what arrived is all there is
        }
        if (have.get() < length) {
          failures++;
          if (failures > options.retries()) {
            throw new PullException("the transfer ended at " + have.get() + " of " + length + " bytes; they are kept:"
                + " run the same pull again to resume");
          }
          say.println("the transfer ended early at " + have.get() + " of " + length + " bytes; resuming ("
              + failures + "/" + options.retries() + ")");
        }
      }
    }
    if (length >= 0 && have.get() != length) {
      throw new PullException("downloaded " + have.get() + " bytes, the source listed " + length);
    }
    return downloaded.get();
  }

  /** Copies the body to the end of the partial file; a stalled body is closed after the idle time-out. */
  private static void append(InputStream body, Path part, AtomicLong have, AtomicLong downloaded, Duration idle)
      throws IOException {
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pull-idle-watchdog");
      t.setDaemon(true);
      return t;
    });
    AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    java.util.concurrent.atomic.AtomicBoolean stalled = new java.util.concurrent.atomic.AtomicBoolean();
    long check = Math.max(1, idle.toMillis() / 4);
    watchdog.scheduleAtFixedRate(() -> {
      if (System.nanoTime() - lastProgress.get() > idle.toNanos()) {
        stalled.set(true);
        try {
          body.close();
        } catch (IOException ignored) {
          // closing is all we wanted
        }
      }
    }, check, check, TimeUnit.MILLISECONDS);
    byte[] buffer = new byte[1 << 20];
    try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      int n;
      while (true) {
        try {
          n = body.read(buffer);
        } catch (IOException e) {
          throw stalled.get() ? new IOException("no data for " + idle.toSeconds() + " s") : e;
        }
        if (n < 0) {
          break;
        }
        ByteBuffer buf = ByteBuffer.wrap(buffer, 0, n);
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        downloaded.addAndGet(n);
        have.addAndGet(n);
        lastProgress.set(System.nanoTime());
      }
      if (stalled.get()) {
        throw new IOException("no data for " + idle.toSeconds() + " s");
      }
    } finally {
      watchdog.shutdownNow();
    }
  }

  /** Checks the snapshot's name inside the pack, then unpacks: signature, checksums, publish. */
  private String publish(Path part, Target target, boolean allowUnsigned) throws IOException {
    String inside = firstEntryFolder(part);
    if (target.name() != null && !target.name().equals(inside)) {
      Files.deleteIfExists(part);
      throw new PullException("the pack holds snapshot " + clean(inside) + ", not " + target.name() + " as listed");
    }
    if (inside != null && store.exists(inside)) {
      throw new PullException("a snapshot named " + clean(inside) + " already exists here");
    }
    try {
      return SnapshotPacker.unpack(part, store, new SnapshotVerifier(say), SignaturePolicy.of(store, allowUnsigned));
    } catch (IOException e) {
      // what was downloaded is not what was published: keep nothing, so the next pull starts clean
      Files.deleteIfExists(part);
      Files.deleteIfExists(part.resolveSibling(part.getFileName() + ".json"));
      throw new PullException("pulled snapshot refused, nothing published: " + oneLine(e));
    }
  }

  private static String firstEntryFolder(Path tar) throws IOException {
    try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
      TarArchiveEntry e = t.getNextEntry();
      if (e == null) {
        return null;
      }
      int slash = e.getName().indexOf('/');
      return slash > 0 ? e.getName().substring(0, slash) : null;
    } catch (IOException | IllegalArgumentException e) {
      Files.deleteIfExists(tar);
      throw new PullException("what was downloaded is not a packed snapshot (not a tar)");
    }
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, URI what)
      throws IOException, InterruptedException {
    try {
      return http.send(request, handler);
    } catch (java.net.ConnectException e) {
      throw new PullException("cannot reach " + hostOf(what) + ": connection refused or no route");
    } catch (java.net.http.HttpTimeoutException e) {
      throw new PullException("cannot reach " + hostOf(what) + ": timed out");
    } catch (IOException e) {
      throw new PullException("cannot reach " + hostOf(what) + ": " + oneLine(e));
    }
  }

  private static String hostOf(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  private static long totalLength(HttpResponse<?> response, long have) {
    var range = response.headers().firstValue("Content-Range");
    if (response.statusCode() == 206 && range.isPresent()) {
      String r = range.get();
      int slash = r.lastIndexOf('/');
      try {
        return slash < 0 || r.endsWith("*") ? -1 : Long.parseLong(r.substring(slash + 1).trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return response.headers().firstValueAsLong("Content-Length").orElse(-1);
  }

  private static long contentRangeStart(HttpResponse<?> response) throws PullException {
    String r = response.headers().firstValue("Content-Range").orElse("");
    try {
      return Long.parseLong(r.substring("bytes ".length(), r.indexOf('-')).trim());
    } catch (RuntimeException e) {
      throw new PullException("the source answered 206 with an unreadable Content-Range: " + r);
    }
  }

  private static String unquote(String etag) {
    return etag == null ? null : etag.replace("\"", "");
  }

  private static String describe(Target t) {
    return t.name() != null ? t.name() : t.tar().getPath().substring(t.tar().getPath().lastIndexOf('/') + 1);
  }

  /** What the source says goes to a terminal: no control or format characters (ANSI escapes, bidi), 200 at most. */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    String c = s.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
    return c.length() > 200 ? c.substring(0, 200) + "…" : c;
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.replaceAll("[\\p{Cntrl}\\p{Cf}]+", " "); // newlines, and escapes or bidi controls from a hostile pack
    return m.length() > 400 ? m.substring(0, 400) + "…" : m;
  }
}
