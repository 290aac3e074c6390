package org.refugium.photos;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.refugium.snapshot.ManifestSignature;
import org.refugium.snapshot.SignaturePolicy;

/**
 * Carries photos to a node without internet: one uncompressed tar (JPEGs do not compress) whose entries are the
 * open-data bucket's keys, {@code photos/{photo_id}/{size}.{ext}}, so the archive is independent of either node's
 * store (a directory on one, S3 on the other), followed by {@value #MANIFEST}: one {@code sha256  key} line per
 * photo, in the format of {@code sha256sum -c}, so the archive can also be checked by hand after a plain
 * {@code tar x}.
 *
 * <p>Unpacking reads the whole archive into a staging directory, hashing as it goes, and refuses it, publishing
 * nothing, when an entry is not a photo key (an absolute path, {@code ..}, a link, any other name: the same guard
 * as {@code snapshots unpack}, but stricter, since every legitimate name has one exact shape), when the manifest is
 * missing, when its signature is not good enough for the node's {@link SignaturePolicy} (checked first: a photo
 * swapped and the manifest re-hashed leaves a signature that no longer matches), or when any file's sha256 or the
 * set of files differs from it. Only then is every photo put into the
 * store, each atomically ({@link PhotoStore#put}).
 */
public final class PhotoPacker {

  /** The manifest entry, last in the archive (it is written once every photo's hash is known: one pass over the store). */
  public static final String MANIFEST = "SHA256SUMS";

  /**
   * The Ed25519 signature over the manifest's exact bytes, right after it (the same JSON as a snapshot's
   * manifest.json.sig): the manifest lists every photo's sha256, so one signature says who made the whole pack.
   */
  public static final String SIGNATURE = MANIFEST + ".sig";

  /** What a pack or unpack did. {@code missing}: keys asked for that the store does not hold (pack only). */
  public record Result(long photos, long bytes, long missing) {}

  private PhotoPacker() {}

  /**
   * Writes the photos of {@code keys} that {@code store} holds into {@code tarFile} (through {@code tarFile.part},
   * renamed at the end, so a killed pack leaves no archive that looks complete).
   *
   * @param progress told of each photo handled (packed or missing)
   */
  public static Result pack(PhotoStore store, Iterable<PhotoKey> keys, Path tarFile, LongConsumer progress)
      throws IOException {
    return pack(store, keys, tarFile, null, progress);
  }

  /**
   * {@link #pack(PhotoStore, Iterable, Path, LongConsumer)}, the manifest signed by {@code signer} (null: an
   * unsigned pack, which nodes that trust keys refuse unless told {@code --allow-unsigned}).
   */
  public static Result pack(PhotoStore store, Iterable<PhotoKey> keys, Path tarFile, ManifestSignature.Signer signer,
      LongConsumer progress) throws IOException {
    Path tmp = tarFile.resolveSibling(tarFile.getFileName() + ".part");
    Map<String, String> sums = new LinkedHashMap<>();
    long bytes = 0;
    long missing = 0;
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (PhotoKey key : keys) {
        progress.accept(1);
        if (sums.containsKey(key.bucketKey())) {
          continue; // a photo id repeated in the export (~0.1%): one file
        }
        Optional<PhotoStore.Stat> stat = store.stat(key);
        if (stat.isEmpty()) {
          missing++;
          continue;
        }
        TarArchiveEntry entry = new TarArchiveEntry(key.bucketKey());
        entry.setSize(stat.get().size());
        entry.setModTime(stat.get().lastModifiedMillis());
        tar.putArchiveEntry(entry);
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(store.open(key, 0, -1), sha)) {
          in.transferTo(tar); // the tar refuses more or fewer bytes than the entry's size
        }
        tar.closeArchiveEntry();
        sums.put(key.bucketKey(), HexFormat.of().formatHex(sha.digest()));
        bytes += stat.get().size();
      }
      StringBuilder manifest = new StringBuilder();
      sums.forEach((key, hex) -> manifest.append(hex).append("  ").append(key).append('\n'));
      byte[] m = manifest.toString().getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry(MANIFEST);
      entry.setSize(m.length);
      tar.putArchiveEntry(entry);
      tar.write(m);
      tar.closeArchiveEntry();
      if (signer != null) {
        byte[] sig = ManifestSignature.signatureFile(m, signer);
        TarArchiveEntry sigEntry = new TarArchiveEntry(SIGNATURE);
        sigEntry.setSize(sig.length);
        tar.putArchiveEntry(sigEntry);
        tar.write(sig);
        tar.closeArchiveEntry();
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, tarFile, StandardCopyOption.REPLACE_EXISTING);
    return new Result(sums.size(), bytes, missing);
  }

  /**
   * Checks a packed archive in full against its manifest, then puts every photo into {@code store}.
   *
   * @param staging an empty or absent directory for the extracted files (removed at the end); on the same disk as
   *     a directory store, so that publishing is a copy within one disk
   * @param progress told of each photo extracted, then of each published (twice the count in all)
   * @throws IOException naming the first problem; nothing is put into the store then
   */
  public static Result unpack(Path tarFile, PhotoStore store, Path staging, LongConsumer progress) throws IOException {
    return unpack(tarFile, store, staging, null, w -> { }, progress);
  }

  /**
   * {@link #unpack(Path, PhotoStore, Path, LongConsumer)}, with the pack's signature checked by {@code signatures}
   * before any hash and before anything is stored (null: integrity only, who made the pack unchecked; the
   * {@code photos unpack} command always passes the node's policy).
   *
   * @param warn told the policy's loud verdicts that still accept (unsigned but allowed, no key trusted at all)
   */
  public static Result unpack(Path tarFile, PhotoStore store, Path staging, SignaturePolicy signatures,
      java.util.function.Consumer<String> warn, LongConsumer progress) throws IOException {
    Files.createDirectories(staging);
    try {
      Map<PhotoKey, String> hashes = new LinkedHashMap<>();
      Map<PhotoKey, Path> files = new LinkedHashMap<>();
      Map<PhotoKey, String> md5s = new LinkedHashMap<>();
      byte[] manifest = null;
      byte[] signature = null;
      long bytes = 0;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(tarFile), 1 << 20);
          TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          String name = entry.getName();
          if (entry.isDirectory() && name.equals("photos/")) {
            continue;
          }
          byte type = entry.getLinkFlag();
          // only regular-file entries: isFile() alone also says yes to links and devices whose name has no "/"
          if (type != TarArchiveEntry.LF_NORMAL && type != TarArchiveEntry.LF_OLDNORM
              && type != TarArchiveEntry.LF_CONTIG || entry.isSymbolicLink() || entry.isLink()) {
            throw new IOException("refusing the archive: entry " + printable(name) + " is not a plain file");
          }
          if (name.equals(MANIFEST)) {
            if (manifest != null) {
              throw new IOException("refusing the archive: it holds two manifests");
            }
            if (entry.getSize() > 1L << 30) {
              throw new IOException("refusing the archive: its manifest is implausibly large");
            }
            manifest = tar.readAllBytes();
            continue;
          }
          if (name.equals(SIGNATURE)) {
            if (signature != null || entry.getSize() > 64 * 1024) {
              throw new IOException("refusing the archive: its " + SIGNATURE + " is doubled or implausibly large");
            }
            signature = tar.readAllBytes();
            continue;
          }
          PhotoKey key = keyOf(name);
          if (key == null) {
            throw new IOException("refusing the archive: entry " + printable(name)
                + " is not a photo key (photos/{id}/{size}.{ext})");
          }
          if (files.containsKey(key)) {
            throw new IOException("refusing the archive: " + key + " appears twice");
          }
          // staged under a name made from the parsed key, never from the entry's text
          Path target = staging.resolve(key.photoId() + "-" + key.fileName());
          MessageDigest sha = sha256();
          MessageDigest md5 = md5();
          try (InputStream body = new DigestInputStream(new DigestInputStream(tar, md5), sha) {
            @Override
            public void close() {} // the tar stream stays open for the next entry
          }) {
            Files.copy(body, target, StandardCopyOption.REPLACE_EXISTING);
          }
          hashes.put(key, HexFormat.of().formatHex(sha.digest()));
          md5s.put(key, HexFormat.of().formatHex(md5.digest())); // an S3 store sends it as Content-MD5
          files.put(key, target);
          bytes += Files.size(target);
          progress.accept(1);
        }
      }
      if (manifest == null) {
        throw new IOException("refusing the archive: it has no " + MANIFEST + " (not a photo pack, or cut short)");
      }
      if (signatures != null) {
        ManifestSignature.Found found = signature == null ? new ManifestSignature.Missing()
            : ManifestSignature.parse(signature, manifest, SIGNATURE);
        SignaturePolicy.Verdict verdict = signatures.check(found, MANIFEST);
        if (!verdict.accepted()) {
          throw new IOException("refusing the archive, nothing was published: " + verdict.message());
        }
        if (verdict.loud()) {
          warn.accept(verdict.message());
        }
      }
      check(parseManifest(new String(manifest, StandardCharsets.UTF_8)), hashes);
      for (Map.Entry<PhotoKey, Path> f : files.entrySet()) {
        store.put(f.getKey(), f.getValue(), md5s.get(f.getKey()));
        progress.accept(1);
      }
      return new Result(files.size(), bytes, 0);
    } finally {
      deleteStaging(staging);
    }
  }

  /** The key of an archive entry, or null when the name is anything but exactly {@code photos/{id}/{size}.{ext}}. */
  static PhotoKey keyOf(String entryName) {
    String[] parts = entryName.split("/", -1);
    if (parts.length != 3 || !parts[0].equals("photos")) {
      return null;
    }
    PhotoKey key = PhotoKey.parse(parts[1], parts[2]);
    return key != null && key.bucketKey().equals(entryName) ? key : null; // "007" is not "7"
  }

  private static Map<PhotoKey, String> parseManifest(String text) throws IOException {
    Map<PhotoKey, String> sums = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : text.split("\n")) {
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      int sep = line.indexOf("  ");
      PhotoKey key = sep == 64 ? keyOf(line.substring(66)) : null;
      if (key == null || !line.substring(0, 64).matches("[0-9a-f]{64}")) {
        throw new IOException("refusing the archive: manifest line " + lineNo + " is not \"sha256  photos/{id}/{size}.{ext}\"");
      }
      sums.put(key, line.substring(0, 64));
    }
    return sums;
  }

  private static void check(Map<PhotoKey, String> expected, Map<PhotoKey, String> actual) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<PhotoKey, String> e : expected.entrySet()) {
      String got = actual.get(e.getKey());
      if (got == null) {
        problems.add(e.getKey() + " is in the manifest but not in the archive");
      } else if (!got.equals(e.getValue())) {
        problems.add(e.getKey() + " does not match its sha256");
      }
    }
    for (PhotoKey k : actual.keySet()) {
      if (!expected.containsKey(k)) {
        problems.add(k + " is in the archive but not in the manifest");
      }
    }
    if (!problems.isEmpty()) {
      throw new IOException("refusing the archive, nothing was published: " + problems.size() + " problem(s): "
          + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
          + (problems.size() > 5 ? "; ..." : ""));
    }
  }

  private static String printable(String name) {
    return "\"" + org.refugium.text.SafeText.of(name, 120) + "\"";
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteStaging(Path staging) throws IOException {
    if (!Files.exists(staging)) {
      return;
    }
    try (var files = Files.list(staging)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(staging);
  }
}
