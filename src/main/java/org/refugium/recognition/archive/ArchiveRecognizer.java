package org.refugium.recognition.archive;

import java.awt.image.BufferedImage;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.refugium.recognition.Backbone;
import org.refugium.recognition.UnreadableImageException;

/**
 * The archive as a source for score_image and the identify page: embeds the upload with the
 * backbone and asks the current snapshot's vector index for that backbone. An index built after
 * the server started is found on the next request (a missing one costs one stat per request);
 * indexes of snapshots no longer served are closed on switch.
 */
public final class ArchiveRecognizer implements Closeable {

  /** What the archive says about one photo. */
  public record Answer(String backbone, int indexSize, List<Neighbour> neighbours,
      ArchiveVote.Result vote, long embedNanos, long searchNanos) {}

  private final Backbone backbone;
  private final Path dataDir;
  private final ArchiveVote vote = ArchiveVote.defaults();
  private final Map<String, ArchiveNeighbours> open = new ConcurrentHashMap<>();

  public ArchiveRecognizer(Backbone backbone, Path dataDir) {
    this.backbone = backbone;
    this.dataDir = dataDir;
  }

  public String backboneId() {
    return backbone.id();
  }

  /** The index for this snapshot and backbone, when one has been built. */
  public synchronized ArchiveNeighbours index(String snapshot) throws IOException {
    ArchiveNeighbours n = open.get(snapshot);
    if (n != null) {
      return n;
    }
    Path dir = VectorIndex.dir(dataDir, snapshot, backbone.id());
    if (!Files.isRegularFile(dir.resolve(VectorIndex.MANIFEST))) {
      return null;
    }
    for (var e : open.entrySet()) { // the served snapshot changed: let the old one go
      e.getValue().close();
    }
    open.clear();
    n = ArchiveNeighbours.open(dir);
    open.put(snapshot, n);
    return n;
  }

  /** Null when the snapshot has no index for this backbone. */
  public Answer identify(String snapshot, byte[] image, NeighbourFilter filter)
      throws IOException, UnreadableImageException {
    return identify(snapshot, backbone.decode(image), filter);
  }

  /**
   * The same for an upload score_image has already decoded (it decodes once for the bundles and
   * the archive: a second decode was ~10 ms of a ~55 ms request, docs/benchmarks.md).
   */
  public Answer identify(String snapshot, BufferedImage image, NeighbourFilter filter)
      throws IOException {
    ArchiveNeighbours index = index(snapshot);
    if (index == null || index.size() == 0) {
      return null;
    }
    long t0 = System.nanoTime();
    float[] v = backbone.embed(image);
    long t1 = System.nanoTime();
    List<Neighbour> neighbours = index.search(v, backbone.id(), ArchiveVote.NEIGHBOURS, filter);
    long t2 = System.nanoTime();
    return new Answer(backbone.id(), index.size(), neighbours, vote.vote(neighbours), t1 - t0,
        t2 - t1);
  }

  @Override
  public synchronized void close() throws IOException {
    for (ArchiveNeighbours n : open.values()) {
      n.close();
    }
    open.clear();
    backbone.close();
  }
}
