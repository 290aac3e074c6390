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
import org.refugium.recognition.BundleManifest;
import org.refugium.recognition.Gate;
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
  /**
   * How many observations of a bundle's clade near the point give the geo prior half its strength. A
   * taxon not seen nearby is evidence of absence only where the archive has looked: with n observations
   * of the clade in the circle the prior's floor is {@code GEO_FLOOR^(n / (n + GEO_HALF_STRENGTH))}, so
   * one turnstone (n = 1) leaves the image's ranking almost untouched (floor 0.90) and a well-observed
   * place (n = 1,000) gives iNaturalist's full 200× (floor 0.006). Issue 14.1.
   */
  static final double GEO_HALF_STRENGTH = 50;
  static final int ANCESTOR_WINDOW = 15;
  static final double ANCESTOR_THRESHOLD = 0.78;
  /** The common ancestor must hold at least this much of the image's own (vision) score: never geo alone. */
  static final double ANCESTOR_MIN_VISION = 0.5;
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
    /** The bundle's clade in the snapshot (-1: unknown); for the geo prior's density. */
    final int clade;
    /** For a label the snapshot lacks: its nearest snapshot taxon above (-1: none). */
    final int archiveAncestor;
    double vision;
    double frequency;
    double combined;

    Candidate(int taxon, Label label, String bundle, int clade, int archiveAncestor) {
      this.taxon = taxon;
      this.label = label;
      this.bundle = bundle;
      this.clade = clade;
      this.archiveAncestor = archiveAncestor;
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
          Candidate n = new Candidate(k, null, ARCHIVE, -1, -1);
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
      Map<Integer, Double> floors = new HashMap<>();
      for (Candidate c : candidates) {
        c.frequency = c.taxon >= 0 ? nearby.frequency(c.taxon) : 0;
        double floor = floors.computeIfAbsent(c.clade, k -> geoFloor(nearby.observationsWithin(k, taxa)));
        c.combined = c.vision * Math.max(c.frequency, floor);
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
      r.put("taxon", c.taxon >= 0 ? views.get(c.taxon) : minimalTaxon(c.label.scientificName(), c.label.commonName(),
          c.bundle, c.archiveAncestor, req.locale()));
      r.put("sources", List.copyOf(c.sources)); // ours: the bundles and/or "archive" that named it
      results.add(r);
    }
    boolean gateDoubts = recognition.bundles().stream()
        .anyMatch(u -> u.weight() > 0 && u.groupMass() != null && u.groupMass() < Gate.MIN_MASS);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total_results", results.size());
    body.put("page", 1);
    body.put("per_page", results.size());
    body.put("results", results);
    // a species bundle the caller forced (taxon_id) on a photo where the gate sees none of its clade:
    // its suggestions are guesses, so there is no "pretty sure it is in ..." headline
    body.put("common_ancestor", gateDoubts ? null : commonAncestor(candidates, req.locale()));
    List<Map<String, Object>> bundles = new ArrayList<>();
    for (Recognizer.BundleUse u : recognition.bundles()) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("name", u.name());
      b.put("role", u.role());
      b.put("applied", u.weight() > 0);
      b.put("weight", round(u.weight()));
      b.put("group_score", u.groupMass() == null ? null : percent(u.groupMass()));
      if (!BundleManifest.GATE.equals(u.role())) {
        // ours: whether the general model sees this bundle's clade (null: no gate ran); false with
        // applied = the caller's taxon_id forced it, and the answer is not an identification
        b.put("gate_agrees", u.groupMass() == null ? null : u.groupMass() >= Gate.MIN_MASS);
        b.put("covers", coversOf(snapshot, u.loaded()));
      }
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
      int anchor = taxon >= 0 ? taxon : map.nearestInArchive(s.classIndex()); // a label the snapshot lacks: via its genus
      if (taxonId != null && !(anchor >= 0 && LabelTaxa.within(taxa, anchor, taxonId))) {
        continue;
      }
      Object key = taxon >= 0 ? (Object) taxon : s.label().scientificName(); // a name is one taxon across bundles
      Candidate c = byKey.computeIfAbsent(key, k -> new Candidate(taxon, s.label(), s.bundle().name(), map.clade(),
          taxon >= 0 ? -1 : map.nearestInArchive(s.classIndex())));
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
    List<org.refugium.api.data.ObservationIndex.Count> counts = snapshot.observations().taxonCounts(filter(circle, null));
    Set<Integer> any = upward(counts);
    Set<Integer> inSeason = any;
    if (req.observedOn() != null) {
      int m = req.observedOn().getMonthValue();
      List<Integer> season = List.of((m + 10) % 12 + 1, m, m % 12 + 1);
      inSeason = upward(snapshot.observations().taxonCounts(filter(circle, season)));
    }
    Map<Integer, Long> byTaxon = new HashMap<>();
    for (var c : counts) {
      if (taxa.contains(c.key())) {
        byTaxon.merge((int) c.key(), c.count(), Long::sum);
      }
    }
    return new Nearby(inSeason, any, byTaxon);
  }

  /** 1 = seen nearby (in season when observed_on is given); 0.5 = nearby, other months only; else 0. */
  record Nearby(Set<Integer> inSeason, Set<Integer> any, Map<Integer, Long> counts) {
    double frequency(int taxon) {
      return inSeason.contains(taxon) ? 1 : any.contains(taxon) ? OUT_OF_SEASON : 0;
    }

    /** Observations in the circle of taxa inside the clade (every observation when the clade is unknown). */
    long observationsWithin(int clade, TaxonCatalog taxa) {
      long n = 0;
      for (Map.Entry<Integer, Long> e : counts.entrySet()) {
        if (clade < 0 || LabelTaxa.within(taxa, e.getKey(), clade)) {
          n += e.getValue();
        }
      }
      return n;
    }
  }

  /** The geo prior's floor for a clade with n observations near the point (see {@link #GEO_HALF_STRENGTH}). */
  static double geoFloor(long n) {
    return Math.pow(GEO_FLOOR, n / (n + GEO_HALF_STRENGTH));
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
   * "Pretty sure it is in ...": over the best {@value #ANCESTOR_WINDOW} candidates by combined score
   * (snapshot taxa and labels the snapshot lacks alike), shares of the combined score are summed up the
   * tree; the answer is the most specific taxon with rank level in [20, 33] (genus to superfamily) whose
   * share exceeds {@value #ANCESTOR_THRESHOLD} and whose candidates hold at least
   * {@value #ANCESTOR_MIN_VISION} of the image's own score. A label the snapshot lacks climbs through the
   * genus of its binomial (a node of its own when the snapshot has no such genus) to its nearest snapshot
   * ancestor. Unlike iNaturalist's rule, the window is not cut to the taxa seen nearby: a sparse archive
   * around the point must not decide the headline (issue 14.1). Null when no taxon qualifies.
   */
  private Map<String, Object> commonAncestor(List<Candidate> sorted, String locale) {
    List<Candidate> window = sorted.subList(0, Math.min(ANCESTOR_WINDOW, sorted.size()));
    double total = window.stream().mapToDouble(c -> c.combined).sum();
    if (total <= 0) {
      return null;
    }
    Map<Object, Double> shares = new HashMap<>();
    Map<Object, Double> visions = new HashMap<>();
    for (Candidate c : window) {
      for (Object node : lineage(c)) {
        shares.merge(node, c.combined / total, Double::sum);
        visions.merge(node, c.vision, Double::sum);
      }
    }
    Object best = null;
    for (Map.Entry<Object, Double> e : shares.entrySet()) {
      float level = level(e.getKey());
      if (e.getValue() > ANCESTOR_THRESHOLD && visions.get(e.getKey()) >= ANCESTOR_MIN_VISION
          && level >= ANCESTOR_MIN_RANK_LEVEL && level <= ANCESTOR_MAX_RANK_LEVEL
          && (best == null || level < level(best) || level == level(best) && e.getValue() > shares.get(best))) {
        best = e.getKey();
      }
    }
    if (best == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("score", percent(shares.get(best)));
    if (best instanceof Integer id) {
      out.put("taxon", new TaxonViews(snapshot, config, locale).view(id));
    } else {
      Genus g = (Genus) best;
      out.put("taxon", minimalTaxon(g.name(), null, null, g.archiveAncestor(), locale));
    }
    return out;
  }

  /** A genus known only from the labels' binomials (the snapshot lacks it), under its nearest snapshot taxon. */
  private record Genus(String name, int archiveAncestor) {}

  /** Snapshot taxon ids from the root, then (for a label the snapshot lacks) its binomial's genus. */
  private List<Object> lineage(Candidate c) {
    List<Object> out = new ArrayList<>();
    int anchor = c.taxon >= 0 ? c.taxon : c.archiveAncestor;
    if (anchor >= 0) {
      for (int t : taxa.selfAndAncestorsFromRoot(anchor)) {
        out.add(t);
      }
    }
    String genus = c.taxon >= 0 ? null : LabelTaxa.genus(c.label.scientificName());
    if (genus != null && !(anchor >= 0 && genus.equals(taxa.name(anchor)))) {
      out.add(new Genus(genus, anchor));
    }
    return out;
  }

  private float level(Object node) {
    return node instanceof Integer id ? taxa.rankLevel(id) : 20;
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

  /**
   * A label (or a genus of labels) the snapshot has no taxon for. iNaturalist's clients key taxa by id, so
   * it gets a usable one: {@link #syntheticId}, negative, stable, never a snapshot id (docs/recognition.md).
   * {@code archive_ancestor} (ours) is its nearest taxon in the snapshot, with counts, for a link onwards.
   */
  private Map<String, Object> minimalTaxon(String name, String common, String bundle, int archiveAncestor,
      String locale) {
    int words = name.split("\\s+").length;
    Map<String, Object> t = new LinkedHashMap<>();
    long id = syntheticId(name);
    t.put("id", id);
    t.put("name", name);
    t.put("rank", words >= 3 ? "subspecies" : words == 2 ? "species" : "genus");
    t.put("rank_level", words >= 3 ? 5 : words == 2 ? 10 : 20);
    t.put("preferred_common_name", common);
    t.put("is_active", null);
    List<Object> ancestors = new ArrayList<>();
    if (archiveAncestor >= 0) {
      for (int a : taxa.selfAndAncestorsFromRoot(archiveAncestor)) {
        ancestors.add(a);
      }
    }
    ancestors.add(id);
    t.put("ancestor_ids", ancestors);
    t.put("default_photo", null);
    t.put("iconic_taxon_name", archiveAncestor >= 0 && taxa.iconic(archiveAncestor) > 0
        ? taxa.name(taxa.iconic(archiveAncestor)) : null);
    t.put("in_archive", false);
    if (bundle != null) {
      t.put("vision_bundle", bundle);
    }
    if (archiveAncestor >= 0) {
      TaxonView a = new TaxonViews(snapshot, config, locale).view(archiveAncestor);
      Map<String, Object> anc = new LinkedHashMap<>();
      anc.put("id", a.id);
      anc.put("name", a.name);
      anc.put("rank", a.rank);
      anc.put("rank_level", a.rankLevel);
      anc.put("preferred_common_name", a.preferredCommonName);
      anc.put("english_common_name", a.englishCommonName);
      anc.put("observations_count", a.observationsCount);
      t.put("archive_ancestor", anc);
    } else {
      t.put("archive_ancestor", null);
    }
    return t;
  }

  /**
   * The id of a taxon known only by its name in a model's labels: −(1 + CRC-32 of the UTF-8 name mod 10⁹).
   * Negative, so it can never be a snapshot (iNaturalist) id; the same name gives the same id in every
   * bundle, on every node and across restarts. /v1/taxa/{it} answers 404: the archive has no such taxon.
   */
  public static long syntheticId(String name) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return -(1 + crc.getValue() % 1_000_000_000L);
  }

  /** The clade a species bundle covers in this snapshot: {name, taxon_id} (id -1 when the snapshot lacks it). */
  static Map<String, Object> coversOf(ServedSnapshot snapshot, Recognizer.Loaded l) {
    var c = l.bundle().manifest().covers();
    if (c == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", c.name());
    out.put("taxon_id", LabelTaxa.of(snapshot, l.bundle(), l.classifier().labels()).clade());
    return out;
  }

  static double percent(double score) {
    return Math.round(score * 100 * 1e4) / 1e4;
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
