package org.refugium.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** /v1/taxa, /v1/taxa/autocomplete, /v1/taxa/{ids}. */
@Path("/v1/taxa")
@Produces(MediaType.APPLICATION_JSON)
public final class TaxaResource {

  private final Endpoints endpoints;

  public TaxaResource(Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  @GET
  public Object search(@Context UriInfo uri) {
    QueryParams p = ObservationsResource.params(uri);
    return endpoints.call(s -> new TaxonService(s, endpoints.config()).search(p));
  }

  @GET
  @Path("autocomplete")
  public Object autocomplete(@Context UriInfo uri) {
    QueryParams p = ObservationsResource.params(uri);
    return endpoints.call(s -> new TaxonService(s, endpoints.config()).autocomplete(p));
  }

  @GET
  @Path("{ids}")
  public Object byIds(@PathParam("ids") String ids, @Context UriInfo uri) {
    QueryParams p = ObservationsResource.params(uri);
    return endpoints.call(s -> new TaxonService(s, endpoints.config()).byIds(ids, p));
  }
}
