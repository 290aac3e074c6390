package org.refugium.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;

/**
 * Whether a snapshot's manifest signature is good enough to unpack, use or serve it. Once this node trusts any key
 * (keys/trusted/ is not empty: `keys generate`, `keys trust`, or the first `import`, which creates a node key), a
 * snapshot must be signed by a trusted key unless the operator passed {@code --allow-unsigned}. A node that trusts
 * no key at all cannot check anything: it accepts, and every check says so loudly (docs/replication.md). A
 * signature by a trusted key that does not match is refused whatever the options: that is tampering.
 */
public record SignaturePolicy(Keyring keyring, boolean allowUnsigned) {

  /** The outcome: accepted or not, and one line for the operator (no server paths in it: /health shows it). */
  public record Verdict(boolean accepted, boolean loud, String message) {}

  public static SignaturePolicy of(SnapshotStore store, boolean allowUnsigned) {
    return new SignaturePolicy(Keyring.of(store), allowUnsigned);
  }

  public Verdict check(Path snapshot) throws IOException {
    return check(ManifestSignature.read(snapshot), Manifest.FILE_NAME);
  }

  /**
   * The verdict on a signature already read ({@code signedName}: the file it signs, manifest.json or a photo pack's
   * SHA256SUMS, whose signature file is that name plus {@code .sig}).
   */
  public Verdict check(ManifestSignature.Found found, String signedName) throws IOException {
    Map<String, PublicKey> trusted = keyring.trusted();
    if (found instanceof ManifestSignature.Present p) {
      PublicKey key = trusted.get(p.sig().signer());
      if (key != null) {
        return ManifestSignature.verifies(key, p.manifest(), p.signature())
            ? new Verdict(true, false, "signed by trusted key " + p.sig().signer())
            : new Verdict(false, true, "the signature by key " + p.sig().signer() + " does not match "
                + signedName + " (altered after signing)");
      }
      return lenient(trusted, "signed by key " + safe(p.sig().signer()) + ", which this node does not trust");
    }
    String what = found instanceof ManifestSignature.Unreadable u ? "its signature is unreadable: " + u.why()
        : "it is not signed (no " + signedName + ".sig)";
    return lenient(trusted, what);
  }

  private Verdict lenient(Map<String, PublicKey> trusted, String what) {
    if (trusted.isEmpty()) {
      return new Verdict(true, true, "WARNING: " + what + "; this node trusts no key (keys/trusted/ is empty), so"
          + " authenticity is NOT checked: refugium keys trust FILE.pub");
    }
    if (allowUnsigned) {
      return new Verdict(true, true, "WARNING: " + what + "; accepted because of --allow-unsigned");
    }
    return new Verdict(false, true, what + "; trusted keys: " + String.join(", ", trusted.keySet())
        + " (refugium keys trust FILE.pub, or --allow-unsigned)");
  }

  private static String safe(String s) {
    String clean = s.replaceAll("[^A-Za-z0-9._-]", "?");
    return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
  }
}
