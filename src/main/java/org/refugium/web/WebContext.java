package org.refugium.web;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.function.Function;
import org.refugium.api.Endpoints;
import org.refugium.api.ObservationParams;
import org.refugium.api.ObservationService;
import org.refugium.api.QueryParams;
import org.refugium.api.TaxonViews;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.photos.PhotoPresence;

/** What the page builders share: the served snapshot (leased per request), settings, photos, templates. */
public final class WebContext {

  private final Endpoints endpoints;
  private final WebConfig config;
  private final PhotoCards photos;
  private final Templates templates = new Templates();

  public WebContext(Endpoints endpoints, WebConfig config, PhotoPresence presence) {
    this.endpoints = endpoints;
    this.config = config;
    this.photos = new PhotoCards(config, presence);
  }

  /** Page work on a leased snapshot, in a compute slot ({@link Endpoints#call}). */
  public <T> T call(Function<ServedSnapshot, T> work) {
    return endpoints.call(work);
  }

  /** Work without a compute slot: a streamed export, a recognition (bounded by its own slots). */
  public <T> T lease(Function<ServedSnapshot, T> work) {
    return endpoints.lease(work);
  }

  public WebConfig config() {
    return config;
  }

  public PhotoCards photos() {
    return photos;
  }

  public Templates templates() {
    return templates;
  }

  ObservationService observations(ServedSnapshot s) {
    return new ObservationService(s, config.api());
  }

  TaxonViews taxonViews(ServedSnapshot s, String language) {
    return new TaxonViews(s, config.api(), language);
  }

  /** The API's own parser over a query: pages filter exactly as /v1/observations does. */
  static ObservationParams params(MultivaluedMap<String, String> query, String language, int maxPerPage,
      int defaultPerPage) {
    MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
    query.forEach(q::put);
    q.putSingle("locale", language); // common names in the page's language, whatever ?locale said
    return ObservationParams.parse(new QueryParams(q), maxPerPage, defaultPerPage);
  }

  /** Parameters from pairs: params("taxon_id", 3, "per_page", 5). */
  static ObservationParams params(String language, Object... pairs) {
    MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      q.add((String) pairs[i], String.valueOf(pairs[i + 1]));
    }
    return params(q, language, 500, 30);
  }
}
