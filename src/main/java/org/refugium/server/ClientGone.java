package org.refugium.server;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Filter;
import java.util.logging.Logger;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Ends the requests whose client went away while the response was being written (issue #16, item 12).
 *
 * <p>Jersey's Jetty container completes Jetty's callback when a response is written, and when a failure happens
 * before anything was sent; when a write fails <em>after</em> the response was committed (the client closed its
 * connection while waiting for a recognition or an export), it rethrows and leaves the callback as it is. Jetty then
 * counts the request in flight until the connection's idle time-out, its upload slot stays taken, and every
 * graceful stop waits its full time-out for it. The node's resources are all synchronous (no {@code @Suspended}), so
 * once Jersey's handler has returned it is done with the request: this wrapper completes what it left open, with the
 * write's failure, and logs one line instead of Jersey's stack trace.
 */
final class ClientGone extends Handler.Wrapper {

  /** Held so that the filter stays on the logger (java.util.logging keeps loggers weakly). */
  private static final Logger JERSEY_RESPONDER = Logger.getLogger("org.glassfish.jersey.server.ServerRuntime$Responder");

  static {
    // a broken pipe while writing is the client leaving, not a server error: one line from us, no 70-line trace
    Filter previous = JERSEY_RESPONDER.getFilter();
    JERSEY_RESPONDER.setFilter(r -> !isClientGone(r.getThrown()) && (previous == null || previous.isLoggable(r)));
  }

  private final java.io.PrintStream log;

  ClientGone(Handler jersey, java.io.PrintStream log) {
    super(jersey);
    this.log = log;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    AtomicBoolean completed = new AtomicBoolean();
    Throwable[] writeFailure = new Throwable[1];
    Callback tracked = Callback.from(() -> {
      if (completed.compareAndSet(false, true)) {
        callback.succeeded();
      }
    }, x -> {
      if (completed.compareAndSet(false, true)) {
        callback.failed(x);
      }
    });
    Response watched = new Response.Wrapper(request, response) {
      @Override
      public void write(boolean last, java.nio.ByteBuffer content, Callback written) {
        super.write(last, content, Callback.from(written::succeeded, x -> {
          writeFailure[0] = x;
          written.failed(x);
        }));
      }
    };
    try {
      return super.handle(request, watched, tracked);
    } catch (Exception | Error e) {
      if (writeFailure[0] == null) {
        throw e;
      }
      return true; // the failure below ends it
    } finally {
      if (writeFailure[0] != null && !completed.get()) {
        log.println("client gone before its response was sent: " + request.getMethod() + " "
            + org.refugium.text.SafeText.of(request.getHttpURI().getPath()));
        tracked.failed(writeFailure[0]);
      }
    }
  }

  static boolean isClientGone(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof EofException) {
        return true;
      }
    }
    return false;
  }
}
