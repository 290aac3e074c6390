package org.refugium.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
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
      "map.js", "text/javascript; charset=utf-8",
      "favicon.svg", "image/svg+xml",
      "land-110m.svg", "image/svg+xml",
      "land-50m.svg", "image/svg+xml");

  /** The file, and the same gzip-compressed once at load (the 50m base map: ~1.5 MB → ~0.4 MB). */
  private record Asset(byte[] bytes, EntityTag etag, byte[] gzipped, EntityTag gzipEtag) {}

  private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

  @GET
  public Response get(@PathParam("name") String name, @Context Request request, @Context HttpHeaders headers) {
    String type = TYPES.get(name);
    if (type == null) {
      return Response.status(404).type("text/plain; charset=utf-8").entity("no such asset\n").build();
    }
    Asset a = loaded.computeIfAbsent(name, AssetsResource::load);
    CacheControl cache = new CacheControl();
    cache.setMaxAge(3600);
    boolean gzip = acceptsGzip(headers.getHeaderString(HttpHeaders.ACCEPT_ENCODING));
    EntityTag etag = gzip ? a.gzipEtag() : a.etag();
    Response.ResponseBuilder unchanged = request.evaluatePreconditions(etag);
    if (unchanged != null) {
      return unchanged.cacheControl(cache).header("Vary", "Accept-Encoding").build();
    }
    Response.ResponseBuilder ok = Response.ok(gzip ? a.gzipped() : a.bytes(), type).tag(etag).cacheControl(cache)
        .header("Vary", "Accept-Encoding");
    return gzip ? ok.header("Content-Encoding", "gzip").build() : ok.build();
  }

  /** gzip listed and not refused with q=0. */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      String[] bits = part.trim().split(";");
      String coding = bits[0].trim().toLowerCase(java.util.Locale.ROOT);
      if (coding.equals("gzip") || coding.equals("*")) {
        boolean refused = bits.length > 1 && bits[1].trim().replace(" ", "").matches("q=0(\\.0*)?");
        return !refused;
      }
    }
    return false;
  }

  private static byte[] gzip(byte[] bytes) {
    var out = new java.io.ByteArrayOutputStream(bytes.length / 3);
    try (var z = new java.util.zip.GZIPOutputStream(out) {
      {
        def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
      }
    }) {
      z.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
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
      String tag = HexFormat.of().formatHex(hash, 0, 12);
      return new Asset(bytes, new EntityTag(tag), gzip(bytes), new EntityTag(tag + "-gz"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
