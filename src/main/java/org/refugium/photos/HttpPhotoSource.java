package org.refugium.photos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where {@code photos fetch} reads photos: a base URL under which the bucket's layout {@code
 * photos/{id}/{size}.{ext}} lies, read with anonymous GETs. That is both "plain HTTPS" and the S3 API's
 * GetObject for anyone: iNaturalist's open bucket ({@code https://inaturalist-open-data.s3.amazonaws.com}), a
 * path-style endpoint and bucket ({@code http://minio:9000/bucket}), or another node's copy. {@code
 * s3://bucket[/prefix]} is accepted as shorthand with an endpoint.
 *
 * <p>The body streams into a temporary file while its MD5 is computed, so no photo is held in memory and
 * nothing is read twice. A body that stops arriving for longer than the time-out is abandoned (the JDK client's
 * request time-out covers only the wait for the headers).
 */
public final class HttpPhotoSource implements AutoCloseable {

  /** The public open-data bucket of iNaturalist (CC-licensed photos only), as a plain HTTPS base. */
  public static final String OPEN_DATA = "https://inaturalist-open-data.s3.amazonaws.com";

  /** What one GET gave. */
  public sealed interface Result {}

  /** The whole body is in the temp file. {@code contentLength} -1 when the server sent none. */
  public record Fetched(long bytes, String md5, long contentLength, String etag) implements Result {}

  /** The source does not have the key (404). */
  public record Missing() implements Result {}

  /** Anything else; {@code retryable} for 5xx, 429, time-outs and broken connections. */
  public record Failed(String reason, boolean retryable) implements Result {}

  private final String base;
  private final HttpClient http;
  private final Duration timeout;
  private final ByteRateLimiter limiter;

  public HttpPhotoSource(String source, String endpoint, Duration timeout, long maxBytesPerSecond) {
    this.base = base(source, endpoint);
    this.timeout = timeout;
    this.limiter = maxBytesPerSecond > 0 ? new ByteRateLimiter(maxBytesPerSecond) : null;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** The base URL for a {@code --source}: an http(s) URL as given, or {@code s3://bucket/prefix} on an endpoint. */
  public static String base(String source, String endpoint) {
    String s = source.strip();
    if (s.startsWith("s3://")) {
      String e = endpoint != null && !endpoint.isBlank() ? endpoint.strip() : System.getenv("AWS_ENDPOINT_URL");
      if (e == null || e.isBlank()) {
        e = "https://s3.amazonaws.com";
      }
      s = e.replaceAll("/+$", "") + "/" + s.substring("s3://".length());
    }
    URI uri;
    try {
      uri = URI.create(s);
    } catch (IllegalArgumentException bad) {
      throw new IllegalArgumentException("--source is an http(s) URL or s3://bucket[/prefix]: " + source);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException("--source is an http(s) URL or s3://bucket[/prefix]: " + source);
    }
    if (uri.getHost().equalsIgnoreCase("www.inaturalist.org") || uri.getHost().equalsIgnoreCase("inaturalist.org")) {
      throw new IllegalArgumentException("the site host is rate-limited to a few GB a day and is not a photo source;"
          + " use the open-data bucket " + OPEN_DATA);
    }
    return s.replaceAll("/+$", "");
  }

  public String base() {
    return base;
  }

  /** GETs {@code key} into {@code temp} (replaced). */
  public Result fetch(PhotoKey key, Path temp) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/" + key.bucketKey())).timeout(timeout)
        .header("User-Agent", "refugium-photos-fetch").GET().build();
    FileSink sink = new FileSink(temp, limiter);
    CompletableFuture<HttpResponse<Void>> call = http.sendAsync(request, info -> info.statusCode() == 200
        ? sink : HttpResponse.BodySubscribers.replacing(null));
    long started = System.nanoTime();
    try {
      while (true) {
        try {
          HttpResponse<Void> response = call.get(200, TimeUnit.MILLISECONDS);
          int status = response.statusCode();
          if (status == 404) {
            return new Missing();
          }
          if (status != 200) {
            return new Failed("HTTP " + status, status >= 500 || status == 429 || status == 408);
          }
          long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
          return new Fetched(sink.bytes, sink.md5(), length, response.headers().firstValue("ETag").orElse(""));
        } catch (TimeoutException stillRunning) {
          // the request time-out covers the wait for the headers; after them, a 200's body must keep coming,
          // and any other answer's body (discarded) must end within a second time-out
          long now = System.nanoTime();
          boolean bodyStalled = sink.lastProgress != 0 && now - sink.lastProgress > timeout.toNanos();
          boolean otherStalled = sink.lastProgress == 0 && now - started > 2 * timeout.toNanos();
          if (bodyStalled || otherStalled) {
            sink.cancel();
            call.cancel(true);
            return new Failed("timed out (no bytes for " + timeout.toSeconds() + " s)", true);
          }
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        return new Failed("timed out (no answer in " + timeout.toSeconds() + " s)", true);
      }
      if (cause instanceof java.net.ConnectException) {
        return new Failed("cannot connect to the source", true);
      }
      if (sink.writeError != null) {
        return new Failed("temp file: " + sink.writeError.getMessage(), false);
      }
      String m = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      if (m.contains("EOF") || m.contains("closed") || m.contains("reset") || m.contains("bytes received")) {
        return new Failed("truncated body (" + m + ")", true);
      }
      return new Failed("transfer failed: " + m, true);
    } finally {
      sink.closeQuietly();
    }
  }

  @Override
  public void close() {
    http.close();
  }

  /** Writes the body to the temp file as it arrives, hashing it on the way. */
  private static final class FileSink implements HttpResponse.BodySubscriber<Void> {
    private final Path file;
    private final ByteRateLimiter limiter;
    private final MessageDigest md = PhotoCheck.md5();
    private final CompletableFuture<Void> body = new CompletableFuture<>();
    private FileChannel channel;
    private Flow.Subscription subscription;
    volatile long bytes;
    volatile long lastProgress;
    volatile IOException writeError;

    FileSink(Path file, ByteRateLimiter limiter) {
      this.file = file;
      this.limiter = limiter;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      lastProgress = System.nanoTime();
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
      } catch (IOException e) {
        writeError = e;
        s.cancel();
        body.completeExceptionally(e);
        return;
      }
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      try {
        for (ByteBuffer b : buffers) {
          int n = b.remaining();
          if (limiter != null) {
            limiter.acquire(n);
          }
          md.update(b.duplicate());
          while (b.hasRemaining()) {
            channel.write(b);
          }
          bytes += n;
        }
        lastProgress = System.nanoTime();
        subscription.request(1);
      } catch (IOException e) {
        writeError = e;
        subscription.cancel();
        body.completeExceptionally(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        subscription.cancel();
        body.completeExceptionally(e);
      }
    }

    @Override
    public void onError(Throwable t) {
      closeQuietly();
      body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      try {
        if (channel != null) {
          channel.close();
        }
        body.complete(null);
      } catch (IOException e) {
        writeError = e;
        body.completeExceptionally(e);
      }
    }

    @Override
    public CompletionStage<Void> getBody() {
      return body;
    }

    String md5() {
      return HexFormat.of().formatHex(md.digest());
    }

    void cancel() {
      if (subscription != null) {
        subscription.cancel();
      }
      body.completeExceptionally(new IOException("cancelled"));
    }

    void closeQuietly() {
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException ignored) {
        // the temp file is deleted by the caller
      }
    }
  }
}
