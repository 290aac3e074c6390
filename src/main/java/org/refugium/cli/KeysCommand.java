package org.refugium.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.refugium.snapshot.Keyring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** refugium keys: the Ed25519 keys that sign snapshot manifests and those this node trusts (docs/replication.md). */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Signing keys (keys/private/) and trusted public keys (keys/trusted/) of the data directory.",
    subcommands = {KeysCommand.Generate.class, KeysCommand.ListKeys.class, KeysCommand.Trust.class})
final class KeysCommand implements Callable<Integer> {

  @Mixin
  DataDirOption data;

  @Override
  public Integer call() throws Exception {
    return ListKeys.list(Keyring.of(data.store()));
  }

  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = {"Creates an Ed25519 key pair: keys/private/NAME.key (mode 0600) signs what this node imports,"
          + " keys/trusted/NAME.pub is trusted here and is the file to copy to the nodes this one feeds."})
  static final class Generate implements Callable<Integer> {
    @Mixin
    DataDirOption data;

    @Option(names = "--name", required = true, paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws Exception {
      Keyring keys = Keyring.of(data.store());
      try {
        keys.generate(name);
      } catch (java.nio.file.FileAlreadyExistsException | IllegalArgumentException e) {
        throw new FriendlyErrors.UserError(e.getMessage());
      }
      System.out.println("created " + keys.privateDir().resolve(name + ".key") + " (keep it on this node only)");
      System.out.println("trusted " + keys.trustedDir().resolve(name + ".pub")
          + " (copy it to the other nodes: refugium keys trust " + name + ".pub)");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists private and trusted keys.")
  static final class ListKeys implements Callable<Integer> {
    @Mixin
    DataDirOption data;

    @Override
    public Integer call() throws Exception {
      return list(Keyring.of(data.store()));
    }

    static int list(Keyring keys) throws Exception {
      var trusted = keys.trusted();
      var own = keys.privateNames();
      System.out.println("signing keys (private):   " + (own.isEmpty() ? "none" : String.join(", ", own)));
      System.out.println("trusted keys (public):    " + (trusted.isEmpty() ? "none" : String.join(", ",
          trusted.keySet())));
      for (var e : trusted.entrySet()) {
        System.out.printf("  %-32s sha256:%s%n", e.getKey(), fingerprint(e.getValue().getEncoded()));
      }
      if (trusted.isEmpty()) {
        System.out.println("WARNING: no trusted key: snapshots are accepted without checking who made them");
      }
      return 0;
    }

    /** What operators compare by phone or on paper before trusting a .pub that came on a disk. */
    static String fingerprint(byte[] encoded) throws Exception {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(encoded);
      return java.util.HexFormat.of().formatHex(d, 0, 16);
    }
  }

  @Command(name = "trust", mixinStandardHelpOptions = true,
      description = "Copies a public key (NAME.pub, X.509 PEM) into keys/trusted/: snapshots it signed are accepted.")
  static final class Trust implements Callable<Integer> {
    @Mixin
    DataDirOption data;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--name", paramLabel = "NAME", description = "Signer name (default: the file name without .pub;"
        + " it must be the name the signer's node signs with).")
    String name;

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(file)) {
        throw new FriendlyErrors.UserError("no such file: " + file);
      }
      String n = name != null ? name : file.getFileName().toString().replaceFirst("\\.pub$", "");
      Keyring keys = Keyring.of(data.store());
      try {
        keys.trust(file, n);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new FriendlyErrors.UserError("a trusted key named " + n + " exists already; to rotate it, remove "
            + keys.trustedDir().resolve(n + ".pub") + " first or trust the new key under a new name");
      } catch (java.io.IOException | IllegalArgumentException e) {
        throw new FriendlyErrors.UserError(e.getMessage());
      }
      System.out.println("trusted " + n + " (sha256:" + ListKeys.fingerprint(Keyring.parsePublic(
          Files.readString(file), n).getEncoded()) + "): snapshots signed by it are accepted on this node");
      return 0;
    }
  }
}
