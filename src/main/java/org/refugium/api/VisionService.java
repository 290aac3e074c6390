package org.refugium.api;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.refugium.api.data.ObservationFilter;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.data.TaxonCatalog;
import org.refugium.api.view.TaxonView;
import org.refugium.recognition.Label;
import org.refugium.recognition.Recognizer;
import org.refugium.recognition.archive.ArchiveRecognizer;
import org.refugium.recognition.archive.ArchiveVote;
import org.refugium.recognition.archive.Neighbour;

/**
 * Turns a recognition into iNaturalist's score_image answer: labels to snapshot taxa (merged by
 * taxon), "seen nearby" from the archive's own observations, combined scores, common ancestor.
 * See docs/recognition.md, "Scoring", for every rule and constant.
 */
public final class VisionService {

  /** Default radius of "seen nearby", km; the {@code radius} parameter overrides it. */
  public static final double NEARBY_RADIUS_KM = 100;
  /** iNaturalist's floor for taxa not expected nearby: combined = vision × max(frequency, floor). */
  static final double GEO_FLOOR = 0.005;
  static final int ANCESTOR_WINDOW = 15;
  static final double ANCESTOR_THRESHOLD = 0.78;
  static final float ANCESTOR_MIN_RANK_LEVEL = 20;
  static final float ANCESTOR_MAX_RANK_LEVEL = 33;
  /** Out of season (observed_on given, seen nearby but never within a month of its month): half weight. */
  static final double OUT_OF_SEASON = 0.5;

  /** The parsed form fields. */
  /**
   * @param archiveRadiusKm ours: with lat/lng, archive neighbours only from this circle (null: anywhere)
   * @param archiveSeason ours: with observed_on, archive neighbours only from that month ± 1, any year
   */
  public record Request(Double lat, Double lng, double radiusKm, LocalDate observedOn, Integer taxonId,
      String locale, int perPage, Double archiveRadiusKm, boolean archiveSeason) {

    public static Request parse(QueryParams p) {
      Double lat = p.decimal("lat", -90, 90);
      Double lng = p.decimal("lng", -180, 180);
      if ((lat == null) != (lng == null)) {
        throw ApiException.invalid("lat and lng must be given together");
      }
      Double radius = p.decimal("radius", 0.001, 20_000);
      Integer taxon = p.integer("taxon_id");
      Double archiveRadius = p.decimal("archive_radius", 0.001, 20_000);
      if (archiveRadius != null && lat == null) {
        throw ApiException.invalid("archive_radius needs lat and lng");
      }
      String season = p.string("archive_season");
      return new Request(lat, lng, radius == null ? NEARBY_RADIUS_KM : radius, p.date("observed_on"), taxon,
          p.string("locale"), p.integer("per_page", 10, 1, 100), archiveRadius,
          "true".equals(season) || "1".equals(season));
    }

    boolean located() {
      return lat != null;
    }
  }

  /** One result row in the making: a snapshot taxon (id ≥ 0) or a label the snapshot lacks (id -1). */
  static final class Candidate {
    final int taxon;
    final Label label;
    final String bundle;
    final java.util.Set<String> sources = new java.util.TreeSet<>();
    double vision;
    double frequency;
    double combined;

    Candidate(int taxon, Label label, String bundle) {
      this.taxon = taxon;
      this.label = label;
      this.bundle = bundle;
    }
  }

  private final ServedSnapshot snapshot;
  private final ApiConfig config;
  private final TaxonCatalog taxa;

  public VisionService(ServedSnapshot snapshot, ApiConfig config) {
    this.snapshot = snapshot;
    this.config = config;
    this.taxa = snapshot.taxa();
  }

  /** The species bundles that may answer under taxon_id (null = all): those whose clade overlaps it. */
  public Collection<String> bundlesInPlay(Recognizer recognizer, Request req) {
    if (req.taxonId() == null) {
      return null;
    }
    if (!taxa.contains(req.taxonId())) {
      throw ApiException.invalid("taxon_id " + req.taxonId() + " is not a taxon of this snapshot");
    }
    List<String> out = new ArrayList<>();
    for (Recognizer.Loaded l : recognizer.species()) {
      int clade = LabelTaxa.of(snapshot, l.bundle(), l.classifier().labels()).clade();
      if (clade < 0 || LabelTaxa.within(taxa, req.taxonId(), clade) || LabelTaxa.within(taxa, clade, req.taxonId())) {
        out.add(l.name());
      }
    }
    return out;
  }

  public Map<String, Object> respond(Recognizer.Recognition recognition, Request req) {
    return respond(recognition, null, req);
  }

  /**
   * The answer with the archive as a source too (null: bundles only). The archive's taxon scores are
   * shares of its vote including the "unknown" mass, so they sum to its confidence a; the bundles'
   * scores are scaled by 1 - a and the two added: a confident archive decides, a vague one leaves
   * the models their say (docs/recognition.md, "Learned from the archive").
   */
  public Map<String, Object> respond(Recognizer.Recognition recognition, ArchiveRecognizer.Answer archive,
      Request req) {
    List<Candidate> candidates = merge(recognition, req.taxonId());
    double archiveWeight = 0;
    if (archive != null) {
      for (ArchiveVote.TaxonScore t : archive.vote().leaves()) {
        if (taxa.contains(t.taxonId())) {
          archiveWeight += t.score();
        }
      }
      for (Candidate c : candidates) {
        c.vision *= 1 - archiveWeight;
      }
      Map<Integer, Candidate> byTaxon = new HashMap<>();
      candidates.forEach(c -> byTaxon.put(c.taxon, c));
      for (ArchiveVote.TaxonScore t : archive.vote().leaves()) {
        if (!taxa.contains(t.taxonId())
            || req.taxonId() != null && !LabelTaxa.within(taxa, t.taxonId(), req.taxonId())) {
          continue;
        }
        Candidate c = byTaxon.computeIfAbsent(t.taxonId(), k -> {
          Candidate n = new Candidate(k, null, ARCHIVE);
          candidates.add(n);
          return n;
        });
        c.vision += t.score();
        c.sources.add(ARCHIVE);
      }
    }
    candidates.sort((a, b) -> Double.compare(b.vision, a.vision));
    if (req.located()) {
      Nearby nearby = nearby(req);
      double mass = 0;
      double weighted = 0;
      for (Candidate c : candidates) {
        c.frequency = c.taxon >= 0 ? nearby.frequency(c.taxon) : 0;
        c.combined = c.vision * Math.max(c.frequency, GEO_FLOOR);
        mass += c.vision;
        weighted += c.combined;
      }
      double scale = weighted > 0 ? mass / weighted : 0; // renormalised: the candidates keep their vision mass
      candidates.forEach(c -> c.combined *= scale);
    } else {
      candidates.forEach(c -> c.combined = c.vision);
    }
    candidates.sort((a, b) -> Double.compare(b.combined, a.combined));
    List<Candidate> shown = candidates.subList(0, Math.min(req.perPage(), candidates.size()));

    Map<Integer, TaxonView> views = views(shown, req.locale());
    List<Map<String, Object>> results = new ArrayList<>();
    for (Candidate c : shown) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("combined_score", percent(c.combined));
      r.put("vision_score", percent(c.vision));
      r.put("frequency_score", percent(c.frequency));
      r.put("taxon", c.taxon >= 0 ? views.get(c.taxon) : minimalTaxon(c));
      r.put("sources", List.copyOf(c.sources)); // ours: the bundles and/or "archive" that named it
      results.add(r);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total_results", results.size());
    body.put("page", 1);
    body.put("per_page", results.size());
    body.put("results", results);
    body.put("common_ancestor", commonAncestor(candidates, req.locale()));
    List<Map<String, Object>> bundles = new ArrayList<>();
    for (Recognizer.BundleUse u : recognition.bundles()) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("name", u.name());
      b.put("role", u.role());
      b.put("applied", u.weight() > 0);
      b.put("weight", round(u.weight()));
      b.put("group_score", u.groupMass() == null ? null : percent(u.groupMass()));
      bundles.add(b);
    }
    body.put("bundles", bundles); // not in iNaturalist's answer: which models spoke, and why
    if (archive != null) {
      body.put("archive", archiveEvidence(archive, archiveWeight, req.locale()));
    }
    return body;
  }

  /** The source name archive-based results carry in {@code sources}. */
  public static final String ARCHIVE = "archive";

  /** Ours: what the archive said and the observations it said it from, most similar first. */
  private Map<String, Object> archiveEvidence(ArchiveRecognizer.Answer a, double weight, String locale) {
    List<Integer> ids = a.neighbours().stream().map(Neighbour::taxonId).filter(taxa::contains).distinct().toList();
    Map<Integer, TaxonView> views = new HashMap<>();
    for (TaxonView v : new TaxonViews(snapshot, config, locale).views(ids)) {
      views.put((int) v.id, v);
    }
    List<Map<String, Object>> evidence = new ArrayList<>();
    for (Neighbour n : a.neighbours()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("observation_id", n.observationId());
      e.put("uuid", n.uuid());
      e.put("similarity", round(n.cosine()));
      String ext = n.photoExtension() == null ? "jpg" : n.photoExtension();
      Map<String, Object> photo = new LinkedHashMap<>();
      photo.put("id", n.photoId());
      photo.put("url", config.photoBaseUrl() + "/" + n.photoId() + "/medium." + ext);
      photo.put("square_url", config.photoBaseUrl() + "/" + n.photoId() + "/square." + ext);
      e.put("photo", photo);
      TaxonView v = views.get(n.taxonId());
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("id", n.taxonId());
      t.put("name", v == null ? null : v.name);
      t.put("rank", v == null ? null : v.rank);
      t.put("preferred_common_name", v == null ? null : v.preferredCommonName);
      e.put("taxon", t);
      e.put("observed_on", n.observedOn());
      e.put("location", n.latitude() == null ? null : n.latitude() + "," + n.longitude());
      e.put("quality_grade", n.quality());
      evidence.add(e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("backbone", a.backbone());
    out.put("vectors", a.indexSize());
    out.put("weight", round(weight));
    ArchiveVote.TaxonScore answer = a.vote().answer();
    out.put("answer", answer == null || !taxa.contains(answer.taxonId()) ? null
        : Map.of("taxon_id", answer.taxonId(), "score", percent(answer.score())));
    out.put("evidence", evidence);
    return out;
  }

  /** Label scores summed per snapshot taxon; labels without a taxon kept per bundle and name. */
  private List<Candidate> merge(Recognizer.Recognition recognition, Integer taxonId) {
    Map<Object, Candidate> byKey = new HashMap<>();
    Map<String, LabelTaxa> maps = new HashMap<>();
    for (Recognizer.Scored s : recognition.scores()) {
      LabelTaxa map = maps.computeIfAbsent(s.bundle().name(),
          k -> LabelTaxa.of(snapshot, s.bundle().bundle(), s.bundle().classifier().labels()));
      int taxon = map.taxon(s.classIndex());
      if (taxon < 0 && s.label().scientificName() == null) {
        continue; // "background" and other non-taxon classes
      }
      if (taxonId != null && !(taxon >= 0 ? LabelTaxa.within(taxa, taxon, taxonId)
          : map.clade() >= 0 && LabelTaxa.within(taxa, map.clade(), taxonId))) {
        continue;
      }
      Object key = taxon >= 0 ? (Object) taxon : s.bundle().name() + "|" + s.label().scientificName();
      Candidate c = byKey.computeIfAbsent(key, k -> new Candidate(taxon, s.label(), s.bundle().name()));
      c.vision += s.score();
      c.sources.add(s.bundle().name());
    }
    return new ArrayList<>(byKey.values());
  }

  /**
   * The taxa seen near the point, with every ancestor of theirs: one index query (per season) whatever
   * the number of candidates, so a taxon counts as seen when it or any descendant was observed.
   */
  private Nearby nearby(Request req) {
    ObservationFilter.Circle circle = new ObservationFilter.Circle(req.lat(), req.lng(), req.radiusKm());
    Set<Integer> any = upward(snapshot.observations().taxonCounts(filter(circle, null)));
    Set<Integer> inSeason = any;
    if (req.observedOn() != null) {
      int m = req.observedOn().getMonthValue();
      List<Integer> season = List.of((m + 10) % 12 + 1, m, m % 12 + 1);
      inSeason = upward(snapshot.observations().taxonCounts(filter(circle, season)));
    }
    return new Nearby(inSeason, any);
  }

  /** 1 = seen nearby (in season when observed_on is given); 0.5 = nearby, other months only; else 0. */
  record Nearby(Set<Integer> inSeason, Set<Integer> any) {
    double frequency(int taxon) {
      return inSeason.contains(taxon) ? 1 : any.contains(taxon) ? OUT_OF_SEASON : 0;
    }
  }

  private Set<Integer> upward(List<org.refugium.api.data.ObservationIndex.Count> counts) {
    Set<Integer> out = new java.util.HashSet<>();
    for (var c : counts) {
      int t = (int) c.key();
      if (taxa.contains(t)) {
        for (int a : taxa.selfAndAncestorsFromRoot(t)) {
          out.add(a);
        }
      }
    }
    return out;
  }

  private static ObservationFilter filter(ObservationFilter.Circle circle, List<Integer> months) {
    return new ObservationFilter(null, null, null, null, null, null, null, null, null, circle, null, null,
        null, null, months, null, Set.of("research", "needs_id"), null, null, null, null, null, null);
  }

  /**
   * iNaturalist's rule: over the best {@value #ANCESTOR_WINDOW} leaves (only those seen nearby when any
   * is), scores normalised to sum 1 and summed up the tree; the most specific taxon whose sum exceeds
   * {@value #ANCESTOR_THRESHOLD} with rank level in [20, 33] (genus to superfamily). Null when none.
   */
  private Map<String, Object> commonAncestor(List<Candidate> sorted, String locale) {
    List<Candidate> window = new ArrayList<>();
    for (Candidate c : sorted.subList(0, Math.min(ANCESTOR_WINDOW, sorted.size()))) {
      if (c.taxon >= 0) {
        window.add(c);
      }
    }
    if (window.stream().anyMatch(c -> c.frequency > 0)) {
      window.removeIf(c -> c.frequency <= 0);
    }
    double total = window.stream().mapToDouble(c -> c.combined).sum();
    if (total <= 0) {
      return null;
    }
    Map<Integer, Double> sums = new HashMap<>();
    for (Candidate c : window) {
      for (int t : taxa.selfAndAncestorsFromRoot(c.taxon)) {
        sums.merge(t, c.combined / total, Double::sum);
      }
    }
    int best = -1;
    for (Map.Entry<Integer, Double> e : sums.entrySet()) {
      float level = taxa.rankLevel(e.getKey());
      if (e.getValue() > ANCESTOR_THRESHOLD && level >= ANCESTOR_MIN_RANK_LEVEL && level <= ANCESTOR_MAX_RANK_LEVEL
          && (best < 0 || level < taxa.rankLevel(best)
              || level == taxa.rankLevel(best) && e.getValue() > sums.get(best))) {
        best = e.getKey();
      }
    }
    if (best < 0) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("score", percent(sums.get(best)));
    out.put("taxon", new TaxonViews(snapshot, config, locale).view(best));
    return out;
  }

  private Map<Integer, TaxonView> views(List<Candidate> shown, String locale) {
    List<Integer> ids = shown.stream().filter(c -> c.taxon >= 0).map(c -> c.taxon).distinct().toList();
    Map<Integer, TaxonView> out = new HashMap<>();
    boolean english = TaxonViews.language(locale).equals("en");
    for (TaxonView v : new TaxonViews(snapshot, config, locale).views(ids)) {
      out.put((int) v.id, v);
    }
    for (Candidate c : shown) {
      TaxonView v = out.get(c.taxon);
      if (v != null && english && v.preferredCommonName == null && c.label != null
          && c.label.commonName() != null) {
        v.preferredCommonName = c.label.commonName(); // the model's English name when the snapshot has none
      }
    }
    return out;
  }

  /** A label the snapshot has no taxon for: the names the label gives, id null. */
  private static Map<String, Object> minimalTaxon(Candidate c) {
    String name = c.label.scientificName();
    int words = name.split("\\s+").length;
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("id", null);
    t.put("name", name);
    t.put("rank", words >= 3 ? "subspecies" : words == 2 ? "species" : null);
    t.put("rank_level", words >= 3 ? 5 : words == 2 ? 10 : null);
    t.put("preferred_common_name", c.label.commonName());
    t.put("is_active", null);
    t.put("ancestor_ids", List.of());
    t.put("default_photo", null);
    t.put("iconic_taxon_name", null);
    t.put("vision_bundle", c.bundle);
    return t;
  }

  static double percent(double score) {
    return Math.round(score * 100 * 1e4) / 1e4;
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
