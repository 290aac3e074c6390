package org.refugium.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers before a request reaches Jersey (a URI or header too long, a malformed
 * request line) leave in the same {@code {"error", "status"}} JSON as the API's own, not as an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

  /** Requests up to this size reach the API, which then names the parameter that is too long. */
  static final int MAX_REQUEST_HEADER_BYTES = 32 * 1024;

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() > 0 ? response.getStatus() : 500;
    Object message = request.getAttribute(ERROR_MESSAGE);
    String text = message != null ? message.toString() : HttpStatus.getMessage(status);
    String json = "{\"error\":\"" + escape(text) + "\",\"status\":" + status + "}";
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
