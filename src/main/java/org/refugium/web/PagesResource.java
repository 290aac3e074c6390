package org.refugium.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.refugium.api.data.ServedSnapshot;

/**
 * The HTML pages. Each builds its model on a leased snapshot through the API's services, then renders a
 * template. The time spent is reported in a Server-Timing header (the pages' budget is 100 ms).
 */
@Path("/")
@Produces("text/html; charset=utf-8")
public final class PagesResource {

  private static final int YEAR_SECONDS = 365 * 24 * 3600;

  private final WebContext web;

  private final WebRecognition recognition;

  private final NodeStatus status;

  public PagesResource(WebContext web) {
    this(web, WebRecognition.none());
  }

  public PagesResource(WebContext web, WebRecognition recognition) {
    this(web, recognition, NodeStatus.startedNow());
  }

  public PagesResource(WebContext web, WebRecognition recognition, NodeStatus status) {
    this.recognition = recognition;
    this.web = web;
    this.status = status;
  }

  @GET
  public Response home(@Context UriInfo uri, @Context HttpHeaders headers) {
    // a submitted filter form sends every field, empty ones too: answer with the short URL that says only what was
    // chosen (one redirect, no script needed), so result URLs are readable and shareable
    if (uri.getQueryParameters().values().stream().anyMatch(v -> v.stream().anyMatch(x -> x == null || x.isBlank()))) {
      StringBuilder q = new StringBuilder(); // the raw pairs in the order sent, as sent, less the empty ones
      for (String pair : uri.getRequestUri().getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        if (!value.isEmpty() && !value.replace("+", "").replace("%20", "").isEmpty()) {
          q.append(q.isEmpty() ? '?' : '&').append(pair);
        }
      }
      return Response.seeOther(java.net.URI.create("/" + q)).build();
    }
    PageRequest ui = PageRequest.of(uri, headers);
    return page(ui, "home.ftlh", s -> SearchPage.model(web, s, ui, uri.getQueryParameters()));
  }

  @GET
  @Path("taxa/{id}")
  public Response taxon(@PathParam("id") String id, @Context UriInfo uri, @Context HttpHeaders headers) {
    PageRequest ui = PageRequest.of(uri, headers);
    if (!id.matches("\\d{1,9}")) {
      return notFound(ui);
    }
    return page(ui, "taxon.ftlh", s -> TaxonPage.model(web, s, ui, Integer.parseInt(id)));
  }

  @GET
  @Path("observations/{key}")
  public Response observation(@PathParam("key") String key, @Context UriInfo uri, @Context HttpHeaders headers) {
    PageRequest ui = PageRequest.of(uri, headers);
    return page(ui, "observation.ftlh", s -> ObservationPage.model(web, s, ui, key));
  }

  @GET
  @Path("people/{key}")
  public Response observer(@PathParam("key") String key, @Context UriInfo uri, @Context HttpHeaders headers) {
    PageRequest ui = PageRequest.of(uri, headers);
    return page(ui, "observer.ftlh", s -> ObserverPage.model(web, s, ui, key));
  }

  @GET
  @Path("about")
  public Response about(@Context UriInfo uri, @Context HttpHeaders headers) {
    PageRequest ui = PageRequest.of(uri, headers);
    return page(ui, "about.ftlh", s -> {
      try {
        return AboutPage.model(s, recognition, status, ui);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Builds the model (null = 404) and renders it on one snapshot lease. */
  private Response page(PageRequest ui, String template, Function<ServedSnapshot, Map<String, Object>> model) {
    long start = System.nanoTime();
    String[] html = new String[1];
    boolean found = web.call(s -> {
      Map<String, Object> m = model.apply(s);
      if (m == null) {
        return false;
      }
      m.put("snapshotName", s.name());
      html[0] = web.templates().render(template, m, ui);
      return true;
    });
    if (!found) {
      return notFound(ui);
    }
    return respond(200, html[0], ui, start);
  }

  Response notFound(PageRequest ui) {
    long start = System.nanoTime();
    String body = web.templates().render("error.ftlh", Map.of("status", 404, "message", ui.text("error.notFound")), ui);
    return respond(404, body, ui, start);
  }

  static Response respond(int status, String html, PageRequest ui, long start) {
    double ms = (System.nanoTime() - start) / 1e6;
    Response.ResponseBuilder r = Response.status(status).type("text/html; charset=utf-8").entity(html)
        .header("Content-Language", ui.language())
        .header("Vary", "Accept-Language, Cookie")
        .header("Cache-Control", "no-cache")
        .header("Server-Timing", String.format(Locale.ROOT, "page;dur=%.1f", ms));
    if (ui.languageChosen()) {
      r.cookie(new NewCookie.Builder(UiLocale.COOKIE).value(ui.language()).path("/").maxAge(YEAR_SECONDS)
          .sameSite(NewCookie.SameSite.LAX).httpOnly(true).build());
    }
    return r.build();
  }
}
