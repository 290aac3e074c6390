package org.refugium.api;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.refugium.api.data.ObservationRow;
import org.refugium.api.data.PhotoRow;
import org.refugium.api.data.Records;
import org.refugium.api.view.ObservationView;
import org.refugium.api.view.PhotoView;
import org.refugium.api.view.TaxonView;

/** Observation rows to iNaturalist's observation JSON. */
public final class ObservationViews {

  private final TaxonViews taxa;
  private final PhotoViews photos;
  private final UserViews users;

  public ObservationViews(TaxonViews taxa, PhotoViews photos, UserViews users) {
    this.taxa = taxa;
    this.photos = photos;
    this.users = users;
  }

  public List<ObservationView> views(List<ObservationRow> rows) {
    Set<Integer> taxonIds = new LinkedHashSet<>();
    for (ObservationRow r : rows) {
      if (r.taxonId() != null) {
        taxonIds.add(r.taxonId());
      }
    }
    Map<Integer, TaxonView> taxonViews = new HashMap<>();
    for (TaxonView t : taxa.views(taxonIds)) {
      taxonViews.put((int) t.id, t);
    }
    List<ObservationView> out = new ArrayList<>(rows.size());
    for (ObservationRow r : rows) {
      out.add(view(r, r.taxonId() == null ? null : taxonViews.get(r.taxonId())));
    }
    return out;
  }

  private ObservationView view(ObservationRow r, TaxonView taxon) {
    ObservationView v = new ObservationView();
    v.id = r.id();
    v.uuid = r.uuid();
    // Links to the real observation: by iNaturalist id when the source carried it, else by uuid (resolves too).
    v.uri = "https://www.inaturalist.org/observations/" + (r.inatId() != null ? r.inatId() : r.uuid());
    ObservationRow.Details d = r.details();
    if (d != null) { // from the web export or GBIF where imported or joined; null otherwise (docs/api.md)
      v.createdAt = d.createdAt();
      v.createdAtDetails = details(d.createdAt() == null ? null : d.createdAt().substring(0, 10));
      v.updatedAt = d.updatedAt();
      v.timeObservedAt = d.timeObservedAt();
      v.observedTimeZone = d.timeZone();
      v.placeGuess = d.placeGuess();
      if (d.description() != null) {
        v.description = d.description();
      }
      v.licenseCode = d.license();
      if (d.gbifId() != null) { // as iNaturalist lists it: outlinks [{source, url}]
        v.outlinks = List.of(Map.of("source", "GBIF", "url", "https://www.gbif.org/occurrence/" + d.gbifId()));
      }
    }
    v.qualityGrade = r.qualityGrade();
    v.observedOn = r.observedOn();
    v.observedOnString = r.observedOn();
    v.observedOnDetails = details(r.observedOn());
    v.taxon = taxon;
    if (taxon != null) {
      v.speciesGuess = taxon.preferredCommonName != null ? taxon.preferredCommonName : taxon.name;
      v.identTaxonIds = taxon.ancestorIds;
    }
    if (r.observerId() != null) {
      v.user = users.view(new Records.Observer(r.observerId(), r.observerLogin(), r.observerName()));
    }
    if (r.latitude() != null && r.longitude() != null) {
      v.location = r.latitude() + "," + r.longitude();
      v.geojson = new ObservationView.GeoJson("Point", List.of(r.longitude(), r.latitude()));
      v.mappable = true;
    }
    v.positionalAccuracy = r.positionalAccuracy();
    v.publicPositionalAccuracy = r.positionalAccuracy();
    List<PhotoView> photoViews = new ArrayList<>();
    List<ObservationView.ObservationPhotoView> observationPhotos = new ArrayList<>();
    for (PhotoRow p : r.photos()) {
      PhotoView pv = photos.view(p, false);
      photoViews.add(pv);
      // The export has no observation_photo id: the photo id stands in for it (documented).
      observationPhotos.add(new ObservationView.ObservationPhotoView(p.photoId(), p.position(), p.uuid(), p.photoId(), pv));
    }
    v.photos = photoViews;
    v.observationPhotos = observationPhotos;
    v.projectIds = r.projectIds();
    return v;
  }

  static ObservationView.DateDetails details(String ymd) {
    if (ymd == null) {
      return null;
    }
    try {
      LocalDate d = LocalDate.parse(ymd);
      return new ObservationView.DateDetails(ymd, d.getDayOfMonth(), d.getMonthValue(), d.getYear(),
          d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), null);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }
}
