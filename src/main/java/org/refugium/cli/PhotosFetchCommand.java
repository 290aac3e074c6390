package org.refugium.cli;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.refugium.photos.FetchJournal;
import org.refugium.photos.HttpPhotoSource;
import org.refugium.photos.PhotoFetcher;
import org.refugium.photos.PhotoKey;
import org.refugium.photos.PhotoSelection;
import org.refugium.photos.PhotoStore;
import org.refugium.photos.DirectoryPhotoStore;
import org.refugium.progress.Progress;
import org.refugium.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** refugium photos fetch: copies a snapshot's open photos from the public bucket (or a copy of it) into the store. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = {"Copies the photos of a snapshot from iNaturalist's open-data bucket (or --source) into the photo"
        + " store. Keys come from the snapshot's photos table; a journal makes it resumable; every file is checked.",
        "Exit 0 when nothing failed (404s are not failures), 1 otherwise."})
final class PhotosFetchCommand implements Callable<Integer> {

  @Mixin
  DataDirOption data;

  @Mixin
  PhotoStoreOptions store;

  @Option(names = "--source", paramLabel = "URL", defaultValue = HttpPhotoSource.OPEN_DATA,
      description = "Where photos/{id}/{size}.{ext} lie: an http(s) base URL or s3://bucket[/prefix] on"
          + " --s3-endpoint, read anonymously (default: ${DEFAULT-VALUE}).")
  String source;

  @Option(names = "--sizes", paramLabel = "LIST", split = ",", defaultValue = "medium,square",
      description = "Sizes among square, thumb, small, medium, large, original (default: ${DEFAULT-VALUE}).")
  List<String> sizes;

  @Option(names = "--taxon", paramLabel = "ID", description = "Only observations of this taxon and below.")
  Long taxon;

  @Option(names = "--bbox", paramLabel = "SWLAT,SWLNG,NELAT,NELNG", description = "Only observations in this box.")
  String bbox;

  @Option(names = "--quality", paramLabel = "LIST", split = ",", description = "research, needs_id, casual.")
  List<String> quality;

  @Option(names = "--licenses", paramLabel = "LIST", split = ",", description = "Photo licences, e.g. CC0,CC-BY.")
  List<String> licenses;

  @Option(names = "--observed-from", paramLabel = "YYYY-MM-DD") String observedFrom;

  @Option(names = "--observed-to", paramLabel = "YYYY-MM-DD") String observedTo;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "At most N photos (0: all).")
  long limit;

  @Option(names = "--dry-run", description = "Print the estimate (count, approximate bytes) and stop.")
  boolean dryRun;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8", description = "Parallel downloads (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--max-rate", paramLabel = "RATE", description = "Bandwidth cap in bytes/s: 500k, 20M, 1G.")
  String maxRate;

  @Option(names = "--retry-missing", description = "Try again the keys an earlier run found missing (404).")
  boolean retryMissing;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "3", description = "Retries of a failed download (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Give up on a connection or a body that sends nothing for this long (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    SnapshotStore snapshots = data.store();
    String name = store.snapshotName(snapshots);
    PhotoSelection selection;
    try {
      selection = new PhotoSelection(sizes, taxon, parseBox(bbox), quality, licenses, date(observedFrom),
          date(observedTo), limit);
    } catch (IllegalArgumentException e) {
      throw new FriendlyErrors.UserError(e.getMessage());
    }
    long rate = maxRate == null ? 0 : org.refugium.photos.PhotoFetcher.parseRate(maxRate);
    HttpPhotoSource src;
    try {
      src = new HttpPhotoSource(source, store.s3Endpoint, Duration.ofSeconds(timeoutSeconds), rate);
    } catch (IllegalArgumentException e) {
      throw new FriendlyErrors.UserError(e.getMessage());
    }
    try {
      return fetch(snapshots, name, selection, src);
    } catch (java.io.IOException e) {
      // the store, its disk or the journal failed outside a single photo (opening, the final commit): one line
      throw new FriendlyErrors.UserError(e.getMessage());
    }
  }

  private int fetch(SnapshotStore snapshots, String name, PhotoSelection selection, HttpPhotoSource src)
      throws Exception {
    boolean terminal = System.console() != null;
    try (PhotoStore photos = store.open(); src; Progress progress = Progress.onStderr()) {
      Path journalFile = store.journal(photos, data.dataDir);
      java.nio.file.Files.createDirectories(journalFile.toAbsolutePath().getParent());
      try (FileChannel lockFile = FileChannel.open(journalFile.resolveSibling(journalFile.getFileName() + ".lock"),
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = lockFile.tryLock();
          FetchJournal journal = FetchJournal.open(journalFile)) {
        if (lock == null) {
          throw new FriendlyErrors.UserError("another photos fetch is running on " + photos.describe());
        }
        List<PhotoSelection.Photo> selected;
        long[] skipped = new long[1];
        try (Connection db = PhotoStoreOptions.openDatabase(snapshots, name)) {
          selected = selection.photos(db, skipped);
        }
        List<PhotoKey> keys = PhotoFetcher.keys(selected, selection.sizes());
        Path temp = photos instanceof DirectoryPhotoStore dir ? dir.root().resolve(".fetch-tmp")
            : journalFile.resolveSibling(".fetch-tmp-" + journalFile.getFileName());
        PhotoFetcher fetcher = new PhotoFetcher(photos, src, journal, temp,
            new PhotoFetcher.Options(concurrency, retries, retryMissing, Duration.ofSeconds(terminal ? 1 : 10)),
            progress::say);
        PhotoFetcher.Estimate estimate = fetcher.estimate(selected.size(), keys);
        System.out.println("snapshot " + name + " -> " + photos.describe() + " from " + src.base());
        System.out.println("estimate: " + estimate.describe()
            + (skipped[0] > 0 ? " (" + skipped[0] + " photo rows with an unusable extension left out)" : ""));
        if (dryRun) {
          return 0;
        }
        PhotoFetcher.Summary summary = fetcher.run(keys);
        System.out.println(summary.describe());
        return summary.failedTotal() == 0 && summary.abortedBecause() == null ? 0 : 1;
      }
    }
  }

  private static String date(String d) {
    if (d == null) {
      return null;
    }
    try {
      return java.time.LocalDate.parse(d).toString();
    } catch (java.time.format.DateTimeParseException e) {
      throw new FriendlyErrors.UserError("a date is YYYY-MM-DD: " + d);
    }
  }

  private static double[] parseBox(String box) {
    if (box == null) {
      return null;
    }
    try {
      double[] b = Arrays.stream(box.split(",")).map(String::strip).mapToDouble(Double::parseDouble).toArray();
      if (b.length != 4) {
        throw new NumberFormatException();
      }
      return b;
    } catch (NumberFormatException e) {
      throw new FriendlyErrors.UserError("--bbox is swlat,swlng,nelat,nelng: " + box);
    }
  }
}
