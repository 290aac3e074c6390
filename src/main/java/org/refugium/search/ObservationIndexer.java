package org.refugium.search;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.refugium.archive.TaxonTree;
import org.refugium.progress.Progress;
import org.refugium.search.ObservationFields.ObservationRow;

/**
 * Writes the observations index as a pipeline: the calling thread reads SQLite (an id-ordered scan joined
 * in memory, see {@link ObservationRows}) and hands batches of rows to indexing threads, which build the documents
 * and add them to one IndexWriter (each thread fills its own in-memory segment). No commit until the end.
 */
final class ObservationIndexer {

  private static final int BATCH = 1_000;
  private static final List<ObservationRow> END = List.of();

  private final int indexThreads;
  private final boolean forceMerge;
  ObservationIndexer(int indexThreads, boolean forceMerge) {
    this.indexThreads = indexThreads;
    this.forceMerge = forceMerge;
  }

  long build(Connection db, TaxonTree tree, ObservationLinks links, Path dir, Progress progress) throws Exception {
    long total = IndexFiles.count(db, "observations");
    AtomicLong done = new AtomicLong();
    BlockingQueue<List<ObservationRow>> queue = new ArrayBlockingQueue<>(4 * indexThreads + 4);
    TaxonDayPlace taxonDayPlace = TaxonDayPlace.forTaxa(tree.size());
    Throwable[] failure = new Throwable[1];
    try (Directory directory = FSDirectory.open(dir);
        IndexWriter writer = IndexFiles.observationsWriter(directory);
        Progress.Task task = progress.start("index observations", done::get, total)) {
      List<Thread> workers = new ArrayList<>();
      for (int i = 0; i < indexThreads; i++) {
        Thread t = Thread.ofPlatform().name("index-observations-" + i).start(() -> {
          try {
            for (List<ObservationRow> batch = queue.take(); batch != END; batch = queue.take()) {
              for (ObservationRow row : batch) {
                writer.addDocument(ObservationFields.document(row, taxonDayPlace));
              }
              task.addRows(batch.size());
              done.addAndGet(batch.size());
            }
          } catch (Throwable e) {
            synchronized (failure) {
              failure[0] = failure[0] == null ? e : failure[0];
            }
          }
        });
        workers.add(t);
      }
      try {
        List<ObservationRow>[] batch = new List[] {new ArrayList<>(BATCH)};
        new ObservationRows(db, tree, links).forEach(row -> {
          batch[0].add(row);
          if (batch[0].size() == BATCH) {
            hand(queue, batch[0], failure);
            batch[0] = new ArrayList<>(BATCH);
          }
        });
        hand(queue, batch[0], failure);
      } finally {
        for (int i = 0; i < workers.size(); i++) {
          while (!queue.offer(END, 100, TimeUnit.MILLISECONDS) && workers.stream().anyMatch(Thread::isAlive)) {
            // a worker that failed no longer takes; the others will
          }
        }
        for (Thread t : workers) {
          t.join();
        }
      }
      if (failure[0] != null) {
        throw new IOException("indexing observations failed: " + failure[0].getMessage(), failure[0]);
      }
      if (forceMerge) {
        progress.say("  merging the observations index into one segment");
        writer.forceMerge(1);
      }
      writer.setLiveCommitData(taxonDayPlace.commitData().entrySet());
      writer.commit();
      return writer.getDocStats().numDocs;
    }
  }

  private static void hand(BlockingQueue<List<ObservationRow>> queue, List<ObservationRow> batch, Throwable[] failure)
      throws Exception {
    while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
      synchronized (failure) {
        if (failure[0] != null) {
          throw new IOException("indexing observations failed: " + failure[0].getMessage(), failure[0]);
        }
      }
    }
  }
}
