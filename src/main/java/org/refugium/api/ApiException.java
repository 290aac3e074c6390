package org.refugium.api;

/**
 * A request the API refuses, with the HTTP status to answer. Rendered as iNaturalist's live API does,
 * {@code {"error": message, "status": code}} (the swagger's {@code {code, message}} is not what it sends).
 */
public final class ApiException extends RuntimeException {

  /** iNaturalist answers invalid parameter values with 422 Unprocessable Entity. */
  public static final int INVALID = 422;

  private final int status;

  public ApiException(int status, String message) {
    super(message, null, false, false); // no stack trace: this is an answer, not a bug
    this.status = status;
  }

  public static ApiException invalid(String message) {
    return new ApiException(INVALID, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  public int status() {
    return status;
  }
}
