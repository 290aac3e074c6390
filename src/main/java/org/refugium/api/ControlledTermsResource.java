package org.refugium.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * /v1/controlled_terms: the annotation vocabulary. The exports carry no annotations, so there are no
 * terms; pyinaturalist asks for them anyway and needs the envelope.
 */
@Path("/v1/controlled_terms")
@Produces(MediaType.APPLICATION_JSON)
public final class ControlledTermsResource {

  @GET
  public Object all() {
    return empty();
  }

  @GET
  @Path("for_taxon")
  public Object forTaxon() {
    return empty();
  }

  @GET
  @Path("for_taxon/{taxon_id}")
  public Object forTaxon(@PathParam("taxon_id") String taxonId) {
    return empty();
  }

  private static Map<String, Object> empty() {
    return Map.of("total_results", 0, "page", 1, "per_page", 0, "results", List.of());
  }
}
