package org.refugium.server;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.ExtendedUriInfo;

/**
 * Per request: a request id (the client's X-Request-Id when it is sane, else a new one) echoed in the
 * response header and in every error body, one access-log line, and the latency metric under the
 * route template (/v1/taxa/{id}), so metrics do not grow a series per taxon.
 */
@PreMatching
public final class RequestLog implements ContainerRequestFilter, ContainerResponseFilter {

  public static final String HEADER = "X-Request-Id";
  private static final String START = "refugium.start";
  private static final String ID = "refugium.request-id";
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final NodeMetrics metrics;
  private final PrintStream accessLog;
  private final TrustedProxies proxies;

  /** The Jetty request behind the JAX-RS one: the only place that knows the direct peer's address. */
  @jakarta.inject.Inject
  jakarta.inject.Provider<org.eclipse.jetty.server.Request> jettyRequest;

  public RequestLog(NodeMetrics metrics, PrintStream accessLog) {
    this(metrics, accessLog, TrustedProxies.none());
  }

  /** @param proxies whose X-Forwarded-For names the client in the log (see {@link TrustedProxies}) */
  public RequestLog(NodeMetrics metrics, PrintStream accessLog, TrustedProxies proxies) {
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.proxies = proxies;
  }

  /** Property holding the client's address as this node believes it, for anything else that needs it. */
  public static final String CLIENT = "refugium.client";

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(START, System.nanoTime());
    String given = request.getHeaderString(HEADER);
    request.setProperty(ID, given != null && SANE_ID.matcher(given).matches() ? given : newId());
    request.setProperty(CLIENT, clientAddress(request));
  }

  /** The direct peer, or (only from a trusted proxy) the client X-Forwarded-For names; "-" when unknown. */
  private String clientAddress(ContainerRequestContext request) {
    String peer = null;
    try {
      org.eclipse.jetty.server.Request jetty = jettyRequest == null ? null : jettyRequest.get();
      peer = jetty == null ? null : org.eclipse.jetty.server.Request.getRemoteAddr(jetty);
    } catch (RuntimeException outsideJetty) {
      // an in-memory container (tests of resources alone) has no socket
    }
    if (peer == null) {
      return "-";
    }
    List<String> forwarded = request.getHeaders().get("X-Forwarded-For");
    return proxies.client(peer, forwarded == null || forwarded.isEmpty() ? null : String.join(",", forwarded));
  }

  /** A random (version 4) UUID from a thread-local generator: an id to grep for, not a secret, so no SecureRandom. */
  static String newId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long high = (r.nextLong() & ~0xF000L) | 0x4000L;
    long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object start = request.getProperty(START);
    String id = String.valueOf(request.getProperty(ID));
    response.getHeaders().putSingle(HEADER, id);
    if (response.getStatus() >= 400 && response.getEntity() instanceof Map<?, ?> body && body.containsKey("error")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> errorBody = (Map<String, Object>) body;
      errorBody.putIfAbsent("request_id", id);
    }
    double seconds = start instanceof Long s ? (System.nanoTime() - s) / 1e9 : 0;
    String endpoint = endpoint(request);
    metrics.recordRequest(endpoint, methodLabel(request.getMethod()), response.getStatus(), seconds);
    // one println of a built line: printf's formatter cost more than the autocomplete it logged
    accessLog.println(new StringBuilder(192).append(Instant.now()).append(' ').append(id).append(' ')
        .append(request.getProperty(CLIENT)).append(' ').append(request.getMethod()).append(' ').append(request.getUriInfo().getRequestUri().getRawPath())
        .append(query(request)).append(' ').append(response.getStatus()).append(' ')
        .append(Math.round(seconds * 10_000) / 10.0).append("ms ").append(endpoint));
  }

  /** HTTP's own methods; any other token a client sends is "other", so clients cannot mint metric series. */
  private static final java.util.Set<String> METHODS =
      java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT");

  static String methodLabel(String method) {
    return METHODS.contains(method) ? method : "other";
  }

  private static String query(ContainerRequestContext request) {
    String q = request.getUriInfo().getRequestUri().getRawQuery();
    return q == null ? "" : "?" + (q.length() > 512 ? q.substring(0, 512) + "…" : q);
  }

  /** The matched route template, outermost first, e.g. /v1/taxa/{id}; "unmatched" for 404s. */
  private static String endpoint(ContainerRequestContext request) {
    if (request.getUriInfo() instanceof ExtendedUriInfo info) {
      List<org.glassfish.jersey.uri.UriTemplate> templates = info.getMatchedTemplates();
      if (!templates.isEmpty()) {
        StringBuilder path = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
          String t = templates.get(i).getTemplate();
          if (!t.startsWith("/") && path.length() > 0 && path.charAt(path.length() - 1) != '/') {
            path.append('/');
          }
          path.append(t);
        }
        return path.toString().replace("//", "/");
      }
    }
    return "unmatched";
  }
}
