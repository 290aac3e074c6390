package org.refugium.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every failure leaves as {@code {"error", "status"}} JSON: bad input as 4xx with a message that names
 * the parameter, routing errors (unknown path, wrong method) with Jersey's status, and anything
 * unexpected as a 500 whose stack trace goes to the log, never to the client.
 */
public final class ErrorMappers {

  private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

  private ErrorMappers() {}

  /** How much of a message a client gets back: enough to see the value, never the whole 10 MB field it sent. */
  static final int MAX_MESSAGE_CHARS = 300;

  public static Response error(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", shorten(message));
    body.put("status", status);
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }

  /**
   * A message as it leaves: control characters (ANSI escapes, newlines from a crafted value) replaced, and cut to
   * {@link #MAX_MESSAGE_CHARS} with a mark, so an echo of the client's value stays a short prefix.
   */
  static String shorten(String message) {
    if (message == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(message.length(), MAX_MESSAGE_CHARS + 16));
    for (int i = 0; i < message.length() && out.length() < MAX_MESSAGE_CHARS; i++) {
      char c = message.charAt(i);
      out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '\uFFFD' : c);
    }
    if (message.length() > MAX_MESSAGE_CHARS) {
      out.append("… (").append(message.length() - MAX_MESSAGE_CHARS).append(" more characters cut)");
    }
    return out.toString();
  }

  /** Refusals the API raises itself. */
  public static final class Api implements ExceptionMapper<ApiException> {
    @Override
    public Response toResponse(ApiException e) {
      return error(e.status(), e.getMessage());
    }
  }

  /** Jersey's own: 404 for an unknown path, 405 for a wrong method, 415, ... */
  public static final class Web implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse().getStatus();
      String message = status == 404 ? "Not found" : e.getResponse().getStatusInfo().getReasonPhrase();
      return error(status, message);
    }
  }

  /** A parse failure that slipped past the parameter parser is still the client's bad input. */
  public static final class BadNumber implements ExceptionMapper<NumberFormatException> {
    @Override
    public Response toResponse(NumberFormatException e) {
      // the JDK's text is 'For input string: "…"': say what was expected instead
      String m = e.getMessage() == null ? "" : e.getMessage();
      String value = m.startsWith("For input string: ") ? m.substring("For input string: ".length()) : m;
      return error(ApiException.INVALID, "invalid number: expected digits, got " + value);
    }
  }

  public static final class BadDate implements ExceptionMapper<DateTimeParseException> {
    @Override
    public Response toResponse(DateTimeParseException e) {
      return error(ApiException.INVALID, "invalid date: " + e.getParsedString());
    }
  }

  /**
   * The last resort: a body the client broke off or malformed (an aborted upload, a multipart without its closing
   * boundary) is the client's 400, logged as one line; anything else is our bug: logged with its stack trace,
   * answered with a plain 500.
   */
  public static final class Unexpected implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        // Jetty's own refusals met while Jersey read the body: 413 over the size limit, 408 too slow
        if (t instanceof org.eclipse.jetty.http.HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
          LOG.info("request body refused: " + h.getCode() + " " + t.getMessage());
          return error(h.getCode(), h.getCode() == 413 ? "the request body is larger than the limit of "
              + (ComputerVisionResource.MAX_UPLOAD_BYTES >> 20) + " MB" : h.getCode() == 408
              ? "the request body arrived too slowly" : "the request body was refused");
        }
      }
      Throwable client = clientFault(e);
      if (client != null) {
        LOG.info("malformed or incomplete request body: " + client.getClass().getSimpleName());
        return error(400, "the request body is malformed or incomplete (an upload broken off, or a multipart form"
            + " without its closing boundary)");
      }
      LOG.log(Level.SEVERE, "request failed", e);
      return error(500, "Internal server error");
    }
  }

  /** Failures that mean the client's body was cut off or is not the format it claims, by class up the cause chain. */
  private static final java.util.Set<String> CLIENT_FAULTS = java.util.Set.of(
      "org.jvnet.mimepull.MIMEParsingException", "org.eclipse.jetty.io.EofException", "java.io.EOFException",
      "org.eclipse.jetty.http.BadMessageException", "org.eclipse.jetty.http.HttpException$RuntimeException");

  static Throwable clientFault(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
        if (CLIENT_FAULTS.contains(c.getName())) {
          return t;
        }
      }
    }
    return null;
  }
}
