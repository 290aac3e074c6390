package org.refugium.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.refugium.photos.FetchJournal;
import org.refugium.photos.PhotoStore;
import org.refugium.photos.PhotoVerifier;
import org.refugium.progress.Format;
import org.refugium.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** refugium photos verify: every stored photo against the journal (size and MD5). */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Re-checks every photo the journal records as stored: present, same size, same MD5.",
        "Exit 0 when all match, 1 with a report of each mismatch."})
final class PhotosVerifyCommand implements Callable<Integer> {

  @Mixin
  DataDirOption data;

  @Mixin
  PhotoStoreOptions store;

  @Override
  public Integer call() throws Exception {
    try (PhotoStore photos = store.open(); Progress progress = Progress.onStderr()) {
      Path journalFile = store.journal(photos, data.dataDir);
      if (!Files.exists(journalFile)) {
        throw new FriendlyErrors.UserError("no fetch journal for " + photos.describe() + ": nothing fetched yet");
      }
      try (FetchJournal journal = FetchJournal.open(journalFile)) {
        java.util.concurrent.atomic.AtomicLong checked = new java.util.concurrent.atomic.AtomicLong();
        PhotoVerifier.Report r;
        try (Progress.Task task = progress.start("verifying photos", checked::get, 0)) {
          r = PhotoVerifier.verify(photos, journal, n -> {
            checked.set(n);
            task.addRows(1);
          });
        }
        for (PhotoVerifier.Mismatch m : r.mismatches()) {
          System.out.println("MISMATCH " + m.key().bucketKey() + ": " + m.problem());
        }
        System.out.printf("verified %s photos (%s) in %s: %s mismatch(es)%n", Format.count(r.checked()),
            Format.bytes(r.bytes()), photos.describe(), r.mismatches().size());
        return r.mismatches().isEmpty() ? 0 : 1;
      }
    }
  }
}
