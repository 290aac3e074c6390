package org.refugium.recognition.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Where a vector index lives and how it is checked: {@code {data-dir}/vectors/{snapshot}/{key}/}
 * with the Lucene index in {@code index/} and {@code vectors.json}, the manifest: snapshot,
 * backbone id, dimensions, format, vector count, the Lucene commit generation and the sha256 of
 * every file of that commit.
 *
 * <p>Why beside the snapshot rather than inside it: the snapshot directory is immutable once
 * published and verified by its own manifest, while embedding takes hours and runs after the
 * photos are fetched. The index is derived: delete it and {@code photos embed} rebuilds it. It is
 * "published" commit by commit: a Lucene commit is atomic (readers see the previous
 * {@code segments_N} or the new one), and the manifest is written to a temporary name and renamed
 * after each commit. A kill between the two leaves an older manifest that {@link #verify} reports
 * and the next {@code embed} run rewrites.
 */
public final class VectorIndex {

  public static final String VECTORS_DIR = "vectors";
  public static final String INDEX_DIR = "index";
  public static final String MANIFEST = "vectors.json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private VectorIndex() {}

  /** What {@code vectors.json} holds. */
  public record Manifest(String snapshot, String backbone, int dimensions, String format,
      long vectors, long generation, TreeMap<String, String> files, String writtenAt) {}

  /** The index directory of a snapshot and backbone. */
  public static Path dir(Path dataDir, String snapshot, String backboneId) {
    return dataDir.resolve(VECTORS_DIR).resolve(snapshot).resolve(key(backboneId));
  }

  /**
   * A directory name for a backbone id {@code file@sha256:hex#tensor}: the file's stem and the
   * first 12 hex digits of the id's own sha256 (tensor names have slashes).
   */
  public static String key(String backboneId) {
    int at = backboneId.indexOf('@');
    String stem = (at > 0 ? backboneId.substring(0, at) : "backbone")
        .replaceAll("\\.tflite$", "").replaceAll("[^A-Za-z0-9._-]", "_");
    return stem + "-" + sha256(backboneId.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
  }

  /** The indexes built for a snapshot (those with a manifest), by directory name. */
  public static List<Path> list(Path dataDir, String snapshot) throws IOException {
    Path root = dataDir.resolve(VECTORS_DIR).resolve(snapshot);
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path d : dirs) {
        if (Files.isRegularFile(d.resolve(MANIFEST))) {
          found.add(d);
        }
      }
    }
    found.sort(null);
    return found;
  }

  public static Optional<Manifest> readManifest(Path indexDir) throws IOException {
    Path file = indexDir.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(file.toFile(), Manifest.class));
  }

  /** Hashes the files of the index's latest commit and writes the manifest atomically. */
  static Manifest writeManifest(Path indexDir, String snapshot, String backbone, int dimensions,
      VectorFormat format, long vectors) throws IOException {
    try (Directory d = FSDirectory.open(indexDir.resolve(INDEX_DIR))) {
      SegmentInfos commit = SegmentInfos.readLatestCommit(d);
      TreeMap<String, String> files = new TreeMap<>();
      for (String f : commit.files(true)) {
        files.put(f, sha256(indexDir.resolve(INDEX_DIR).resolve(f)));
      }
      Manifest m = new Manifest(snapshot, backbone, dimensions, format.lowerName(), vectors,
          commit.getGeneration(), files, Instant.now().toString());
      Path tmp = indexDir.resolve(MANIFEST + ".tmp");
      JSON.writeValue(tmp.toFile(), m);
      try {
        Files.move(tmp, indexDir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, indexDir.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING);
      }
      return m;
    }
  }

  /** Problems found (empty = the index is the one its manifest describes, byte for byte). */
  public static List<String> verify(Path indexDir) throws IOException {
    List<String> problems = new ArrayList<>();
    Optional<Manifest> m = readManifest(indexDir);
    if (m.isEmpty()) {
      problems.add("no " + MANIFEST);
      return problems;
    }
    try (Directory d = FSDirectory.open(indexDir.resolve(INDEX_DIR))) {
      long generation = SegmentInfos.readLatestCommit(d).getGeneration();
      if (generation != m.get().generation()) {
        problems.add("the manifest describes commit " + m.get().generation()
            + " but the index's latest commit is " + generation
            + " (run photos embed again to rewrite it)");
      }
    }
    for (var e : m.get().files().entrySet()) {
      Path f = indexDir.resolve(INDEX_DIR).resolve(e.getKey());
      if (!Files.isRegularFile(f)) {
        problems.add("missing " + e.getKey());
      } else if (!sha256(f).equals(e.getValue())) {
        problems.add("checksum differs: " + e.getKey());
      }
    }
    return problems;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = digest();
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    }
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
