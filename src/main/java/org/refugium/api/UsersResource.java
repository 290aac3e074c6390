package org.refugium.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** /v1/users/{id or login}. */
@Path("/v1/users")
@Produces(MediaType.APPLICATION_JSON)
public final class UsersResource {

  private final Endpoints endpoints;

  public UsersResource(Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  @GET
  @Path("{id}")
  public Object get(@PathParam("id") String idOrLogin) {
    return endpoints.call(s -> new UserService(s).get(idOrLogin));
  }
}
