package org.refugium.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.refugium.api.data.ObservationFilter;
import org.refugium.api.data.ObservationRow;
import org.refugium.api.data.ObservationSort;
import org.refugium.api.data.Ranks;
import org.refugium.api.data.Records;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.data.TaxonCatalog;
import org.refugium.api.view.PhotoView;
import org.refugium.api.view.TaxonView;

/**
 * Builds taxon JSON from the in-memory catalog, names from SQLite (batched per response) and a default
 * photo taken from the archive's own observations (the exports carry no taxon photos).
 */
public final class TaxonViews {

  /** Observations read by id before falling back to a photos filter (see firstWithPhotos). */
  private static final int FIRST_FEW = 5;

  private final ServedSnapshot snapshot;
  private final TaxonCatalog taxa;
  private final PhotoViews photos;
  private final String language;

  public TaxonViews(ServedSnapshot snapshot, ApiConfig config, String locale) {
    this.snapshot = snapshot;
    this.taxa = snapshot.taxa();
    this.photos = new PhotoViews(config);
    this.language = language(locale);
  }

  /** "pt-BR" → "pt"; the DwC-A's vernacular files are per language. Default English, as iNaturalist's. */
  static String language(String locale) {
    if (locale == null || locale.isBlank()) {
      return "en";
    }
    return locale.split("[-_]")[0].toLowerCase(Locale.ROOT);
  }

  public TaxonView view(int id) {
    return views(List.of(id)).get(0);
  }

  /** Views of the taxa that exist, in order (unknown ids skipped). */
  public List<TaxonView> views(Collection<Integer> ids) {
    List<Integer> known = ids.stream().filter(taxa::contains).toList();
    Map<Integer, String[]> names = commonNames(known);
    List<TaxonView> out = new ArrayList<>();
    for (int id : known) {
      out.add(build(id, names.getOrDefault(id, new String[2])));
    }
    return out;
  }

  /** The detail view of /v1/taxa/{id}: ancestors, children, taxon photos; ancestor_ids without itself, as there. */
  public TaxonView detail(int id, boolean allNames) {
    TaxonView v = view(id);
    int[] path = taxa.selfAndAncestorsFromRoot(id);
    List<Integer> ancestors = new ArrayList<>();
    for (int i = 0; i < path.length - 1; i++) {
      ancestors.add(path[i]);
    }
    v.ancestorIds = ancestors;
    v.ancestors = views(ancestors);
    List<Integer> children = new ArrayList<>();
    for (int c : taxa.children(id)) {
      if (taxa.active(c)) {
        children.add(c);
      }
    }
    v.children = views(children);
    v.taxonPhotos = new ArrayList<>();
    if (v.defaultPhoto != null) {
      TaxonView plain = view(id);
      v.taxonPhotos.add(new TaxonView.TaxonPhotoView(id, v.defaultPhoto, plain));
    }
    v.conservationStatuses = List.of();
    v.listedTaxa = List.of();
    if (allNames) {
      v.names = names(id);
    }
    return v;
  }

  public List<TaxonView.NameView> names(int id) {
    List<TaxonView.NameView> out = new ArrayList<>();
    out.add(new TaxonView.NameView(true, taxa.name(id), 0, "sci"));
    for (Records.TaxonName n : snapshot.db().with(db -> Records.taxonNames(db, List.of(id), null))) {
      if (!n.locale().equals("sci")) {
        out.add(new TaxonView.NameView(true, n.name(), n.position(), n.locale()));
      }
    }
    return out;
  }

  private TaxonView build(int id, String[] common) {
    TaxonView v = new TaxonView();
    v.id = id;
    v.name = taxa.name(id);
    v.rank = taxa.rank(id);
    v.rankLevel = number(taxa.rankLevel(id));
    int iconic = taxa.iconic(id);
    v.iconicTaxonId = iconic >= 0 ? iconic : null;
    v.iconicTaxonName = iconic >= 0 && taxa.contains(iconic) ? taxa.name(iconic) : null;
    int[] path = taxa.selfAndAncestorsFromRoot(id);
    List<Integer> ids = new ArrayList<>(path.length);
    for (int t : path) {
      ids.add(t);
    }
    v.ancestorIds = ids;
    v.ancestry = path.length > 1 ? join(path, path.length - 1, "/") : null;
    int parent = taxa.parent(id);
    v.parentId = parent >= 0 ? parent : null;
    v.isActive = taxa.active(id);
    v.observationsCount = taxa.observationsCount(id);
    v.universalSearchRank = v.observationsCount;
    v.preferredCommonName = common[0];
    v.englishCommonName = common[1];
    int minSpecies = path.length;
    for (int i = 0; i < path.length; i++) {
      if (taxa.rankLevel(path[i]) == Ranks.SPECIES) {
        minSpecies = i + 1;
        break;
      }
    }
    v.minSpeciesAncestry = join(path, minSpecies, ",");
    v.minSpeciesTaxonId = path[minSpecies - 1];
    v.defaultPhoto = defaultPhoto(id);
    return v;
  }

  /** 10.0 → 10 and 33.5 → 33.5, as iNaturalist writes rank levels. */
  static Number number(float f) {
    if (Float.isNaN(f)) {
      return null;
    }
    return f == Math.rint(f) ? (Number) (int) f : (Number) (double) f;
  }

  private static String join(int[] ids, int n, String sep) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(sep);
      }
      sb.append(ids[i]);
    }
    return sb.toString();
  }

  /** [preferred in the requested language (else English), English] per taxon, position 0 of each locale. */
  private Map<Integer, String[]> commonNames(List<Integer> ids) {
    Map<Integer, String[]> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    List<String> locales = language.equals("en") ? List.of("en") : List.of(language, "en");
    Set<Integer> unique = new LinkedHashSet<>(ids);
    for (Records.TaxonName n : snapshot.db().with(db -> Records.taxonNames(db, unique, locales))) {
      String[] names = out.computeIfAbsent(n.taxonId(), k -> new String[2]);
      if (n.locale().equals("en") && names[1] == null) {
        names[1] = n.name();
      }
      if (n.locale().equals(language) && names[0] == null) {
        names[0] = n.name();
      }
    }
    for (String[] names : out.values()) {
      if (names[0] == null) {
        names[0] = names[1];
      }
    }
    return out;
  }

  /**
   * The first photo of the lowest-id photographed observation of the taxon itself, else of its subtree;
   * memoized per snapshot (two index queries and one SQLite read the first time).
   */
  private PhotoView defaultPhoto(int id) {
    ObservationRow row = snapshot.caches().get("default-photo", id, this::photographedObservation);
    return row == null || row.photos().isEmpty() ? null : photos.view(row.photos().get(0), true);
  }

  private ObservationRow photographedObservation(int id) {
    ObservationRow own = firstWithPhotos(filter(null, List.of(id)));
    return own != null ? own : firstWithPhotos(filter(List.of(id), null));
  }

  /**
   * The lowest-id observation with photos among the first few by id, else the first by a query with the
   * photos filter. Most observations have photos, and photo_count has points only: as a filter it marks
   * every photographed observation of the index (millions) before the taxon clause can narrow it down.
   */
  private ObservationRow firstWithPhotos(ObservationFilter f) {
    ObservationSort byId = new ObservationSort(ObservationSort.Field.ID, true, 0);
    List<Long> first = snapshot.observations().search(f, byId, 0, FIRST_FEW);
    List<ObservationRow> rows = first.isEmpty() ? List.of() : snapshot.db().with(db -> Records.observationsById(db, first));
    for (ObservationRow r : rows) { // in id order, as asked
      if (!r.photos().isEmpty()) {
        return r;
      }
    }
    if (first.size() < FIRST_FEW) {
      return null;
    }
    List<Long> hit = snapshot.observations().search(f.withPhotos(true), byId, 0, 1);
    List<ObservationRow> withPhotos = hit.isEmpty() ? List.of() : snapshot.db().with(db -> Records.observationsById(db, hit));
    return withPhotos.isEmpty() ? null : withPhotos.get(0);
  }

  private static ObservationFilter filter(List<Integer> subtree, List<Integer> exact) {
    return new ObservationFilter(subtree, exact, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null);
  }
}
