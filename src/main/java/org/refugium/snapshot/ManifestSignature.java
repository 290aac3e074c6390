package org.refugium.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * {@code manifest.json.sig} beside a snapshot's manifest: the signer's key name and an Ed25519 signature over the
 * exact bytes of manifest.json. The manifest lists the sha256 of every other file, so one signature covers the whole
 * snapshot, manifest.json's own counts and dates included (what Debian's Release.gpg does for a Release file).
 */
public final class ManifestSignature {

  public static final String FILE_NAME = "manifest.json.sig";
  public static final String ALGORITHM = "Ed25519";
  private static final long MAX_BYTES = 64 * 1024;
  private static final long MAX_MANIFEST_BYTES = 256L * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

  /** The file's content. */
  public record Sig(String signer, String algorithm, String signature) {}

  /** A signer: the key's name (what verifiers look up in trusted/) and the private key. */
  public record Signer(String name, PrivateKey key) {}

  private ManifestSignature() {}

  /** Signs {@code snapshot}/manifest.json as it is now; written last, after the manifest is final. */
  public static void sign(Path snapshot, Signer signer) throws IOException {
    byte[] sig = signatureFile(Files.readAllBytes(snapshot.resolve(Manifest.FILE_NAME)), signer);
    // written beside the snapshot and renamed into it: a published snapshot never shows a half-written signature
    Path tmp = snapshot.resolveSibling("." + snapshot.getFileName() + ".sig.tmp-" + ProcessHandle.current().pid());
    Files.write(tmp, sig);
    Files.move(tmp, snapshot.resolve(FILE_NAME), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * The content of a signature file over {@code signed} (any exact bytes: a snapshot's manifest.json, a photo
   * pack's SHA256SUMS): the same JSON wherever it is kept, so one verifier reads both.
   */
  public static byte[] signatureFile(byte[] signed, Signer signer) throws IOException {
    byte[] signature;
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(signer.key());
      s.update(signed);
      signature = s.sign();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot sign with key " + signer.name() + ": " + e.getMessage(), e);
    }
    return JSON.writeValueAsBytes(new Sig(signer.name(), ALGORITHM, Base64.getEncoder().encodeToString(signature)));
  }

  /** What {@link #read} found. */
  public sealed interface Found {}

  public record Missing() implements Found {}

  public record Unreadable(String why) implements Found {}

  public record Present(Sig sig, byte[] signature, byte[] manifest) implements Found {}

  /** Reads the signature and the manifest bytes, never following links or opening anything but regular files. */
  public static Found read(Path snapshot) throws IOException {
    Path sigFile = snapshot.resolve(FILE_NAME);
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(sigFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return new Missing();
    }
    if (!a.isRegularFile() || a.size() > MAX_BYTES) {
      return new Unreadable(FILE_NAME + " is not a small regular file");
    }
    Path manifestFile = snapshot.resolve(Manifest.FILE_NAME);
    BasicFileAttributes m;
    try {
      m = Files.readAttributes(manifestFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return new Unreadable("there is no " + Manifest.FILE_NAME);
    }
    if (!m.isRegularFile() || m.size() > MAX_MANIFEST_BYTES) {
      return new Unreadable(Manifest.FILE_NAME + " is not a regular file of a sane size");
    }
    return parse(Files.readAllBytes(sigFile), Files.readAllBytes(manifestFile), FILE_NAME);
  }

  /**
   * A signature file's content read against the exact bytes it claims to sign ({@code sigName}: what messages call
   * the signature file). Whether it verifies, and by whom, is {@link SignaturePolicy}'s question.
   */
  public static Found parse(byte[] sigFile, byte[] signed, String sigName) {
    if (sigFile.length > MAX_BYTES) {
      return new Unreadable(sigName + " is not a small file");
    }
    Sig sig;
    byte[] signature;
    try {
      sig = JSON.readValue(sigFile, Sig.class);
      if (sig.signer() == null || sig.signature() == null || !ALGORITHM.equals(sig.algorithm())) {
        return new Unreadable(sigName + " lacks a signer or an Ed25519 signature");
      }
      signature = Base64.getDecoder().decode(sig.signature());
    } catch (IOException | IllegalArgumentException e) {
      return new Unreadable(sigName + " is not a signature file (JSON with signer, algorithm, signature)");
    }
    return new Present(sig, signature, signed);
  }

  static boolean verifies(PublicKey key, byte[] manifest, byte[] signature) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(manifest);
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false; // a key of another kind, a signature of the wrong length: it does not verify
    }
  }
}
