package org.refugium.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pages' own files under /assets: stylesheet, script, icon, and the base map. Only names on a fixed
 * list are served (no path from the request reaches the class loader), from memory, with a content hash
 * as ETag.
 */
@Path("/assets/{name}")
public final class AssetsResource {

  private static final Map<String, String> TYPES = Map.of(
      "app.css", "text/css; charset=utf-8",
      "app.js", "text/javascript; charset=utf-8",
      "favicon.svg", "image/svg+xml",
      "land-110m.svg", "image/svg+xml",
      "land-50m.svg", "image/svg+xml");

  private record Asset(byte[] bytes, EntityTag etag) {}

  private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

  @GET
  public Response get(@PathParam("name") String name, @Context Request request) {
    String type = TYPES.get(name);
    if (type == null) {
      return Response.status(404).type("text/plain; charset=utf-8").entity("no such asset\n").build();
    }
    Asset a = loaded.computeIfAbsent(name, AssetsResource::load);
    CacheControl cache = new CacheControl();
    cache.setMaxAge(3600);
    Response.ResponseBuilder unchanged = request.evaluatePreconditions(a.etag());
    if (unchanged != null) {
      return unchanged.cacheControl(cache).build();
    }
    return Response.ok(a.bytes(), type).tag(a.etag()).cacheControl(cache).build();
  }

  private static Asset load(String name) {
    byte[] bytes;
    if (name.startsWith("land-")) {
      bytes = LandSvg.get(name.substring(5, name.length() - 4));
    } else {
      try (InputStream in = AssetsResource.class.getResourceAsStream("/org/refugium/web/assets/" + name)) {
        if (in == null) {
          throw new IllegalStateException("asset missing from the jar: " + name);
        }
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return new Asset(bytes, new EntityTag(HexFormat.of().formatHex(hash, 0, 12)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
