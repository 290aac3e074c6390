package org.refugium.generator;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.refugium.progress.Progress;

/**
 * Writes a synthetic iNaturalist Open Data export in the real format (tab-separated, header line, '\n',
 * no quoting, empty = NULL), sized by its observation count and fully determined by the seed. The
 * other tables scale with it the way they do in the real export: ~N/100 species, ~N/70 observers,
 * ~1.55 photos per observation, ~N/1000 projects with ~10% of observations linked. A few faulty rows
 * are put in on purpose so an import of it exercises every reject path (see {@link ExportReport}).
 */
public final class ExportGenerator {

  private final Progress progress;

  public ExportGenerator(Progress progress) {
    this.progress = progress;
  }

  public ExportReport generate(ExportSpec spec) throws IOException {
    long start = System.nanoTime();
    SplittableRandom root = new SplittableRandom(spec.seed());
    // One independent stream per table, split in a fixed order, so each table depends only on the seed.
    SplittableRandom taxaRandom = root.split();
    SplittableRandom observersRandom = root.split();
    SplittableRandom projectsRandom = root.split();
    SplittableRandom observationsRandom = root.split();
    boolean current = spec.layout() == ExportSpec.Layout.CURRENT;
    Map<String, Long> rows = new LinkedHashMap<>();
    try (TableFiles files = TableFiles.create(spec)) {
      SyntheticTaxonomy taxonomy;
      try (RowWriter taxa = new RowWriter(files.open("taxa"))) {
        taxonomy = SyntheticTaxonomy.write(taxaRandom, (int) Math.min(Integer.MAX_VALUE, spec.observations() / 100),
            taxa);
      }
      rows.put("taxa", (long) taxonomy.taxaWritten());
      progress.say(String.format("  taxa: %,d (%,d species, %,d inactive)", taxonomy.taxaWritten(),
          taxonomy.speciesCount(), taxonomy.inactiveWritten()));

      int observerCount = (int) Math.max(20, Math.min(3_000_000, spec.observations() / 70));
      int[] observers;
      try (RowWriter out = new RowWriter(files.open("observers"))) {
        observers = writeObservers(observersRandom, observerCount, out);
      }
      rows.put("observers", (long) observers.length);

      int[] projects = new int[0];
      if (current) {
        int projectCount = (int) Math.max(5, Math.min(500_000, spec.observations() / 1000));
        try (RowWriter out = new RowWriter(files.open("projects"))) {
          projects = writeProjects(projectsRandom, projectCount, spec.exportDate().getYear(), out);
        }
        rows.put("projects", (long) projects.length);
      }

      ObservationStream stream = new ObservationStream(spec, observationsRandom, taxonomy, observers, projects);
      try (RowWriter observations = new RowWriter(files.open("observations"));
          RowWriter photos = new RowWriter(files.open("photos"));
          RowWriter links = current ? new RowWriter(files.open("observations_projects")) : null;
          Progress.Task task = progress.start("generating observations", stream::written, spec.observations())) {
        stream.write(observations, photos, links, task);
      }
      rows.put("observations", stream.written());
      rows.put("photos", stream.photosWritten());
      if (current) {
        rows.put("observations_projects", stream.linksWritten());
      }
      files.finish(progress);
      return new ExportReport(rows, stream.injectedRejects(), stream.unknownTaxonObservations(),
          taxonomy.inactiveWritten(), stream.repeatedPhotoIds(), (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * observers.csv, in id order; returns the ids in popularity order (a shuffle), so the busiest observers
   * are not simply the oldest accounts.
   */
  private static int[] writeObservers(SplittableRandom random, int count, RowWriter out) throws IOException {
    out.text("observer_id\tlogin\tname").endRow();
    int[] ids = new int[count];
    java.util.Set<String> logins = new java.util.HashSet<>();
    int id = 0;
    for (int i = 0; i < count; i++) {
      id += 1 + random.nextInt(6);
      ids[i] = id;
      String login = Names.login(random);
      while (!logins.add(login)) {
        login = login + random.nextInt(10);
      }
      String name = Names.person(random);
      out.number(id).tab().text(login).tab().text(name == null ? "" : name).endRow();
    }
    shuffle(random, ids);
    return ids;
  }

  private static int[] writeProjects(SplittableRandom random, int count, int year, RowWriter out) throws IOException {
    out.text("project_id\ttitle\tslug").endRow();
    int[] ids = new int[count];
    int id = 1000;
    for (int i = 0; i < count; i++) {
      id += 1 + random.nextInt(40);
      ids[i] = id;
      String title = Names.projectTitle(random, year - random.nextInt(10));
      out.number(id).tab().text(title).tab().text(Names.slug(title) + "-" + id).endRow();
    }
    shuffle(random, ids);
    return ids;
  }

  static void shuffle(SplittableRandom random, int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
