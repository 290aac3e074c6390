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

    void row(Writer w, Row r, boolean first) throws IOException;

    void end(Writer w) throws IOException;
  }

  /**
   * One observation with what the export adds to the record: its taxon's name, rank, common name and iconic taxon,
   * the main ranks above it (kingdom … species, each null when the path has none), the first photo's URL, the
   * citation of the snapshot.
   */
  record Row(ObservationRow obs, String name, String rank, String common, String iconic, String[] rankNames,
      Integer[] rankIds, String photoUrl, String citation) {}

  /** The rank columns of the CSV, from the top. */
  static final List<String> RANK_COLUMNS = List.of("kingdom", "phylum", "class", "order", "family", "genus",
      "species");

  @GET
  @Path("observations.csv")
  public Response csv(@Context UriInfo uri, @Context HttpHeaders headers) {
    return export(uri, headers, new CsvFormat(bom(uri)), "text/csv; charset=utf-8", "observations.csv");
  }

  @GET
  @Path("observations.geojson")
  public Response geojson(@Context UriInfo uri, @Context HttpHeaders headers) {
    return export(uri, headers, new GeoJsonFormat(), "application/geo+json", "observations.geojson");
  }

  /** The search's species view as CSV: every leaf taxon of the matches with its count, most observed first. */
  @GET
  @Path("species_counts.csv")
  public Response speciesCounts(@Context UriInfo uri, @Context HttpHeaders headers) {
    PageRequest ui = PageRequest.of(uri, headers);
    ObservationParams p = WebContext.params(filterOnly(uri), ui.language(), 200, 30);
    boolean bom = bom(uri);
    return csvAttachment("species_counts.csv", (s, w) -> writeSpeciesCounts(s, web, p, ui.language(), bom, w));
  }

  /** The search's observers view as CSV: every observer of the matches, most observations first. */
  @GET
  @Path("observers.csv")
  public Response observers(@Context UriInfo uri, @Context HttpHeaders headers) {
    PageRequest ui = PageRequest.of(uri, headers);
    ObservationParams p = WebContext.params(filterOnly(uri), ui.language(), 200, 30);
    boolean bom = bom(uri);
    return csvAttachment("observers.csv", (s, w) -> writeObservers(s, web, p, bom, w));
  }

  /** Writes one CSV from a leased snapshot. */
  private interface CsvWriter {
    void write(ServedSnapshot s, Writer w) throws IOException;
  }

  /** A CSV download streamed on one snapshot lease. */
  private Response csvAttachment(String file, CsvWriter csv) {
    StreamingOutput body = out -> {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      web.lease(s -> {
        try {
          csv.write(s, w);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return null;
      });
      w.flush();
    };
    return Response.ok(body, "text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
  }

  /** bom=1 (or true): a UTF-8 byte order mark first, so that Excel reads Cyrillic names as UTF-8. */
  static boolean bom(UriInfo uri) {
    String v = uri.getQueryParameters().getFirst("bom");
    return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
  }

  /** The search's filters without its paging, ordering and page-only parameters. */
  private static jakarta.ws.rs.core.MultivaluedMap<String, String> filterOnly(UriInfo uri) {
    jakarta.ws.rs.core.MultivaluedMap<String, String> query = new jakarta.ws.rs.core.MultivaluedHashMap<>();
    uri.getQueryParameters().forEach((k, v) -> {
      if (!List.of("page", "per_page", "order_by", "order", "view", "sort", "bom").contains(k)) {
        query.put(k, v);
      }
    });
    return query;
  }

  private Response export(UriInfo uri, HttpHeaders headers, Format format, String type, String file) {
    PageRequest ui = PageRequest.of(uri, headers);
    ObservationParams p = WebContext.params(filterOnly(uri), ui.language(), 200, 30); // 422s now, not mid-stream
    ObservationFilter filter = web.call(s -> web.observations(s).resolve(p));
    StreamingOutput body = out -> {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      try {
        web.lease(s -> { // as long as the client reads: no compute slot
          try {
            write(s, web, filter, ui.language(), format, w, origin(uri));
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

  /**
   * The citation every exported row carries: the snapshot and the export it was built from, so a table passed on
   * still says where it came from.
   */
  static String citation(ServedSnapshot s) {
    String exportDate = null;
    java.nio.file.Path manifest = s.directory().resolve(org.refugium.snapshot.Manifest.FILE_NAME);
    try {
      if (java.nio.file.Files.exists(manifest)) {
        exportDate = org.refugium.snapshot.Manifest.read(manifest).exportDate();
      }
    } catch (IOException e) {
      exportDate = null; // the citation still names the snapshot
    }
    return "iNaturalist observations, Refugium snapshot " + s.name()
        + (exportDate == null ? "" : " (iNaturalist export of " + exportDate + ")")
        + "; each observation: its url";
  }

  /** scheme://host:port of the request: a local photo path becomes a URL that works from the downloaded file. */
  static String origin(UriInfo uri) {
    java.net.URI base = uri.getBaseUri();
    return base.getScheme() + "://" + base.getRawAuthority();
  }

  private static void write(ServedSnapshot s, WebContext web, ObservationFilter filter, String language, Format format,
      Writer w, String origin) throws IOException {
    ObservationSort byId = new ObservationSort(ObservationSort.Field.ID, true, 0);
    org.refugium.api.PhotoViews photos = new org.refugium.api.PhotoViews(web.config().api());
    String citation = citation(s);
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
        format.row(w, row(s, r, common, photos, citation, origin), first);
        first = false;
      }
      last = ids.get(ids.size() - 1);
      if (ids.size() < BATCH) {
        break;
      }
    }
    format.end(w);
  }

  private static Row row(ServedSnapshot s, ObservationRow r, Map<Integer, String> common,
      org.refugium.api.PhotoViews photos, String citation, String origin) {
    Integer t = r.taxonId();
    boolean known = t != null && s.taxa().contains(t);
    String[] rankNames = new String[RANK_COLUMNS.size()];
    Integer[] rankIds = new Integer[RANK_COLUMNS.size()];
    String iconic = null;
    if (known) {
      for (int a : s.taxa().selfAndAncestorsFromRoot(t)) {
        int col = RANK_COLUMNS.indexOf(s.taxa().rank(a));
        if (col >= 0) {
          rankNames[col] = s.taxa().name(a);
          rankIds[col] = a;
        }
      }
      int ic = s.taxa().iconic(t);
      iconic = ic >= 0 && s.taxa().contains(ic) ? s.taxa().name(ic) : null;
    }
    String photoUrl = r.photos().isEmpty() ? null : photos.view(r.photos().get(0), false).mediumUrl;
    if (photoUrl != null && photoUrl.startsWith("/")) {
      photoUrl = origin + photoUrl; // the mirror's own copy (--photos), as a full URL
    }
    return new Row(r, known ? s.taxa().name(t) : null, known ? s.taxa().rank(t) : null,
        t == null ? null : common.get(t), iconic, rankNames, rankIds, photoUrl, citation);
  }

  static void writeSpeciesCounts(ServedSnapshot s, WebContext web, ObservationParams p, String language, boolean bom,
      Writer w) throws IOException {
    List<org.refugium.api.ObservationService.TaxonCount> rows = web.observations(s).speciesCountRows(p, false, false);
    String citation = citation(s);
    if (bom) {
      w.write('\uFEFF');
    }
    List<String> header = new java.util.ArrayList<>(List.of("taxon_id", "scientific_name", "common_name", "rank",
        "iconic_taxon", "observations"));
    header.addAll(RANK_COLUMNS);
    header.addAll(List.of("taxon_url", "citation"));
    CsvFormat.line(w, header.toArray());
    for (int from = 0; from < rows.size(); from += BATCH) {
      List<org.refugium.api.ObservationService.TaxonCount> batch = rows.subList(from, Math.min(rows.size(), from + BATCH));
      java.util.Set<Integer> ids = new java.util.HashSet<>();
      batch.forEach(r -> ids.add(r.taxonId()));
      Map<Integer, String> common = new HashMap<>();
      for (Records.TaxonName n : s.db().with(db -> Records.taxonNames(db, ids, List.of(language)))) {
        common.putIfAbsent(n.taxonId(), n.name());
      }
      for (org.refugium.api.ObservationService.TaxonCount r : batch) {
        int t = r.taxonId();
        String[] ranks = new String[RANK_COLUMNS.size()];
        for (int a : s.taxa().selfAndAncestorsFromRoot(t)) {
          int col = RANK_COLUMNS.indexOf(s.taxa().rank(a));
          if (col >= 0) {
            ranks[col] = s.taxa().name(a);
          }
        }
        int ic = s.taxa().iconic(t);
        List<Object> cells = new java.util.ArrayList<>(List.of(t, s.taxa().name(t)));
        cells.add(common.get(t));
        cells.add(s.taxa().rank(t));
        cells.add(ic >= 0 && s.taxa().contains(ic) ? s.taxa().name(ic) : null);
        cells.add(r.count());
        cells.addAll(java.util.Arrays.asList((Object[]) ranks));
        cells.add("https://www.inaturalist.org/taxa/" + t);
        cells.add(citation);
        CsvFormat.line(w, cells.toArray());
      }
    }
  }

  static void writeObservers(ServedSnapshot s, WebContext web, ObservationParams p, boolean bom, Writer w)
      throws IOException {
    List<org.refugium.api.data.ObservationIndex.ObserverCount> rows = web.observations(s).observerCounts(p, false);
    String citation = citation(s);
    if (bom) {
      w.write('\uFEFF');
    }
    CsvFormat.line(w, new Object[] {"user_id", "user_login", "user_name", "observations", "species", "citation"});
    for (int from = 0; from < rows.size(); from += BATCH) {
      List<org.refugium.api.data.ObservationIndex.ObserverCount> batch = rows.subList(from,
          Math.min(rows.size(), from + BATCH));
      Map<Integer, Records.Observer> users = s.db().with(db -> Records.observers(db,
          batch.stream().map(org.refugium.api.data.ObservationIndex.ObserverCount::userId).toList()));
      for (org.refugium.api.data.ObservationIndex.ObserverCount c : batch) {
        Records.Observer u = users.get(c.userId());
        CsvFormat.line(w, new Object[] {c.userId(), u == null ? null : u.login(), u == null ? null : u.name(),
            c.observations(), c.species(), citation});
      }
    }
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
    private final boolean bom;

    CsvFormat(boolean bom) {
      this.bom = bom;
    }

    @Override
    public void start(Writer w) throws IOException {
      if (bom) {
        w.write('\uFEFF');
      }
      List<Object> header = new java.util.ArrayList<>(List.of("id", "uuid", "url", "observed_on", "latitude",
          "longitude", "positional_accuracy", "quality_grade", "taxon_id", "scientific_name", "taxon_rank",
          "common_name", "iconic_taxon"));
      for (String rank : RANK_COLUMNS) {
        header.add(rank);
        header.add(rank + "_id");
      }
      header.addAll(List.of("user_id", "user_login", "user_name", "photo_count", "photo_license", "photo_url",
          "project_ids", "inaturalist_id", "gbif_id", "created_at", "citation"));
      line(w, header.toArray());
    }

    @Override
    public void row(Writer w, Row row, boolean first) throws IOException {
      ObservationRow r = row.obs();
      List<Object> cells = new java.util.ArrayList<>(java.util.Arrays.asList(r.id(), r.uuid(), uri(r), r.observedOn(),
          r.latitude(), r.longitude(), r.positionalAccuracy(), r.qualityGrade(), r.taxonId(), row.name(), row.rank(),
          row.common(), row.iconic()));
      for (int i = 0; i < RANK_COLUMNS.size(); i++) {
        cells.add(row.rankNames()[i]);
        cells.add(row.rankIds()[i]);
      }
      cells.addAll(java.util.Arrays.asList(r.observerId(), r.observerLogin(), r.observerName(), r.photos().size(),
          r.photos().isEmpty() ? null : r.photos().get(0).license(), row.photoUrl(),
          String.join(" ", r.projectIds().stream().map(String::valueOf).toList()), r.inatId(), gbifId(r),
          createdAt(r), row.citation()));
      line(w, cells.toArray());
    }

    @Override
    public void end(Writer w) {}

    /** One CSV record, CRLF-terminated (RFC 4180). */
    static void line(Writer w, Object[] cells) throws IOException {
      for (int i = 0; i < cells.length; i++) {
        if (i > 0) {
          w.write(',');
        }
        w.write(csv(cells[i]));
      }
      w.write("\r\n");
    }

    /**
     * RFC 4180: quote fields holding a comma, quote or line break; double inner quotes. Text (never a number) that a
     * spreadsheet would run as a formula (=, +, -, @, tab, CR first: a crowd-sourced name or login) gets a leading
     * apostrophe, the usual CSV-injection guard.
     */
    static String csv(Object value) {
      if (value == null) {
        return "";
      }
      String s = value.toString();
      if (!(value instanceof Number) && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
        s = "'" + s;
      }
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
    public void row(Writer w, Row row, boolean first) throws IOException {
      ObservationRow r = row.obs();
      String name = row.name();
      String rank = row.rank();
      String common = row.common();
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
      props.put("iconic_taxon", row.iconic());
      props.put("user_id", r.observerId());
      props.put("user_login", r.observerLogin());
      props.put("photo_count", r.photos().size());
      props.put("photo_url", row.photoUrl());
      props.put("citation", row.citation());
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
