package org.refugium.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * An unknown path asked for by a browser gets an HTML 404 page in the page's language; API clients (anything
 * under /v1, or a request that does not prefer HTML) keep the {@code {"error","status"}} JSON. Only Jersey's own
 * "no such resource" answers are turned into pages: a page's own 404 is already HTML.
 */
final class HtmlNotFound implements ContainerResponseFilter {

  private final WebContext web;

  HtmlNotFound(WebContext web) {
    this.web = web;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() != 404 || !MediaType.APPLICATION_JSON_TYPE.isCompatible(response.getMediaType())
        || !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      return;
    }
    String path = request.getUriInfo().getPath();
    if (path.startsWith("v1/") || path.equals("v1") || !prefersHtml(request.getHeaderString(HttpHeaders.ACCEPT))) {
      return;
    }
    PageRequest ui = PageRequest.of(request.getUriInfo(), request.getCookies(),
        request.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    String html = web.templates().render("error.ftlh", Map.of("status", 404, "message", ui.text("error.notFound")), ui);
    response.setEntity(html, null, MediaType.valueOf("text/html; charset=utf-8"));
    response.getHeaders().putSingle("Content-Language", ui.language());
    response.getHeaders().putSingle("Vary", "Accept, Accept-Language, Cookie");
  }

  /** True when the client lists text/html before (or with a higher weight than) JSON, as browsers do. */
  static boolean prefersHtml(String accept) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    double html = -1;
    double json = -1;
    for (String part : accept.split(",")) {
      String[] bits = part.trim().split(";");
      String type = bits[0].trim().toLowerCase(java.util.Locale.ROOT);
      double q = 1;
      for (int i = 1; i < bits.length; i++) {
        String b = bits[i].trim();
        if (b.startsWith("q=")) {
          try {
            q = Double.parseDouble(b.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
        html = Math.max(html, q);
      } else if (type.equals("application/json")) {
        json = Math.max(json, q);
      }
    }
    return html > 0 && html >= json;
  }
}
