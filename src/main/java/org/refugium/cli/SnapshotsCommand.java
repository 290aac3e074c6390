package org.refugium.cli;

import java.nio.file.Files;
import java.util.concurrent.Callable;
import org.refugium.snapshot.Manifest;
import org.refugium.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** refugium snapshots: list the published snapshots, switch the current one. */
@Command(name = "snapshots", mixinStandardHelpOptions = true, description = "Lists and switches snapshots.",
    subcommands = {SnapshotsCommand.ListSnapshots.class, SnapshotsCommand.UseSnapshot.class,
        SnapshotsCommand.VerifySnapshot.class, SnapshotsCommand.Rollback.class, SnapshotsCommand.Prune.class,
        SnapshotsCommand.Diff.class, SnapshotsCommand.Pack.class, SnapshotsCommand.Unpack.class,
        SnapshotsCommand.Sign.class, SnapshotsPullCommand.class})
final class SnapshotsCommand implements Callable<Integer> {

  @Mixin
  DataDirOption data;

  @Override
  public Integer call() throws Exception {
    return new ListSnapshots().list(data.store());
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the published snapshots.")
  static final class ListSnapshots implements Callable<Integer> {
    @Mixin
    DataDirOption data;

    @Override
    public Integer call() throws Exception {
      return list(data.store());
    }

    int list(SnapshotStore store) throws Exception {
      String current = store.currentName().orElse("");
      System.out.printf("  %-28s %-12s %14s %12s %10s  %s%n", "name", "export date", "observations", "taxa", "size",
          "imported");
      for (String name : store.list()) {
        Manifest m = Manifest.read(store.dir(name).resolve(Manifest.FILE_NAME));
        long size = m.files() == null ? 0 : m.files().stream().mapToLong(Manifest.FileEntry::size).sum();
        System.out.printf("%s %-28s %-12s %14d %12d %10s  %s%n", name.equals(current) ? "*" : " ", name,
            m.exportDate() == null ? "-" : m.exportDate(), m.counts().getOrDefault("observations", 0L),
            m.counts().getOrDefault("taxa", 0L), org.refugium.progress.Format.bytes(size), m.finishedAt());
      }
      return 0;
    }
  }

  @Command(name = "use", mixinStandardHelpOptions = true,
      description = {"Verifies a published snapshot in full, then makes it current (one atomic rename).",
          "A running server picks the switch up by itself."})
  static final class UseSnapshot implements Callable<Integer> {
    @Mixin
    DataDirOption data;

    @Parameters(paramLabel = "NAME")
    String name;

    @picocli.CommandLine.Option(names = "--no-verify", description = "Switch without re-hashing (not recommended).")
    boolean noVerify;

    @picocli.CommandLine.Option(names = "--allow-unsigned", description = ALLOW_UNSIGNED)
    boolean allowUnsigned;

    @Override
    public Integer call() throws Exception {
      SnapshotStore store = data.store();
      if (!Files.isRegularFile(store.dir(name).resolve(Manifest.FILE_NAME))) {
        throw new FriendlyErrors.UserError("no published snapshot named " + name + " in " + store.root());
      }
      // checked even with --no-verify: the signature is cheap, and it is what says who made the snapshot
      if (!signatureAccepted(store, name, allowUnsigned)) {
        System.out.println("CURRENT is unchanged");
        return 1;
      }
      if (!noVerify) {
        var problems = verifier().verify(store.dir(name), Manifest.read(store.dir(name).resolve(Manifest.FILE_NAME)),
            org.refugium.snapshot.SnapshotVerifier.Depth.FULL);
        org.refugium.snapshot.VerifyRecord.of(name, org.refugium.snapshot.SnapshotVerifier.Depth.FULL, problems)
            .save(store);
        if (!problems.isEmpty()) {
          System.out.println("snapshot " + name + " failed verification; CURRENT is unchanged:");
          problems.forEach(p -> System.out.println("  - " + p));
          return 1;
        }
      }
      store.setCurrent(name);
      System.out.println("CURRENT is now " + name);
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Re-hashes every file of a snapshot against its manifest, runs SQLite's integrity_check and"
          + " Lucene's CheckIndex. Exit code 1 and a report on any mismatch."})
  static final class VerifySnapshot implements Callable<Integer> {
    @Mixin
    DataDirOption data;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Snapshot to verify (default: the current one).")
    String name;

    @picocli.CommandLine.Option(names = "--allow-unsigned", description = ALLOW_UNSIGNED)
    boolean allowUnsigned;

    @Override
    public Integer call() throws Exception {
      SnapshotStore store = data.store();
      String target = name != null ? name : store.currentName()
          .orElseThrow(() -> new FriendlyErrors.UserError("no current snapshot in " + store.root()));
      java.nio.file.Path dir = store.dir(target);
      if (!Files.isRegularFile(dir.resolve(Manifest.FILE_NAME))) {
        throw new FriendlyErrors.UserError("no published snapshot named " + target + " in " + store.root());
      }
      Manifest manifest = Manifest.read(dir.resolve(Manifest.FILE_NAME));
      var problems = new java.util.ArrayList<>(new org.refugium.snapshot.SnapshotVerifier(System.err)
          .verify(dir, manifest, org.refugium.snapshot.SnapshotVerifier.Depth.FULL));
      var signed = org.refugium.snapshot.SignaturePolicy.of(store, allowUnsigned).check(dir);
      if (!signed.accepted()) {
        problems.add(0, "signature: " + signed.message());
      } else {
        System.out.println((signed.loud() ? "" : "signature: ") + signed.message());
      }
      org.refugium.snapshot.VerifyRecord.of(target, org.refugium.snapshot.SnapshotVerifier.Depth.FULL, problems)
          .save(store);
      if (problems.isEmpty()) {
        System.out.println("snapshot " + target + ": OK (" + manifest.files().size() + " files re-hashed,"
            + " SQLite integrity_check ok, Lucene indexes clean)");
        return 0;
      }
      System.out.println("snapshot " + target + ": FAILED verification");
      problems.forEach(p -> System.out.println("  - " + p));
      return 1;
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Makes the previously current snapshot current again.")
  static final class Rollback implements Callable<Integer> {
    @Mixin
    DataDirOption data;

    @Override
    public Integer call() throws Exception {
      String name = data.store().rollback()
          .orElseThrow(() -> new FriendlyErrors.UserError("no earlier snapshot to roll back to"));
      System.out.println("CURRENT is now " + name);
      return 0;
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = "Deletes all but the newest N snapshots; never the current one.")
  static final class Prune implements Callable<Integer> {
    @Mixin
    DataDirOption data;

    @picocli.CommandLine.Option(names = "--keep", required = true, paramLabel = "N")
    int keep;

    @Override
    public Integer call() throws Exception {
      var removed = data.store().prune(keep);
      System.out.println(removed.isEmpty() ? "nothing to prune" : "removed " + String.join(", ", removed));
      return 0;
    }
  }

  static final String ALLOW_UNSIGNED = "Accept a snapshot that is unsigned or signed by a key this node does not"
      + " trust (a signature by a trusted key that does not match is refused all the same).";

  /** Prints the signature verdict; false when the snapshot must be refused. */
  static boolean signatureAccepted(SnapshotStore store, String name, boolean allowUnsigned) throws Exception {
    var signed = org.refugium.snapshot.SignaturePolicy.of(store, allowUnsigned).check(store.dir(name));
    if (!signed.accepted()) {
      System.out.println("snapshot " + name + " is refused: " + signed.message());
    } else if (signed.loud()) {
      System.err.println(signed.message());
    }
    return signed.accepted();
  }

  static org.refugium.snapshot.SnapshotVerifier verifier() {
    return new org.refugium.snapshot.SnapshotVerifier(System.err);
  }

  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "What changed between two snapshots: observations (matched by UUID or iNaturalist id) and taxa.")
  static final class Diff implements Callable<Integer> {
    @Mixin
    DataDirOption data;

    @Parameters(index = "0", paramLabel = "OLDER")
    String older;

    @Parameters(index = "1", paramLabel = "NEWER")
    String newer;

    @Override
    public Integer call() throws Exception {
      SnapshotStore store = data.store();
      for (String n : new String[] {older, newer}) {
        if (!store.exists(n)) {
          throw new FriendlyErrors.UserError("no snapshot named " + n + " in " + store.root());
        }
      }
      System.out.println("Changes from " + older + " to " + newer + ":");
      org.refugium.snapshot.SnapshotDiff.compare(store.dir(older), store.dir(newer))
          .forEach((what, n) -> System.out.printf("  %-44s %12d%n", what, n));
      return 0;
    }
  }

  @Command(name = "pack", mixinStandardHelpOptions = true,
      description = "Verifies a snapshot, then writes it as one tar file to carry to another node (see docs/replication.md).")
  static final class Pack implements Callable<Integer> {
    @Mixin
    DataDirOption data;

    @Parameters(paramLabel = "NAME")
    String name;

    @picocli.CommandLine.Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE")
    java.nio.file.Path out;

    @Override
    public Integer call() throws Exception {
      SnapshotStore store = data.store();
      java.nio.file.Path dir = store.dir(name);
      if (!Files.isRegularFile(dir.resolve(Manifest.FILE_NAME))) {
        throw new FriendlyErrors.UserError("no published snapshot named " + name + " in " + store.root());
      }
      var problems = verifier().verify(dir, Manifest.read(dir.resolve(Manifest.FILE_NAME)),
          org.refugium.snapshot.SnapshotVerifier.Depth.FULL);
      if (!problems.isEmpty()) {
        throw new FriendlyErrors.UserError("snapshot " + name + " failed verification, not packing it: " + problems);
      }
      var signed = org.refugium.snapshot.SignaturePolicy.of(store, true).check(dir);
      if (signed.loud()) {
        System.err.println("snapshot " + name + ": " + signed.message() + "; nodes that trust keys will refuse this"
            + " pack (refugium snapshots sign " + name + ")");
      }
      org.refugium.snapshot.SnapshotPacker.pack(dir, out);
      System.out.println("packed " + name + " into " + out + " (" + org.refugium.progress.Format.bytes(Files.size(out))
          + "); on the other node: refugium snapshots unpack " + out.getFileName());
      return 0;
    }
  }

  @Command(name = "sign", mixinStandardHelpOptions = true,
      description = {"Verifies a snapshot in full, then signs its manifest with this node's key (snapshots imported"
          + " before signatures existed, or re-signing with a new key; see docs/replication.md)."})
  static final class Sign implements Callable<Integer> {
    @Mixin
    DataDirOption data;

    @Parameters(paramLabel = "NAME")
    String name;

    @picocli.CommandLine.Option(names = "--sign-with", paramLabel = "KEY",
        description = "Private key to sign with (default: this node's only key).")
    String signWith;

    @Override
    public Integer call() throws Exception {
      SnapshotStore store = data.store();
      java.nio.file.Path dir = store.dir(name);
      if (!Files.isRegularFile(dir.resolve(Manifest.FILE_NAME))) {
        throw new FriendlyErrors.UserError("no published snapshot named " + name + " in " + store.root());
      }
      var keys = org.refugium.snapshot.Keyring.of(store);
      if (signWith == null && keys.privateNames().isEmpty()) {
        throw new FriendlyErrors.UserError("this node holds no private key: refugium keys generate --name NAME");
      }
      // what is signed must first be what the manifest says: a signature vouches for the files, not just the text
      var problems = verifier().verify(dir, Manifest.read(dir.resolve(Manifest.FILE_NAME)),
          org.refugium.snapshot.SnapshotVerifier.Depth.FULL);
      if (!problems.isEmpty()) {
        System.out.println("snapshot " + name + " failed verification, not signing it:");
        problems.forEach(p -> System.out.println("  - " + p));
        return 1;
      }
      org.refugium.snapshot.ManifestSignature.Signer signer;
      try {
        signer = keys.signerForImport(signWith, System.err::println);
      } catch (java.io.IOException | IllegalArgumentException e) {
        throw new FriendlyErrors.UserError(e.getMessage());
      }
      org.refugium.snapshot.ManifestSignature.sign(dir, signer);
      System.out.println("signed snapshot " + name + " with key " + signer.name());
      return 0;
    }
  }

  @Command(name = "unpack", mixinStandardHelpOptions = true,
      description = {"Extracts a packed snapshot, checks its signature against keys/trusted/ and every checksum, and"
          + " publishes it (CURRENT unchanged unless --use)."})
  static final class Unpack implements Callable<Integer> {
    @Mixin
    DataDirOption data;

    @Parameters(paramLabel = "FILE")
    java.nio.file.Path file;

    @picocli.CommandLine.Option(names = "--use", description = "Make the unpacked snapshot current.")
    boolean use;

    @picocli.CommandLine.Option(names = "--allow-unsigned", description = ALLOW_UNSIGNED)
    boolean allowUnsigned;

    @Override
    public Integer call() throws Exception {
      SnapshotStore store = data.store();
      String name;
      try {
        name = org.refugium.snapshot.SnapshotPacker.unpack(file, store, verifier(),
            org.refugium.snapshot.SignaturePolicy.of(store, allowUnsigned));
      } catch (java.io.IOException e) {
        throw new FriendlyErrors.UserError(e.getMessage());
      }
      System.out.println("unpacked and verified snapshot " + name);
      if (use) {
        store.setCurrent(name);
        System.out.println("CURRENT is now " + name);
      }
      return 0;
    }
  }
}
