package org.refugium.generator;

import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.refugium.importer.RowRejectedException;
import org.refugium.progress.Progress;

/**
 * observations.csv, photos.csv and observations_projects.csv in one pass: each observation's photos
 * and project links are written right after it, from the same random stream, so one seed fixes all three.
 *
 * <p>Shapes: Zipf-distributed taxa and observers; ~88% of observations at species, the rest at genus,
 * family or subspecies, 1% unidentified, 0.2% at a taxon missing from taxa.csv (the real export has
 * ~400k of those); ~5% without coordinates; quality grades ~60/30/10; 0–4 photos (mean ~1.55) with ~0.1%
 * reused photo ids. Faults for the importer's reject paths come on a fixed schedule (see {@link Fault}).
 */
final class ObservationStream {

  private static final byte[][] QUALITY = {bytes("research"), bytes("needs_id"), bytes("casual")};
  private static final double[] QUALITY_WEIGHTS = Zipf.cumulate(64, 32, 4); // ~60/30/10 once rows without place or taxon are made casual
  private static final double[] PHOTO_COUNTS = Zipf.cumulate(10, 50, 22, 11, 7);
  private static final byte[][] EXTENSIONS = {bytes("jpg"), bytes("jpeg"), bytes("png")};
  private static final double[] EXTENSION_WEIGHTS = Zipf.cumulate(70, 25, 5);
  /** The licenses of the export; CC-BY-NC is iNaturalist's default and by far the most common. */
  private static final byte[][] LICENSES = {bytes("CC-BY-NC"), bytes("CC-BY"), bytes("CC0"), bytes("CC-BY-NC-SA"),
      bytes("CC-BY-SA"), bytes("CC-BY-NC-ND"), bytes("CC-BY-ND"), bytes("PD")};
  private static final double[] LICENSE_WEIGHTS = Zipf.cumulate(70, 10, 8, 5, 3, 2, 1, 1);
  private static final int[] LONG_SIDES = {2048, 2048, 2048, 2048, 2048, 2048, 2048, 1600, 1024, 800};
  private static final double[] ASPECTS = {4 / 3.0, 4 / 3.0, 3 / 2.0, 1, 16 / 9.0};
  private static final int MISSING_TAXA = 200;

  /** Faulty rows put in on purpose, each on its own fixed schedule, with the reason the importer should give. */
  enum Fault {
    NONE(null, null),
    OBSERVATION_FIELD_COUNT("observations", RowRejectedException.WRONG_FIELD_COUNT),
    BAD_DATE("observations", RowRejectedException.BAD_DATE),
    BAD_COORDINATE("observations", RowRejectedException.BAD_COORDINATE),
    DUPLICATE_UUID("observations", RowRejectedException.DUPLICATE_KEY),
    PHOTO_FIELD_COUNT("photos", RowRejectedException.WRONG_FIELD_COUNT);

    final String table;
    final String reason;

    Fault(String table, String reason) {
      this.table = table;
      this.reason = reason;
    }
  }

  private final ExportSpec spec;
  private final SplittableRandom random;
  private final SyntheticTaxonomy taxonomy;
  private final int[] observers;
  private final int[] projects;
  private final Zipf taxonPopularity;
  private final int[] speciesByPopularity;
  private final Zipf observerPopularity;
  private final Zipf projectPopularity;
  private final Hotspots hotspots;
  private final ObservedDates dates;
  private final long faultInterval;
  private final int missingTaxonBase;

  private volatile long written;
  private long photos;
  private long links;
  private long unknownTaxon;
  private long repeatedPhotoIds;
  private final Map<String, Map<String, Long>> injected = new TreeMap<>();

  private final double[] latLon = new double[2];
  private final int[] ymd = new int[3];
  private long photoId = 1_000_000;
  private long previousHigh;
  private long previousLow;

  ObservationStream(ExportSpec spec, SplittableRandom random, SyntheticTaxonomy taxonomy, int[] observers,
      int[] projects) {
    this.spec = spec;
    this.random = random;
    this.taxonomy = taxonomy;
    this.observers = observers;
    this.projects = projects;
    this.taxonPopularity = new Zipf(taxonomy.speciesCount(), 0.9);
    this.speciesByPopularity = new int[taxonomy.speciesCount()];
    for (int i = 0; i < speciesByPopularity.length; i++) {
      speciesByPopularity[i] = i;
    }
    ExportGenerator.shuffle(random, speciesByPopularity);
    this.observerPopularity = new Zipf(observers.length, 0.8);
    this.projectPopularity = projects.length > 0 ? new Zipf(projects.length, 1.0) : null;
    this.hotspots = new Hotspots(random, (int) Math.max(5, Math.min(300, spec.observations() / 50)));
    this.dates = new ObservedDates(spec.exportDate());
    // ~5 of each fault in a small export, one per 100k rows in a large one
    this.faultInterval = Math.max(20, Math.min(100_000, spec.observations() / 5));
    this.missingTaxonBase = taxonomy.maxId() + 1000;
  }

  /** The fault (if any) of the row at 0-based index {@code i}: each kind at its own offset in the interval. */
  Fault faultAt(long i) {
    long phase = i % faultInterval;
    long step = faultInterval / 8;
    for (Fault f : Fault.values()) {
      if (f != Fault.NONE && phase == step * f.ordinal()) {
        return f;
      }
    }
    return Fault.NONE;
  }

  void write(RowWriter out, RowWriter photoOut, RowWriter linkOut, Progress.Task task) throws IOException {
    boolean anomalyColumn = spec.layout() == ExportSpec.Layout.CURRENT;
    out.text("observation_uuid\tobserver_id\tlatitude\tlongitude\tpositional_accuracy\ttaxon_id\tquality_grade"
        + "\tobserved_on" + (anomalyColumn ? "\tanomaly_score" : "")).endRow();
    photoOut.text("photo_uuid\tphoto_id\tobservation_uuid\tobserver_id\textension\tlicense\twidth\theight\tposition")
        .endRow();
    if (linkOut != null) {
      linkOut.text("observation_uuid\tproject_id").endRow();
    }
    for (long i = 0; i < spec.observations(); i++) {
      Fault fault = faultAt(i);
      long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
      long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
      if (fault == Fault.DUPLICATE_UUID) { // never row 0: faults sit at offsets > 0 in their interval
        high = previousHigh;
        low = previousLow;
      }
      previousHigh = high;
      previousLow = low;
      int observer = observers[observerPopularity.next(random)];
      out.uuid(high, low).tab().number(observer).tab();
      boolean located = random.nextInt(20) != 0;
      if (fault == Fault.BAD_COORDINATE) {
        out.fixed(90 + random.nextDouble(), 10).tab().fixed(10, 10).tab();
      } else if (located) {
        hotspots.point(random, latLon);
        out.fixed(latLon[0], 10).tab().fixed(latLon[1], 10).tab();
      } else {
        out.tab().tab();
      }
      if (random.nextInt(100) < 35) {
        out.tab();
      } else {
        out.number((long) Math.exp(random.nextDouble() * Math.log(20_000))).tab();
      }
      int taxon = taxon(fault);
      if (taxon != 0) {
        out.number(taxon);
      }
      out.tab();
      int quality = Zipf.weighted(random, QUALITY_WEIGHTS);
      out.bytes(QUALITY[located && taxon != 0 ? quality : 2]).tab();
      if (fault == Fault.BAD_DATE) {
        out.date(2000 + random.nextInt(20), 2, 30);
      } else if (random.nextInt(300) != 0) {
        dates.next(random, ymd);
        out.date(ymd[0], ymd[1], ymd[2]);
      }
      if (anomalyColumn) {
        out.tab();
        if (random.nextInt(10) != 0) {
          double a = random.nextDouble();
          out.fixed(a * a * a * a, 6);
        }
      }
      if (fault == Fault.OBSERVATION_FIELD_COUNT) {
        out.tab().text("extra");
      }
      out.endRow();
      writePhotos(photoOut, high, low, observer, fault == Fault.PHOTO_FIELD_COUNT);
      if (linkOut != null && random.nextInt(10) == 0) {
        linkOut.uuid(high, low).tab().number(projects[projectPopularity.next(random)]).endRow();
        links++;
        if (random.nextInt(20) == 0) {
          linkOut.uuid(high, low).tab().number(projects[projectPopularity.next(random)]).endRow();
          links++;
        }
      }
      if (fault != Fault.NONE) {
        injected.computeIfAbsent(fault.table, t -> new TreeMap<>()).merge(fault.reason, 1L, Long::sum);
      }
      written = i + 1;
      if ((i & 1023) == 1023) {
        task.addRows(1024);
      }
    }
    task.addRows(written & 1023);
  }

  /** A species by popularity, sometimes identified only to genus or family or down to subspecies. */
  private int taxon(Fault fault) {
    int r = random.nextInt(1000);
    if (r < 2) {
      if (fault == Fault.NONE || fault == Fault.PHOTO_FIELD_COUNT) { // rows the importer keeps
        unknownTaxon++;
      }
      return missingTaxonBase + random.nextInt(MISSING_TAXA);
    }
    if (r < 12) {
      return 0;
    }
    int s = speciesByPopularity[taxonPopularity.next(random)];
    if (r < 120) {
      return taxonomy.genusOf(s);
    }
    if (r < 160) {
      return taxonomy.familyOf(s);
    }
    if (r < 180 && taxonomy.subspeciesOf(s) != 0) {
      return taxonomy.subspeciesOf(s);
    }
    return taxonomy.species(s);
  }

  private void writePhotos(RowWriter out, long high, long low, int observer, boolean faulty) throws IOException {
    int count = Zipf.weighted(random, PHOTO_COUNTS);
    if (faulty && count == 0) {
      count = 1;
    }
    for (int position = 0; position < count; position++) {
      long id;
      if (random.nextInt(1000) == 0 && photoId > 1_000_000) {
        id = photoId - random.nextInt(3); // the same photo attached to another observation
        repeatedPhotoIds++;
      } else {
        photoId += random.nextInt(4) == 0 ? 2 + random.nextInt(30) : 1;
        id = photoId;
      }
      long photoHigh = (random.nextLong() & ~0xF000L) | 0x4000L;
      long photoLow = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      int longSide = LONG_SIDES[random.nextInt(LONG_SIDES.length)];
      int shortSide = (int) Math.round(longSide / ASPECTS[random.nextInt(ASPECTS.length)]);
      boolean landscape = random.nextInt(10) < 7;
      out.uuid(photoHigh, photoLow).tab().number(id).tab().uuid(high, low).tab().number(observer).tab()
          .bytes(EXTENSIONS[Zipf.weighted(random, EXTENSION_WEIGHTS)]).tab()
          .bytes(LICENSES[Zipf.weighted(random, LICENSE_WEIGHTS)]).tab()
          .number(landscape ? longSide : shortSide).tab().number(landscape ? shortSide : longSide).tab()
          .number(position);
      if (faulty && position == 0) {
        out.tab(); // one field too many
      }
      out.endRow();
      photos++;
    }
  }

  long written() {
    return written;
  }

  long photosWritten() {
    return photos;
  }

  long linksWritten() {
    return links;
  }

  long unknownTaxonObservations() {
    return unknownTaxon;
  }

  long repeatedPhotoIds() {
    return repeatedPhotoIds;
  }

  Map<String, Map<String, Long>> injectedRejects() {
    return injected;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
