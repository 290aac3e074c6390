package org.refugium.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
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
import java.util.Date;
import java.util.Optional;
import org.refugium.api.ErrorMappers;
import org.refugium.photos.PhotoKey;
import org.refugium.photos.PhotoPresence;
import org.refugium.photos.PhotoStore;

/**
 * {@code /photos/{photo_id}/{size}.{ext}} (the open-data bucket's key below {@code photos/}) from the node's photo
 * store, a directory or an S3 bucket. Photos never change once fetched, so they are cached for a year as immutable,
 * with an ETag and Last-Modified for revalidation (304), and a single byte range is served as 206.
 *
 * <p>The file is streamed from the store in 64 KB pieces, never read whole: an original is several MB and many may
 * be in flight. A photo the store lacks, a request that does not name a photo, and a store that cannot be reached
 * are all a 404 {@code {error, status}}: the mirror simply does not have it now, which is not a server fault (and a
 * page never links a photo its presence check did not find).
 */
@Path(WebConfig.PHOTOS_PATH + "/{id}/{file}")
public final class PhotosResource {

  static final String NOT_HERE = "no such photo in this mirror";
  private static final int CHUNK = 64 * 1024;

  private final PhotoPresence presence;

  /** @param presence null when the node serves no photo store */
  public PhotosResource(PhotoPresence presence) {
    this.presence = presence;
  }

  @GET
  public Response get(@PathParam("id") String id, @PathParam("file") String file,
      @HeaderParam("Range") String range, @HeaderParam("If-Range") String ifRange, @Context Request request) {
    return answer(id, file, range, ifRange, request, true);
  }

  /** HEAD answers the same headers without opening the file. */
  @HEAD
  public Response head(@PathParam("id") String id, @PathParam("file") String file,
      @HeaderParam("Range") String range, @HeaderParam("If-Range") String ifRange, @Context Request request) {
    return answer(id, file, range, ifRange, request, false);
  }

  private Response answer(String id, String file, String rangeHeader, String ifRange, Request request,
      boolean body) {
    PhotoKey key = PhotoKey.parse(id, file);
    if (presence == null || key == null) {
      return ErrorMappers.error(404, NOT_HERE);
    }
    Optional<PhotoStore.Stat> found = presence.stat(key);
    if (found.isEmpty()) {
      return ErrorMappers.error(404, NOT_HERE);
    }
    PhotoStore.Stat stat = found.get();
    EntityTag etag = new EntityTag(stat.etag());
    Date lastModified = new Date(stat.lastModifiedMillis() / 1000 * 1000); // HTTP dates have whole seconds
    CacheControl cache = immutable();
    Response.ResponseBuilder unchanged = request.evaluatePreconditions(lastModified, etag);
    if (unchanged != null) {
      return unchanged.cacheControl(cache).tag(etag).build();
    }
    long size = stat.size();
    ByteRange.Request asked = ifRangeHolds(ifRange, etag) ? ByteRange.parse(rangeHeader, size) : new ByteRange.Whole();
    if (asked instanceof ByteRange.Unsatisfiable) {
      return Response.fromResponse(ErrorMappers.error(416, "range not satisfiable"))
          .header("Content-Range", "bytes */" + size).header("Accept-Ranges", "bytes").build();
    }
    ByteRange part = asked instanceof ByteRange.Part p ? p.range() : null;
    long offset = part == null ? 0 : part.first();
    long length = part == null ? size : part.length();
    Response.ResponseBuilder b = Response.status(part == null ? 200 : 206).type(key.contentType()).tag(etag)
        .lastModified(lastModified).cacheControl(cache).header("Accept-Ranges", "bytes")
        .header("Content-Length", length);
    if (part != null) {
      b.header("Content-Range", part.contentRange(size));
    }
    if (!body) {
      return b.build();
    }
    InputStream in;
    try {
      // opened before any header is sent: a file gone since the stat, or a store gone away, is still a clean 404
      in = presence.store().open(key, offset, part == null ? -1 : length);
    } catch (IOException | RuntimeException e) {
      presence.surprised(key);
      return ErrorMappers.error(404, NOT_HERE);
    }
    StreamingOutput stream = out -> {
      try (in) {
        byte[] buf = new byte[CHUNK];
        long left = length;
        while (left > 0) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            break; // shorter than its stat (replaced meanwhile): the client sees a short body and retries
          }
          out.write(buf, 0, n);
          left -= n;
        }
      }
    };
    return b.entity(stream).build();
  }

  /** {@code If-Range}: serve the range only when the client's copy is still this file, else the whole file. */
  private static boolean ifRangeHolds(String ifRange, EntityTag etag) {
    return ifRange == null || ifRange.strip().equals("\"" + etag.getValue() + "\"");
  }

  static CacheControl immutable() {
    CacheControl cache = new CacheControl();
    cache.setMaxAge(31_536_000);
    cache.getCacheExtension().put("immutable", null);
    cache.getCacheExtension().put("public", null);
    return cache;
  }
}
