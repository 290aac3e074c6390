package org.refugium.web;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.media.multipart.FormDataBodyPart;
import org.glassfish.jersey.media.multipart.FormDataMultiPart;
import org.refugium.api.ApiException;
import org.refugium.api.ComputerVisionResource;
import org.refugium.api.QueryParams;
import org.refugium.api.RecognitionLimiter;
import org.refugium.api.VisionService;
import org.refugium.recognition.PhotoExif;
import org.refugium.recognition.Recognizer;
import org.refugium.recognition.UnreadableImageException;

/**
 * The identify page. GET shows the form; the form posts here as plain multipart, so it works without
 * JavaScript: the photo goes through the same recognizer, limiter and {@link VisionService} as
 * {@code /v1/computervision/score_image}, and the answer is rendered as HTML. With JavaScript the page posts
 * to score_image itself and renders the JSON in place (assets/app.js).
 */
@Path("/identify")
@Produces("text/html; charset=utf-8")
public final class IdentifyResource {

  private static final long FORM_OVERHEAD = 64 << 10;

  private final WebContext web;
  private final WebRecognition recognition;

  public IdentifyResource(WebContext web, WebRecognition recognition) {
    this.web = web;
    this.recognition = recognition;
  }

  @GET
  public Response form(@Context UriInfo uri, @Context HttpHeaders headers) {
    PageRequest ui = PageRequest.of(uri, headers);
    return render(200, ui, IdentifyPage.Form.EMPTY, null);
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response identify(FormDataMultiPart form, @HeaderParam("Content-Length") Long length,
      @Context UriInfo uri, @Context HttpHeaders headers) throws InterruptedException {
    PageRequest ui = PageRequest.of(uri, headers);
    IdentifyPage.Form fields = IdentifyPage.Form.of(field(form, "lat"), field(form, "lng"), field(form, "observed_on"),
        lastField(form, "taxon_id"), fileName(form));
    if (!recognition.available()) {
      return render(503, ui, fields, null);
    }
    try {
      if (length != null && length > ComputerVisionResource.MAX_UPLOAD_BYTES + FORM_OVERHEAD) {
        throw tooLarge();
      }
      byte[] image = image(form, ui);
      fields = fields.withExif(PhotoExif.read(image)); // date and place from the photo, into empty fields
      MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
      q.putSingle("lat", fields.lat());
      q.putSingle("lng", fields.lng());
      q.putSingle("observed_on", fields.observedOn());
      q.putSingle("taxon_id", fields.taxonId()); // "What is it?" / "Try as"
      q.putSingle("locale", ui.language()); // names in the page's language
      VisionService.Request request;
      try {
        request = VisionService.Request.parse(new QueryParams(q));
      } catch (ApiException e) {
        // the form's fields in the page's words, not the API's parameter names (lat, observed_on) in English
        boolean half = blank(fields.lat()) != blank(fields.lng());
        return render(e.status(), ui, fields, ui.text(half ? "identify.error.latLng" : "identify.error.form"));
      }
      try (RecognitionLimiter.Slot slot = recognition.limiter().enter()) {
        if (slot == null) {
          throw new ApiException(429, "too many recognitions in progress; retry shortly");
        }
        return recognize(ui, fields, request, image);
      }
    } catch (ApiException e) {
      // the page's language, not the API's English: the refusals a photo meets are said by status
      boolean own = e.getMessage().equals(ui.text("identify.noImage"));
      return render(e.status(), ui, fields, own ? e.getMessage() : switch (e.status()) {
        case 408, 413, 429, 503 -> ui.text("identify.error." + e.status());
        default -> e.getMessage();
      });
    } catch (UnreadableImage e) {
      return render(e.status, ui, fields, ui.text("identify.error.image"));
    }
  }

  /** Recognition and rendering on one snapshot lease, as the API answers. */
  private Response recognize(PageRequest ui, IdentifyPage.Form fields, VisionService.Request request, byte[] image) {
    long start = System.nanoTime();
    String html = web.lease(s -> { // the recognition slot bounds it
      VisionService service = new VisionService(s, web.config().api());
      Recognizer recognizer = recognition.recognizer();
      Recognizer.Recognition r;
      java.awt.image.BufferedImage decoded; // once, for the bundles and the archive
      try {
        long t0 = System.nanoTime();
        decoded = recognizer.decode(image);
        long decode = System.nanoTime() - t0;
        r = recognizer.recognize(decoded, service.bundlesInPlay(recognizer, request)).withDecode(decode);
      } catch (UnreadableImageException e) {
        throw new UnreadableImage(e.isTooLarge() ? 413 : ApiException.INVALID);
      }
      recognition.timed().accept(r.timings());
      var archive = ComputerVisionResource.archive(recognizer, s.name(), decoded, request);
      Map<String, Object> m = IdentifyPage.model(web, s, ui, fields, recognition);
      IdentifyPage.addAnswer(m, web, ui, service.respond(r, archive, request), request.taxonId() != null);
      m.put("snapshotName", s.name());
      return web.templates().render("identify.ftlh", m, ui);
    });
    return PagesResource.respond(200, html, ui, start);
  }

  /** The page without an answer: the form, with the error when there is one. */
  private Response render(int status, PageRequest ui, IdentifyPage.Form fields, String error) {
    long start = System.nanoTime();
    String html = web.call(s -> {
      Map<String, Object> m = IdentifyPage.model(web, s, ui, fields, recognition);
      if (error != null) {
        m.put("error", error);
      }
      m.put("snapshotName", s.name());
      return web.templates().render("identify.ftlh", m, ui);
    });
    return PagesResource.respond(status, html, ui, start);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** A photo the decoder refused, said on the page in its language (the decoder's detail is English). */
  private static final class UnreadableImage extends RuntimeException {
    final int status;

    UnreadableImage(int status) {
      super(null, null, false, false);
      this.status = status;
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(413, "image is larger than the limit of "
        + (ComputerVisionResource.MAX_UPLOAD_BYTES >> 20) + " MB");
  }

  private static String field(FormDataMultiPart form, String name) {
    FormDataBodyPart p = form == null ? null : form.getField(name);
    return p == null || !p.isSimple() ? "" : p.getValue().strip();
  }

  /**
   * The last non-empty value: a "Try as" button (outside the form, {@code form=} attribute) is sent after the
   * form's own "What is it?" select of the same name.
   */
  private static String lastField(FormDataMultiPart form, String name) {
    List<FormDataBodyPart> parts = form == null ? null : form.getFields(name);
    String out = "";
    if (parts != null) {
      for (FormDataBodyPart p : parts) {
        if (p.isSimple() && !p.getValue().isBlank()) {
          out = p.getValue().strip();
        }
      }
    }
    return out;
  }

  private static String fileName(FormDataMultiPart form) {
    FormDataBodyPart p = imagePart(form);
    String name = p == null || p.getContentDisposition() == null ? null : p.getContentDisposition().getFileName();
    return name == null ? "" : name;
  }

  /**
   * The page has two file inputs named image (the file chooser and the phone camera); a browser sends both,
   * the unused one empty with no file name. The first one that names a file is the photo.
   */
  private static FormDataBodyPart imagePart(FormDataMultiPart form) {
    List<FormDataBodyPart> parts = form == null ? null : form.getFields("image");
    if (parts == null || parts.isEmpty()) {
      return null;
    }
    for (FormDataBodyPart p : parts) {
      String name = p.getContentDisposition() == null ? null : p.getContentDisposition().getFileName();
      if (name != null && !name.isEmpty()) {
        return p;
      }
    }
    return parts.get(0);
  }

  /** The upload; a form sent without choosing a file has an empty part, which the page words for people. */
  private static byte[] image(FormDataMultiPart form, PageRequest ui) {
    FormDataBodyPart part = imagePart(form);
    if (part == null) {
      throw ApiException.invalid(ui.text("identify.noImage"));
    }
    try (InputStream in = part.getValueAs(InputStream.class)) {
      byte[] data = in.readNBytes((int) ComputerVisionResource.MAX_UPLOAD_BYTES + 1);
      if (data.length > ComputerVisionResource.MAX_UPLOAD_BYTES) {
        throw tooLarge();
      }
      if (data.length == 0) {
        throw ApiException.invalid(ui.text("identify.noImage"));
      }
      return data;
    } catch (IOException e) {
      throw ApiException.invalid("could not read the uploaded image: " + e.getMessage());
    }
  }
}
