package org.refugium.server;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends an answer of up to {@value #LIMIT} bytes (every API answer and page; not the streamed exports or large
 * photos) whole: held until its last write, then sent in one write framed by a Content-Length instead of chunk by
 * chunk as it is built. A node killed while building an answer has then sent nothing of it, and a balancer can
 * replay the request on another node; an answer cut in the middle can be replayed by no one (docs/replication.md,
 * BalancerFailoverTest). Above the limit the bytes held are sent and the rest streams as before.
 *
 * <p>It sits outside the gzip handler, so a compressed answer is held compressed and its Content-Length is the
 * compressed size. (Jersey's {@code OUTBOUND_CONTENT_LENGTH_BUFFER}, tried first, never reached the wire through
 * Jersey's Jetty 12 container: every answer left chunked; WholeResponsesTest.)
 */
final class WholeResponses extends Handler.Wrapper {

  static final int LIMIT = 256 << 10;

  WholeResponses(Handler next) {
    super(next);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    return super.handle(request, new Held(request, response), callback);
  }

  /** The response whose writes are held up to the limit. */
  private static final class Held extends Response.Wrapper {
    private byte[] held = new byte[0];
    private int size;
    private boolean streaming;

    Held(Request request, Response response) {
      super(request, response);
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      if (streaming) {
        super.write(last, content, callback);
        return;
      }
      int n = content == null ? 0 : content.remaining();
      if (size + n <= LIMIT) {
        hold(content, n);
        if (!last) {
          callback.succeeded(); // copied: the caller may reuse its buffer
          return;
        }
        if (!"HEAD".equals(getRequest().getMethod()) && !getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
          getHeaders().put(HttpHeader.CONTENT_LENGTH, size);
        }
        super.write(true, ByteBuffer.wrap(held, 0, size), callback);
        return;
      }
      // over the limit: what is held goes first, then this write and the rest as they come
      streaming = true;
      ByteBuffer first = ByteBuffer.wrap(held, 0, size);
      super.write(false, first, Callback.from(() -> super.write(last, content, callback), callback::failed));
    }

    private void hold(ByteBuffer content, int n) {
      if (n == 0) {
        return;
      }
      if (size + n > held.length) {
        held = Arrays.copyOf(held, Math.min(LIMIT, Math.max(size + n, Math.max(8192, held.length * 2))));
      }
      content.get(held, size, n);
      size += n;
    }
  }
}
