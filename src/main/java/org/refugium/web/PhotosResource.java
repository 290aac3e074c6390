package org.refugium.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Date;

/**
 * /photos/{photo_id}/{size}.{ext} from the local mirror. Photos never change once published, so they are
 * cached for a year as immutable, with an ETag and Last-Modified for revalidation.
 */
@Path(WebConfig.PHOTOS_PATH + "/{id}/{file}")
public final class PhotosResource {

  private final PhotoFiles files;

  public PhotosResource(PhotoFiles files) {
    this.files = files;
  }

  @GET
  public Response get(@PathParam("id") String id, @PathParam("file") String file, @Context Request request)
      throws IOException {
    var found = files == null ? java.util.Optional.<java.nio.file.Path>empty() : files.find(id, file);
    if (found.isEmpty()) {
      return Response.status(404).type("text/plain; charset=utf-8").entity("no such photo in this mirror\n").build();
    }
    java.nio.file.Path p = found.get();
    BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
    long modified = attrs.lastModifiedTime().toMillis();
    EntityTag etag = new EntityTag(Long.toHexString(attrs.size()) + "-" + Long.toHexString(modified));
    CacheControl cache = new CacheControl();
    cache.setMaxAge(31_536_000);
    cache.getCacheExtension().put("immutable", null);
    cache.getCacheExtension().put("public", null);
    Date lastModified = new Date(modified / 1000 * 1000); // HTTP dates have whole seconds
    Response.ResponseBuilder unchanged = request.evaluatePreconditions(lastModified, etag);
    if (unchanged != null) {
      return unchanged.cacheControl(cache).tag(etag).build();
    }
    StreamingOutput body = out -> {
      try (InputStream in = Files.newInputStream(p)) {
        in.transferTo(out);
      }
    };
    return Response.ok(body, PhotoFiles.contentType(file)).tag(etag).lastModified(lastModified).cacheControl(cache)
        .header("Content-Length", attrs.size()).build();
  }
}
