package org.refugium.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.refugium.api.ObservationParams;
import org.refugium.api.data.ObservationFilter;
import org.refugium.api.data.ObservationRow;
import org.refugium.api.data.ObservationSort;
import org.refugium.api.data.Records;
import org.refugium.api.data.ServedSnapshot;

/**
 * "Download these results": every observation of a filter (the search's own parameters) as CSV or
 * GeoJSON, streamed in id order a batch at a time ({@code id_above} the last one sent), so any size
 * leaves in constant memory and the first bytes go out at once. Paging and ordering parameters are ignored.
 */
@Path("/export")
public final class ExportResource {

  static final int BATCH = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebContext web;

  public ExportResource(WebContext web) {
    this.web = web;
  }

  interface Format {
    void start(Writer w) throws IOException;

    void row(Writer w, ObservationRow r, String name, String rank, String common, boolean first) throws IOException;

    void end(Writer w) throws IOException;
  }

  @GET
  @Path("observations.csv")
  public Response csv(@Context UriInfo uri, @Context HttpHeaders headers) {
    return export(uri, headers, new CsvFormat(), "text/csv; charset=utf-8", "observations.csv");
  }

  @GET
  @Path("observations.geojson")
  public Response geojson(@Context UriInfo uri, @Context HttpHeaders headers) {
    return export(uri, headers, new GeoJsonFormat(), "application/geo+json", "observations.geojson");
  }

  private Response export(UriInfo uri, HttpHeaders headers, Format format, String type, String file) {
    PageRequest ui = PageRequest.of(uri, headers);
    jakarta.ws.rs.core.MultivaluedMap<String, String> query = new jakarta.ws.rs.core.MultivaluedHashMap<>();
    uri.getQueryParameters().forEach((k, v) -> {
      if (!List.of("page", "per_page", "order_by", "order", "view").contains(k)) {
        query.put(k, v);
      }
    });
    ObservationParams p = WebContext.params(query, ui.language(), 200, 30); // 422s now, not mid-stream
    ObservationFilter filter = web.call(s -> web.observations(s).resolve(p));
    StreamingOutput body = out -> {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      try {
        web.lease(s -> { // as long as the client reads: no compute slot
          try {
            write(s, filter, ui.language(), format, w);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return null;
        });
      } catch (UncheckedIOException e) {
        throw e.getCause(); // the client went away: nothing more to send
      }
      w.flush();
    };
    return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
  }

  private static void write(ServedSnapshot s, ObservationFilter filter, String language, Format format, Writer w)
      throws IOException {
    ObservationSort byId = new ObservationSort(ObservationSort.Field.ID, true, 0);
    format.start(w);
    long last = Long.MIN_VALUE;
    boolean first = true;
    while (true) {
      ObservationFilter f = last == Long.MIN_VALUE ? filter : filter.withIdAbove(last);
      List<Long> ids = s.observations().search(f, byId, 0, BATCH);
      if (ids.isEmpty()) {
        break;
      }
      List<ObservationRow> rows = s.db().with(db -> Records.observationsById(db, ids));
      Map<Integer, String> common = commonNames(s, rows, language);
      for (ObservationRow r : rows) {
        Integer t = r.taxonId();
        boolean known = t != null && s.taxa().contains(t);
        format.row(w, r, known ? s.taxa().name(t) : null, known ? s.taxa().rank(t) : null,
            t == null ? null : common.get(t), first);
        first = false;
      }
      last = ids.get(ids.size() - 1);
      if (ids.size() < BATCH) {
        break;
      }
    }
    format.end(w);
  }

  /** Position-0 names of the batch's taxa in the language (else English). */
  private static Map<Integer, String> commonNames(ServedSnapshot s, List<ObservationRow> rows, String language) {
    java.util.Set<Integer> taxa = new java.util.HashSet<>();
    rows.forEach(r -> {
      if (r.taxonId() != null) {
        taxa.add(r.taxonId());
      }
    });
    Map<Integer, String> out = new HashMap<>();
    for (Records.TaxonName n : s.db().with(db -> Records.taxonNames(db, taxa, List.of(language)))) {
      out.putIfAbsent(n.taxonId(), n.name());
    }
    return out;
  }

  static String uri(ObservationRow r) {
    return "https://www.inaturalist.org/observations/" + (r.inatId() != null ? r.inatId() : r.uuid());
  }

  static Long gbifId(ObservationRow r) {
    return r.details() == null ? null : r.details().gbifId();
  }

  static String createdAt(ObservationRow r) {
    return r.details() == null ? null : r.details().createdAt();
  }

  static final class CsvFormat implements Format {
    @Override
    public void start(Writer w) throws IOException {
      w.write("id,uuid,url,observed_on,latitude,longitude,positional_accuracy,quality_grade,taxon_id,"
          + "scientific_name,taxon_rank,common_name,user_id,user_login,user_name,photo_count,photo_license,project_ids,"
          + "inaturalist_id,gbif_id,created_at\r\n");
    }

    @Override
    public void row(Writer w, ObservationRow r, String name, String rank, String common, boolean first)
        throws IOException {
      Object[] cells = {r.id(), r.uuid(), uri(r), r.observedOn(), r.latitude(), r.longitude(), r.positionalAccuracy(),
          r.qualityGrade(), r.taxonId(), name, rank, common, r.observerId(), r.observerLogin(), r.observerName(),
          r.photos().size(), r.photos().isEmpty() ? null : r.photos().get(0).license(),
          String.join(" ", r.projectIds().stream().map(String::valueOf).toList()), r.inatId(), gbifId(r),
          createdAt(r)};
      for (int i = 0; i < cells.length; i++) {
        if (i > 0) {
          w.write(',');
        }
        w.write(csv(cells[i]));
      }
      w.write("\r\n");
    }

    @Override
    public void end(Writer w) {}

    /** RFC 4180: quote fields holding a comma, quote or line break; double inner quotes. */
    static String csv(Object value) {
      if (value == null) {
        return "";
      }
      String s = value.toString();
      if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
        return s;
      }
      return '"' + s.replace("\"", "\"\"") + '"';
    }
  }

  static final class GeoJsonFormat implements Format {
    @Override
    public void start(Writer w) throws IOException {
      w.write("{\"type\":\"FeatureCollection\",\"features\":[\n");
    }

    @Override
    public void row(Writer w, ObservationRow r, String name, String rank, String common, boolean first)
        throws IOException {
      Map<String, Object> props = new java.util.LinkedHashMap<>();
      props.put("id", r.id());
      props.put("uuid", r.uuid());
      props.put("url", uri(r));
      // both keys (docs/ids.md): iNaturalist's id where a source gave it (else null: id is then a stable id), GBIF's
      props.put("inaturalist_id", r.inatId());
      props.put("gbif_id", gbifId(r));
      props.put("created_at", createdAt(r));
      props.put("observed_on", r.observedOn());
      props.put("positional_accuracy", r.positionalAccuracy());
      props.put("quality_grade", r.qualityGrade());
      props.put("taxon_id", r.taxonId());
      props.put("scientific_name", name);
      props.put("taxon_rank", rank);
      props.put("common_name", common);
      props.put("user_id", r.observerId());
      props.put("user_login", r.observerLogin());
      props.put("photo_count", r.photos().size());
      Map<String, Object> feature = new java.util.LinkedHashMap<>();
      feature.put("type", "Feature");
      feature.put("id", r.id());
      feature.put("geometry", r.latitude() == null || r.longitude() == null ? null
          : Map.of("type", "Point", "coordinates", List.of(r.longitude(), r.latitude())));
      feature.put("properties", props);
      if (!first) {
        w.write(",\n");
      }
      w.write(JSON.writeValueAsString(feature));
    }

    @Override
    public void end(Writer w) throws IOException {
      w.write("\n]}\n");
    }
  }
}
