package org.refugium.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.media.multipart.FormDataBodyPart;
import org.glassfish.jersey.media.multipart.FormDataMultiPart;
import org.refugium.recognition.Recognizer;
import org.refugium.recognition.Timings;
import org.refugium.recognition.UnreadableImageException;
import org.refugium.recognition.archive.ArchiveRecognizer;
import org.refugium.recognition.archive.NeighbourFilter;

/**
 * {@code POST /v1/computervision/score_image} (multipart: {@code image}, optional lat, lng, radius,
 * observed_on, taxon_id, locale, per_page) and {@code GET /v1/computervision/models}.
 */
@Path("/v1/computervision")
@Produces(MediaType.APPLICATION_JSON)
public final class ComputerVisionResource {

  /** Uploads above this are refused with 413 (phone photos are 2-8 MB). */
  public static final long MAX_UPLOAD_BYTES = 20L << 20;
  /** Slack for the multipart framing and the other fields around the image. */
  private static final long FORM_OVERHEAD = 64 << 10;

  private final Endpoints endpoints;
  private final Recognizer recognizer;
  private final RecognitionLimiter limiter;

  public ComputerVisionResource(Endpoints endpoints, Recognizer recognizer, RecognitionLimiter limiter) {
    this(endpoints, recognizer, limiter, timings -> { });
  }

  /** @param timed receives the stage timings of each recognition (the node's /metrics) */
  public ComputerVisionResource(Endpoints endpoints, Recognizer recognizer, RecognitionLimiter limiter,
      java.util.function.Consumer<Timings> timed) {
    this.endpoints = endpoints;
    this.recognizer = recognizer;
    this.limiter = limiter;
    this.timed = timed;
  }

  private final java.util.function.Consumer<Timings> timed;

  @POST
  @Path("score_image")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response scoreImage(FormDataMultiPart form, @HeaderParam("Content-Length") Long length, @Context UriInfo uri)
      throws InterruptedException {
    if (length != null && length > MAX_UPLOAD_BYTES + FORM_OVERHEAD) {
      return ErrorMappers.error(413, "image is larger than the limit of " + (MAX_UPLOAD_BYTES >> 20) + " MB");
    }
    requireModels();
    QueryParams params = new QueryParams(fields(form, uri));
    VisionService.Request request = VisionService.Request.parse(params);
    byte[] image = image(form);
    try (RecognitionLimiter.Slot slot = limiter.enter()) {
      if (slot == null) {
        return Response.fromResponse(ErrorMappers.error(429, "too many recognitions in progress; retry shortly"))
            .header("Retry-After", "1").build();
      }
      return endpoints.lease(s -> { // the recognition slot bounds it
        VisionService service = new VisionService(s, endpoints.config());
        Recognizer.Recognition r;
        BufferedImage decoded; // once, for the bundles and the archive
        try {
          long t0 = System.nanoTime();
          decoded = recognizer.decode(image);
          long decode = System.nanoTime() - t0;
          r = recognizer.recognize(decoded, service.bundlesInPlay(recognizer, request)).withDecode(decode);
        } catch (UnreadableImageException e) {
          throw new ApiException(e.isTooLarge() ? 413 : ApiException.INVALID, e.getMessage());
        }
        timed.accept(r.timings());
        ArchiveRecognizer.Answer archive = archive(recognizer, s.name(), decoded, request);
        long t0 = System.nanoTime();
        Map<String, Object> body = service.respond(r, archive, request);
        long respond = System.nanoTime() - t0;
        return Response.ok(body).header("Server-Timing", serverTiming(r.timings(), archive, respond)).build();
      });
    }
  }

  /** The installed bundles and how their labels meet this snapshot's taxa (for the identify page). */
  @GET
  @Path("models")
  public Object models() {
    return endpoints.call(s -> {
      List<Map<String, Object>> out = new ArrayList<>();
      List<Recognizer.Loaded> all = new ArrayList<>();
      if (recognizer != null) {
        if (recognizer.gate() != null) {
          all.add(recognizer.gate());
        }
        all.addAll(recognizer.species());
      }
      for (Recognizer.Loaded l : all) {
        var m = l.bundle().manifest();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", m.name());
        b.put("version", m.version());
        b.put("description", m.description());
        b.put("format", m.format());
        b.put("role", m.role());
        b.put("license", m.license());
        b.put("source_url", m.sourceUrl());
        b.put("classes", l.classifier().labels().size());
        if (!m.isGate()) {
          LabelTaxa map = LabelTaxa.of(s, l.bundle(), l.classifier().labels());
          b.put("covers", m.covers() == null ? null : Map.of("name", String.valueOf(m.covers().name()),
              "taxon_id", map.clade() >= 0 ? map.clade() : -1));
          b.put("labels_matched", map.matchedCount());
          b.put("labels_unmatched", map.unmatched(l.classifier().labels()).size());
        }
        out.add(b);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("total_results", out.size());
      body.put("page", 1);
      body.put("per_page", out.size());
      body.put("results", out);
      return body;
    });
  }

  /** The archive's vote when the snapshot has a vector index for the node's backbone, else null. */
  public static ArchiveRecognizer.Answer archive(Recognizer recognizer, String snapshot, BufferedImage image,
      VisionService.Request request) {
    if (recognizer == null || recognizer.archive() == null) {
      return null;
    }
    NeighbourFilter filter = NeighbourFilter.research().withTaxon(request.taxonId());
    if (request.archiveRadiusKm() != null) {
      filter = filter.withCircle(request.lat(), request.lng(), request.archiveRadiusKm());
    }
    if (request.archiveSeason() && request.observedOn() != null) {
      filter = filter.withSeason(request.observedOn().getMonthValue(), 1);
    }
    try {
      return recognizer.archive().identify(snapshot, image, filter);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void requireModels() {
    if (recognizer == null || recognizer.isEmpty() && recognizer.archive() == null) {
      throw new ApiException(503, "no species model is installed on this node: run `refugium models install"
          + " coral-inat-birds --from DIR` and restart serve");
    }
  }

  private static MultivaluedMap<String, String> fields(FormDataMultiPart form, UriInfo uri) {
    MultivaluedMap<String, String> out = new MultivaluedHashMap<>(uri.getQueryParameters());
    if (form != null) {
      for (Map.Entry<String, List<FormDataBodyPart>> e : form.getFields().entrySet()) {
        for (FormDataBodyPart p : e.getValue()) {
          if (!e.getKey().equals("image") && p.isSimple()) {
            out.add(e.getKey(), p.getValue());
          }
        }
      }
    }
    return out;
  }

  private static byte[] image(FormDataMultiPart form) {
    FormDataBodyPart part = form == null ? null : form.getField("image");
    if (part == null) {
      throw ApiException.invalid("image is required (a multipart form field named image holding the photo)");
    }
    try (InputStream in = part.getValueAs(InputStream.class)) {
      byte[] data = in.readNBytes((int) MAX_UPLOAD_BYTES + 1);
      if (data.length > MAX_UPLOAD_BYTES) {
        throw new ApiException(413, "image is larger than the limit of " + (MAX_UPLOAD_BYTES >> 20) + " MB");
      }
      if (data.length == 0) {
        throw ApiException.invalid("image is empty");
      }
      return data;
    } catch (IOException e) {
      throw ApiException.invalid("could not read the uploaded image: " + e.getMessage());
    }
  }

  /**
   * The bundles' four stages first (BenchRecognitionCommand reads them by position), then the
   * archive's embedding and kNN search (0 without an archive) and the answer's assembly (taxa,
   * vote, evidence; before JSON serialisation): scripts/bench-identify reads them by name.
   */
  static String serverTiming(Timings t, ArchiveRecognizer.Answer archive, long respondNanos) {
    return String.format(java.util.Locale.ROOT,
        "decode;dur=%.2f, preprocess;dur=%.2f, inference;dur=%.2f, postprocess;dur=%.2f, "
            + "archive-embed;dur=%.2f, archive-search;dur=%.2f, respond;dur=%.2f",
        t.decodeNanos() / 1e6, t.preprocessNanos() / 1e6, t.inferenceNanos() / 1e6, t.postprocessNanos() / 1e6,
        archive == null ? 0 : archive.embedNanos() / 1e6, archive == null ? 0 : archive.searchNanos() / 1e6,
        respondNanos / 1e6);
  }
}
