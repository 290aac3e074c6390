package org.refugium.replication;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP front for the tests between `snapshots pull` and a real `serve`: it passes requests through (Range
 * and If-Range included) and streams the answers back, except that the next answer can be cut after N bytes of
 * body (connection dropped), stalled after N bytes (until the test ends), or have the byte at one offset of the
 * pack flipped, as a bad network or a hostile middle box would. It records each request's Range and the body
 * bytes it passed on.
 *
 * <p>A request is recorded when its handler ends, which is a moment <em>after</em> the client has read the last byte
 * of the answer (and may already have finished its pull): {@link #passed()} therefore waits, under a deadline, until
 * every handler that is not stalled has recorded its request, instead of racing them.
 */
final class CuttingFront implements AutoCloseable {

  /** What happened to one request. */
  record Passed(String range, int status, long bodyBytes) {}

  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI origin;
  private final List<Passed> passed = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  /** Handlers running and not yet recorded in {@link #passed}, stalled ones (waiting for the release) left out. */
  private final AtomicInteger unrecorded = new AtomicInteger();
  private volatile long cutAfter = -1;
  private volatile long stallAfter = -1;
  private volatile long flipAt = -1;

  CuttingFront(URI origin) throws IOException {
    this.origin = origin;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "cutting-front");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** The next answer's body ends after {@code bytes} bytes, the connection dropped. */
  void cutNextAfter(long bytes) {
    cutAfter = bytes;
  }

  /** The next answer sends {@code bytes} bytes of body, then nothing until {@link #close}. */
  void stallNextAfter(long bytes) {
    stallAfter = bytes;
  }

  /** From now on, the byte at {@code offset} of the pack is sent flipped. */
  void flipByteAt(long offset) {
    flipAt = offset;
  }

  /** Every request that went through, once each one that is not stalled has been recorded (waits up to 60 s). */
  List<Passed> passed() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (unrecorded.get() > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(unrecorded.get() + " request(s) through the front did not finish within 60 s");
      }
      try {
        Thread.sleep(5); // polling for the handlers to record their requests, under the deadline above
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for the front's handlers", e);
      }
    }
    return List.copyOf(passed);
  }

  private void handle(HttpExchange ex) throws IOException {
    String range = ex.getRequestHeaders().getFirst("Range");
    boolean pack = ex.getRequestURI().getRawPath().endsWith(".tar"); // faults hit the pack, never the listing
    long cut = pack ? cutAfter : -1;
    long stall = pack ? stallAfter : -1;
    if (pack) {
      cutAfter = -1;
      stallAfter = -1;
    }
    long sent = 0;
    int status = 502;
    boolean counted = true;
    unrecorded.incrementAndGet();
    try (ex) {
      HttpRequest.Builder up = HttpRequest.newBuilder(origin.resolve(ex.getRequestURI().getRawPath()));
      for (String h : List.of("Range", "If-Range")) {
        String v = ex.getRequestHeaders().getFirst(h);
        if (v != null) {
          up.header(h, v);
        }
      }
      HttpResponse<InputStream> answer;
      try {
        answer = http.send(up.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(502, -1);
        return;
      }
      status = answer.statusCode();
      for (String h : List.of("ETag", "Content-Range", "Accept-Ranges", "Content-Type")) {
        answer.headers().firstValue(h).ifPresent(v -> ex.getResponseHeaders().set(h, v));
      }
      long length = answer.headers().firstValueAsLong("Content-Length").orElse(0);
      long start = answer.headers().firstValue("Content-Range")
          .map(r -> Long.parseLong(r.substring("bytes ".length(), r.indexOf('-')))).orElse(0L);
      ex.sendResponseHeaders(status, length == 0 ? -1 : length);
      OutputStream out = ex.getResponseBody();
      byte[] buffer = new byte[64 * 1024];
      try (InputStream body = answer.body()) {
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
          long flip = pack && flipAt >= 0 ? flipAt - start - sent : -1;
          if (flip >= 0 && flip < n) {
            buffer[(int) flip] ^= 0x01;
          }
          long limit = cut >= 0 ? cut : stall;
          if (limit >= 0 && sent + n >= limit) {
            out.write(buffer, 0, (int) (limit - sent));
            out.flush();
            sent = limit;
            if (stall >= 0) {
              unrecorded.decrementAndGet(); // stalled until the test ends: passed() does not wait for this one
              counted = false;
              release.await(120, TimeUnit.SECONDS);
            }
            throw new IOException("cut on purpose"); // HttpServer drops the connection mid-body
          }
          out.write(buffer, 0, n);
          sent += n;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      passed.add(new Passed(range, status, sent));
      if (counted) {
        unrecorded.decrementAndGet();
      }
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    http.close();
  }
}
