package org.refugium.photos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.cli.Refugium;
import org.refugium.testing.LabelledPhotoExport;
import org.refugium.testing.Snapshots;
import org.refugium.importer.SnapshotImporter;

/**
 * photos pack / unpack: the plant photo export's photos carried from one directory store to an empty one through
 * the real commands, and archives that must be refused whole (a changed byte, an extra file, a path that escapes).
 */
class PhotoPackTest {

  @TempDir
  Path tmp;
  LabelledPhotoExport export;
  DirectoryPhotoStore source;
  Path data;

  @BeforeEach
  void fill() throws Exception {
    export = LabelledPhotoExport.plants(tmp.resolve("plant-photos-export"), 2);
    data = tmp.resolve("data");
    Snapshots.importRequest(data, new SnapshotImporter.Request(List.of(export.dir()), null, null, "plants", true));
    source = DirectoryPhotoStore.open(tmp.resolve("online-store"));
    export.fillStore(source, List.of("square", "medium"));
  }

  private static int run(String... args) {
    PrintStream out = System.out;
    try {
      System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      return Refugium.commandLine().execute(args);
    } finally {
      System.setOut(out);
    }
  }

  /** Runs the real command line; returns the exit code and what it wrote to stderr (its error and warnings). */
  private static Run runCapturing(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    java.io.StringWriter errors = new java.io.StringWriter();
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
      var cli = Refugium.commandLine();
      cli.setErr(new java.io.PrintWriter(errors, true));
      int code = cli.execute(args);
      return new Run(code, errors + warnings.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  record Run(int code, String err) {}

  /** The pack made with this test's data dir's key (created by the first pack, as import would). */
  private Path signedPack() {
    Path pack = tmp.resolve("photos.tar");
    assertThat(run("photos", "pack", "--data-dir", data.toString(), "--photos", source.root().toString(),
        "--sizes", "medium", "-o", pack.toString())).isEqualTo(0);
    return pack;
  }

  /** An offline node's data dir that trusts this test's signing key, through `keys trust`. */
  private Path nodeTrustingThePacker() throws IOException {
    Path node = tmp.resolve("offline-data");
    List<Path> pubs;
    try (var l = Files.list(data.resolve("keys/trusted"))) {
      pubs = l.toList();
    }
    assertThat(pubs).hasSize(1);
    assertThat(run("keys", "trust", "--data-dir", node.toString(), pubs.get(0).toString())).isEqualTo(0);
    return node;
  }

  @Test
  void roundTripThroughTheCommands() throws Exception {
    Path pack = tmp.resolve("photos.tar");
    assertThat(run("photos", "pack", "--data-dir", data.toString(), "--photos", source.root().toString(),
        "-o", pack.toString())).isEqualTo(0);
    List<String> names = entries(pack);
    int photos = export.photos().size();
    assertThat(photos).isEqualTo(12);
    assertThat(names).hasSize(photos * 2 + 2).endsWith(PhotoPacker.MANIFEST, PhotoPacker.SIGNATURE);
    assertThat(names).contains("photos/" + export.photos().get(0).photoId() + "/medium.jpg");

    Path offline = tmp.resolve("offline-store");
    Path node = nodeTrustingThePacker();
    assertThat(run("photos", "unpack", pack.toString(), "--data-dir", node.toString(), "--photos",
        offline.toString())).isEqualTo(0);
    DirectoryPhotoStore target = DirectoryPhotoStore.open(offline);
    for (LabelledPhotoExport.Photo p : export.photos()) {
      for (String size : List.of("square", "medium")) {
        Path f = DirectoryLayout.file(target.root(), new PhotoKey(p.photoId(), size, "jpg"));
        assertThat(Files.readAllBytes(f)).as(f.toString()).isEqualTo(Files.readAllBytes(p.file()));
      }
    }
    try (var left = Files.list(target.root())) {
      assertThat(left.map(x -> x.getFileName().toString())).noneMatch(n -> n.startsWith(".unpack-"));
    }
  }

  @Test
  void onlyTheAskedSizesAndWhatTheStoreHolds() throws Exception {
    Path pack = tmp.resolve("square.tar");
    source.delete(new PhotoKey(export.photos().get(0).photoId(), "square", "jpg"));
    var r = PhotoPacker.pack(source, export.photos().stream()
        .map(p -> new PhotoKey(p.photoId(), "square", "jpg")).toList(), pack, n -> { });
    assertThat(r.photos()).isEqualTo(export.photos().size() - 1);
    assertThat(r.missing()).isEqualTo(1);
    assertThat(entries(pack)).hasSize(export.photos().size()).allMatch(n -> n.endsWith("/square.jpg")
        || n.equals(PhotoPacker.MANIFEST));
  }

  @Test
  void aChangedByteIsRefusedAndNothingIsPublished() throws Exception {
    Path pack = packAll();
    Path tampered = tmp.resolve("tampered.tar");
    rewrite(pack, tampered, (entry, bytes, tar) -> {
      if (entry.getName().endsWith("/medium.jpg") && bytes.length > 2000) {
        bytes[2000] ^= 0x01; // one bit of one photo, its manifest line left as it was
      }
      write(tar, entry.getName(), bytes);
    });
    Path offline = tmp.resolve("offline-store");
    DirectoryPhotoStore target = DirectoryPhotoStore.open(offline);
    assertThatThrownBy(() -> PhotoPacker.unpack(tampered, target, offline.resolve(".unpack-test"), n -> { }))
        .isInstanceOf(IOException.class).hasMessageContaining("does not match its sha256")
        .hasMessageContaining("nothing was published");
    assertThat(storedFiles(offline)).isEmpty();
    assertThat(run("photos", "unpack", tampered.toString(), "--photos", offline.toString())).isEqualTo(1);
    assertThat(storedFiles(offline)).isEmpty();
  }

  @Test
  void aPhotoSwappedAndTheManifestReHashedIsRefusedByTheSignature() throws Exception {
    Path pack = signedPack();
    Path node = nodeTrustingThePacker();
    byte[] other = Files.readAllBytes(export.photos().get(1).file());
    String victim = "photos/" + export.photos().get(0).photoId() + "/medium.jpg";
    String otherSha = java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(other));
    Path forged = tmp.resolve("forged.tar");
    rewrite(pack, forged, (entry, bytes, tar) -> {
      if (entry.getName().equals(victim)) {
        write(tar, victim, other); // another photo in its place
      } else if (entry.getName().equals(PhotoPacker.MANIFEST)) {
        // its line re-hashed, as an attacker with sha256sum would: the manifest is consistent again
        String text = new String(bytes, StandardCharsets.UTF_8);
        String line = text.lines().filter(l -> l.endsWith("  " + victim)).findFirst().orElseThrow();
        String rehashed = otherSha + "  " + victim;
        assertThat(rehashed).isNotEqualTo(line);
        write(tar, entry.getName(), text.replace(line, rehashed).getBytes(StandardCharsets.UTF_8));
      } else {
        write(tar, entry.getName(), bytes); // the signature kept as it was
      }
    });
    assertThat(entries(forged)).contains(PhotoPacker.SIGNATURE);
    Path offline = tmp.resolve("offline-store");
    Run r = unpackInto(forged, node, offline);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("does not match SHA256SUMS (altered after signing)").contains("nothing was published");
    assertThat(storedFiles(offline)).isEmpty();
    // --allow-unsigned does not excuse a trusted key's signature that fails
    assertThat(run("photos", "unpack", forged.toString(), "--data-dir", node.toString(), "--photos",
        offline.toString(), "--allow-unsigned")).isEqualTo(1);
    assertThat(storedFiles(offline)).isEmpty();
  }

  @Test
  void anUnsignedPackIsRefusedUnlessAllowed() throws Exception {
    Path pack = packAll(); // PhotoPacker without a signer: no SHA256SUMS.sig
    assertThat(entries(pack)).doesNotContain(PhotoPacker.SIGNATURE);
    Path node = offlineNode();
    Path offline = tmp.resolve("offline-store");
    Run r = unpackInto(pack, node, offline);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("it is not signed (no SHA256SUMS.sig)").contains("--allow-unsigned");
    assertThat(storedFiles(offline)).isEmpty();
    Run allowed = unpackInto(pack, node, offline, "--allow-unsigned");
    assertThat(allowed.code()).isEqualTo(0);
    assertThat(allowed.err()).contains("accepted because of --allow-unsigned");
    assertThat(storedFiles(offline)).hasSize(export.photos().size());
  }

  @Test
  void aPackSignedByAKeyTheNodeDoesNotTrustIsRefused() throws Exception {
    Path pack = signedPack();
    Path node = offlineNode();
    Path offline = tmp.resolve("offline-store");
    Run r = unpackInto(pack, node, offline);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("which this node does not trust").contains("trusted keys: offline-node");
    assertThat(storedFiles(offline)).isEmpty();
  }

  /** A node of its own keys ("offline-node"), trusting nobody else: where packs are carried to. */
  private Path offlineNode() throws Exception {
    Path node = tmp.resolve("offline-data");
    assertThat(run("keys", "generate", "--data-dir", node.toString(), "--name", "offline-node")).isEqualTo(0);
    return node;
  }

  /** {@code photos unpack PACK} into {@code offline} under {@code node}'s trust, its output captured. */
  private Run unpackInto(Path pack, Path node, Path offline, String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("photos", "unpack", pack.toString(), "--data-dir",
        node.toString(), "--photos", offline.toString()));
    args.addAll(List.of(extra));
    return runCapturing(args.toArray(String[]::new));
  }

  @Test
  void aFileMissingFromTheManifestOrTheArchiveIsRefused() throws Exception {
    Path pack = packAll();
    Path extra = tmp.resolve("extra.tar");
    rewrite(pack, extra, (entry, bytes, tar) -> {
      if (entry.getName().equals(PhotoPacker.MANIFEST)) {
        write(tar, "photos/1/medium.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8});
      }
      write(tar, entry.getName(), bytes);
    });
    Path offline = tmp.resolve("offline-store");
    DirectoryPhotoStore target = DirectoryPhotoStore.open(offline);
    assertThatThrownBy(() -> PhotoPacker.unpack(extra, target, offline.resolve(".u"), n -> { }))
        .hasMessageContaining("photos/1/medium.jpg is in the archive but not in the manifest");
    Path noManifest = tmp.resolve("no-manifest.tar");
    rewrite(pack, noManifest, (entry, bytes, tar) -> {
      if (!entry.getName().equals(PhotoPacker.MANIFEST)) {
        write(tar, entry.getName(), bytes);
      }
    });
    assertThatThrownBy(() -> PhotoPacker.unpack(noManifest, target, offline.resolve(".u"), n -> { }))
        .hasMessageContaining("no SHA256SUMS");
    assertThat(storedFiles(offline)).isEmpty();
  }

  @Test
  void entriesThatEscapeOrAreNotPhotoKeysAreRefused() throws Exception {
    Path pack = packAll();
    Path offline = tmp.resolve("offline-store");
    DirectoryPhotoStore target = DirectoryPhotoStore.open(offline);
    Path victim = tmp.resolve("victim.txt");
    for (String evil : List.of("../victim.txt", "photos/../../victim.txt", "/tmp/victim.txt", "photos/1/../../../victim.txt",
        "photos/007/medium.jpg", "photos/1/medium.jpg/x", "photos/1/huge.jpg", "photos/1/medium.jpg.sh")) {
      Path bad = tmp.resolve("evil.tar");
      rewrite(pack, bad, (entry, bytes, tar) -> {
        if (entry.getName().equals(PhotoPacker.MANIFEST)) {
          write(tar, evil, "owned".getBytes(StandardCharsets.UTF_8));
        }
        write(tar, entry.getName(), bytes);
      });
      assertThatThrownBy(() -> PhotoPacker.unpack(bad, target, offline.resolve(".u"), n -> { })).as(evil)
          .isInstanceOf(IOException.class).hasMessageContaining("is not a photo key");
      assertThat(victim).doesNotExist();
    }
    // a symbolic link entry
    Path link = tmp.resolve("link.tar");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(link))) {
      TarArchiveEntry e = new TarArchiveEntry("photos/1/medium.jpg", TarArchiveEntry.LF_SYMLINK);
      e.setLinkName("/etc/passwd");
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
    }
    assertThatThrownBy(() -> PhotoPacker.unpack(link, target, offline.resolve(".u"), n -> { }))
        .hasMessageContaining("is not a plain file");
    assertThat(storedFiles(offline)).isEmpty();
  }

  private Path packAll() throws IOException {
    Path pack = tmp.resolve("all.tar");
    List<PhotoKey> keys = new ArrayList<>();
    for (LabelledPhotoExport.Photo p : export.photos()) {
      keys.add(new PhotoKey(p.photoId(), "medium", "jpg"));
    }
    PhotoPacker.pack(source, keys, pack, n -> { });
    return pack;
  }

  private static List<String> storedFiles(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(f -> root.relativize(f).toString())
          .filter(n -> !n.equals(DirectoryLayout.MARKER)).toList();
    }
  }

  private static List<String> entries(Path tarFile) throws IOException {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarFile))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        names.add(e.getName());
      }
    }
    return names;
  }

  interface EntryRewrite {
    void apply(TarArchiveEntry entry, byte[] bytes, TarArchiveOutputStream out) throws IOException;
  }

  /** Copies a tar entry by entry through {@code rewrite} (which writes what it wants into the new tar). */
  private static void rewrite(Path from, Path to, EntryRewrite rewrite) throws IOException {
    try (InputStream in = Files.newInputStream(from); TarArchiveInputStream src = new TarArchiveInputStream(in);
        OutputStream out = Files.newOutputStream(to); TarArchiveOutputStream dst = new TarArchiveOutputStream(out)) {
      dst.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry e;
      while ((e = src.getNextEntry()) != null) {
        rewrite.apply(e, src.readAllBytes(), dst);
      }
    }
  }

  private static void write(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, true); // preserve the name as given: "../", "/" and all
    e.setSize(bytes.length);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
