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

  public static Response error(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("status", status);
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
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
      return error(ApiException.INVALID, "invalid number: " + e.getMessage());
    }
  }

  public static final class BadDate implements ExceptionMapper<DateTimeParseException> {
    @Override
    public Response toResponse(DateTimeParseException e) {
      return error(ApiException.INVALID, "invalid date: " + e.getParsedString());
    }
  }

  /** The last resort: log the bug, answer a plain 500. */
  public static final class Unexpected implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      LOG.log(Level.SEVERE, "request failed", e);
      return error(500, "Internal server error");
    }
  }
}
