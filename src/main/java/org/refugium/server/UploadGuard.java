package org.refugium.server;

import java.time.Duration;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.refugium.api.ComputerVisionResource;

/**
 * Keeps uploads (score_image, the identify form) from starving the rest of the node:
 * <ul>
 *   <li>at most a quarter of the request threads read upload bodies at once; further uploads wait suspended, which
 *       holds no thread (Jetty's QoSHandler), and are refused with 503 after {@link #MAX_WAIT}, so pages, the API and
 *       /health always have threads left whatever uploads do;</li>
 *   <li>a body must arrive at {@link #MIN_BYTES_PER_SECOND} at least (a byte every few seconds is cut off with 408);</li>
 *   <li>a body larger than the upload limit is refused with 413 while it is read, chunked or not, so nothing
 *       spools a whole oversized body to disk first; a declared Content-Length over the limit is refused before
 *       any of the body is asked for (no "100 Continue").</li>
 * </ul>
 */
final class UploadGuard {

  /** Slower than this and a body is abandoned: 2 KB/s still carries a 5 MB phone photo in ~40 minutes. */
  static final long MIN_BYTES_PER_SECOND = 2_048;

  /** How long an upload may wait for its turn before 503. */
  static final Duration MAX_WAIT = Duration.ofSeconds(30);

  /** The largest request body: the photo limit plus room for the form's other fields and multipart framing. */
  static final long MAX_BODY_BYTES = ComputerVisionResource.MAX_UPLOAD_BYTES + (256 << 10);

  private UploadGuard() {}

  static Handler wrap(Handler app, int threads) {
    QoSHandler uploads = new QoSHandler(app);
    uploads.includeMethod("POST");
    uploads.includePath("/v1/computervision/*", "/identify", "/identify/*");
    uploads.setMaxRequestCount(uploadSlots(threads));
    uploads.setMaxSuspendedRequestCount(256);
    uploads.setMaxSuspend(MAX_WAIT);
    uploads.setRejectStatusCode(503);
    SizeLimitHandler limit = new SizeLimitHandler(MAX_BODY_BYTES, -1);
    limit.setHandler(new MinimumRate(uploads));
    return limit;
  }

  /** How long a body may start slowly before its rate is judged (connection set-up, a phone waking its radio). */
  static final long GRACE_MILLIS = 2_000;

  /**
   * Fails a request body that arrives slower than {@link #MIN_BYTES_PER_SECOND} (judged on each chunk, after
   * {@link #GRACE_MILLIS}) with 408. Jetty 12 no longer applies HttpConfiguration's minimum data rate, and its
   * MinimumDataRateHandler measures all requests together, so one slow client hides among fast ones: this
   * counts each request's own bytes. A client that sends nothing at all meets the connector's idle time-out.
   */
  static final class MinimumRate extends Handler.Wrapper {
    MinimumRate(Handler handler) {
      super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      return super.handle(new Request.Wrapper(request) {
        private final long start = NanoTime.now();
        private long bytes;

        @Override
        public Content.Chunk read() {
          Content.Chunk chunk = super.read();
          if (chunk == null || Content.Chunk.isFailure(chunk)) {
            return chunk;
          }
          bytes += chunk.remaining();
          long millis = NanoTime.millisSince(start);
          if (!chunk.isLast() && millis > GRACE_MILLIS && bytes * 1000 / millis < MIN_BYTES_PER_SECOND) {
            chunk.release();
            return Content.Chunk.from(new HttpException.RuntimeException(408,
                "request body slower than " + MIN_BYTES_PER_SECOND + " bytes/s"));
          }
          return chunk;
        }
      }, response, callback);
    }
  }

  /** A quarter of the request threads, at least one. */
  static int uploadSlots(int threads) {
    return Math.max(1, threads / 4);
  }
}
