package org.refugium.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Headers on every response. The policy names no origin but the node's own: the campus has no outside
 * internet, and nothing a page loads may come from elsewhere (no CDN, fonts, tiles). Inline SVG is
 * markup, not script or style, so it needs no exception; pages carry no inline script or style attribute.
 */
public final class SecurityHeaders implements ContainerResponseFilter {

  static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
      + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
      + " frame-ancestors 'none'";

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    MultivaluedMap<String, Object> h = response.getHeaders();
    h.putSingle("Content-Security-Policy", CSP);
    h.putSingle("X-Content-Type-Options", "nosniff");
    h.putSingle("X-Frame-Options", "DENY");
    h.putSingle("Referrer-Policy", "no-referrer");
  }
}
