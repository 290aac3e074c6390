package org.refugium.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** /v1/observations and its sub-endpoints: parse, call the service, return the view. */
@Path("/v1/observations")
@Produces(MediaType.APPLICATION_JSON)
public final class ObservationsResource {

  /** species_counts and observers page up to 500, as iNaturalist's do. */
  static final int MAX_COUNTS_PER_PAGE = 500;

  private final Endpoints endpoints;

  public ObservationsResource(Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  @GET
  public Object search(@Context UriInfo uri) {
    ObservationParams p = ObservationParams.parse(params(uri));
    return endpoints.call(s -> new ObservationService(s, endpoints.config()).search(p));
  }

  @GET
  @Path("{ids}")
  public Object byIds(@PathParam("ids") String ids, @Context UriInfo uri) {
    List<String> keys = Arrays.stream(ids.split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList();
    String locale = params(uri).string("locale");
    return endpoints.call(s -> new ObservationService(s, endpoints.config()).lookup(keys, locale));
  }

  @GET
  @Path("species_counts")
  public Object speciesCounts(@Context UriInfo uri) {
    QueryParams q = params(uri);
    ObservationParams p = ObservationParams.parse(q, MAX_COUNTS_PER_PAGE, MAX_COUNTS_PER_PAGE);
    boolean ancestors = Boolean.TRUE.equals(q.bool("include_ancestors"));
    return endpoints.call(s -> new ObservationService(s, endpoints.config()).speciesCounts(p, ancestors));
  }

  @GET
  @Path("observers")
  public Object observers(@Context UriInfo uri) {
    QueryParams q = params(uri);
    ObservationParams p = ObservationParams.parse(q, MAX_COUNTS_PER_PAGE, MAX_COUNTS_PER_PAGE);
    boolean bySpecies = q.choice("order_by", java.util.Set.of("observation_count", "species_count"),
        "observation_count").equals("species_count");
    return endpoints.call(s -> new ObservationService(s, endpoints.config()).observers(p, bySpecies));
  }

  @GET
  @Path("histogram")
  public Object histogram(@Context UriInfo uri) {
    QueryParams q = params(uri);
    ObservationParams p = ObservationParams.parse(q);
    String interval = q.choice("interval", Histograms.INTERVALS, "month_of_year");
    String dateField = q.choice("date_field", java.util.Set.of("observed", "created"), "observed");
    boolean created = dateField.equals("created");
    return endpoints.call(s -> new ObservationService(s, endpoints.config()).histogram(p, interval, created));
  }

  /** Annotation values: the exports carry no annotations, so always none, in the right shape. */
  @GET
  @Path("popular_field_values")
  public Object popularFieldValues(@Context UriInfo uri) {
    ObservationParams.parse(params(uri)); // bad parameters still get their 422
    return Map.of("total_results", 0, "page", 1, "per_page", 0, "results", List.of());
  }

  static QueryParams params(UriInfo uri) {
    return new QueryParams(uri.getQueryParameters());
  }
}
