package org.refugium.photos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP front written for the tests, between the fetcher and S3Proxy: it passes GETs through and counts
 * them per path, and damages the answers of the paths it is told to, the way a bad network or a broken mirror
 * does: bytes that do not match the ETag, a body cut short, a body that stalls, a 500 before a good answer.
 */
final class FaultyFront implements AutoCloseable {

  enum Fault {
    /** One byte of the body flipped; headers (ETag, length) as the origin sent them. */
    CORRUPT,
    /** Content-Length of the whole object, then half the body and the connection closed. */
    TRUNCATE,
    /** Headers and a few bytes, then nothing until the test ends. */
    STALL,
    /** HTTP 500 the first time, the real object after. */
    FAIL_ONCE
  }

  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI origin;
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hitsSinceFault = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);

  FaultyFront(URI origin) throws IOException {
    this.origin = origin;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "faulty-front");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Damages the answers to {@code path} from now on (FAIL_ONCE: the next GET only). */
  void fault(String path, Fault fault) {
    hitsSinceFault.put(path, new AtomicInteger());
    faults.put(path, fault);
  }

  /** GETs of one path so far ({@code /bucket/photos/1/medium.jpg}). */
  int gets(String path) {
    AtomicInteger n = gets.get(path);
    return n == null ? 0 : n.get();
  }

  int totalGets() {
    return gets.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  void resetCounts() {
    gets.clear();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    gets.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    Fault fault = faults.get(path);
    int count = fault == null ? 0 : hitsSinceFault.get(path).incrementAndGet();
    try (ex) {
      if (fault == Fault.FAIL_ONCE && count == 1) {
        ex.sendResponseHeaders(500, -1);
        return;
      }
      HttpResponse<byte[]> up;
      try {
        up = http.send(HttpRequest.newBuilder(origin.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(502, -1);
        return;
      }
      byte[] body = up.body();
      up.headers().firstValue("ETag").ifPresent(e -> ex.getResponseHeaders().set("ETag", e));
      if (up.statusCode() != 200) {
        ex.sendResponseHeaders(up.statusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
          ex.getResponseBody().write(body);
        }
        return;
      }
      ex.getResponseHeaders().set("Content-Type", "image/jpeg");
      ex.sendResponseHeaders(200, body.length);
      OutputStream out = ex.getResponseBody();
      if (fault == Fault.CORRUPT) {
        body = body.clone();
        body[body.length / 2] ^= 0x55;
        out.write(body);
      } else if (fault == Fault.TRUNCATE) {
        out.write(body, 0, body.length / 2);
        out.flush();
        throw new IOException("cut short on purpose"); // the server drops the connection mid-body
      } else if (fault == Fault.STALL) {
        out.write(body, 0, 64);
        out.flush();
        release.await(30, TimeUnit.SECONDS);
        throw new IOException("stalled on purpose");
      } else {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    http.close();
  }
}
