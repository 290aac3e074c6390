package org.refugium.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The node's Ed25519 keys under {@code {data-dir}/keys/}, laid out like apt's keyrings: {@code private/NAME.key}
 * (PKCS#8 PEM, mode 0600) signs the manifests this node imports; {@code trusted/NAME.pub} (X.509 PEM) are the
 * signers whose snapshots this node accepts. Only the JDK's own Ed25519 is used: no extra dependency.
 */
public final class Keyring {

  public static final String DIR = "keys";
  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Path root;

  public Keyring(Path root) {
    this.root = root;
  }

  /** The keyring of a data directory. */
  public static Keyring of(SnapshotStore store) {
    return new Keyring(store.root().resolve(DIR));
  }

  public Path privateDir() {
    return root.resolve("private");
  }

  public Path trustedDir() {
    return root.resolve("trusted");
  }

  public static void checkName(String name) {
    if (name == null || !VALID_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("key name must be letters, digits, '.', '_' or '-' (max 64), not: "
          + (name == null ? "nothing" : name.length() > 40 ? name.substring(0, 40) + "…" : name));
    }
  }

  /** A fresh key pair: the private key only this node reads, its public half trusted here at once. */
  public PublicKey generate(String name) throws IOException {
    checkName(name);
    Path key = privateDir().resolve(name + ".key");
    Path pub = trustedDir().resolve(name + ".pub");
    if (Files.exists(key, LinkOption.NOFOLLOW_LINKS) || Files.exists(pub, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException("a key named " + name + " exists already (keys list)");
    }
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
    Files.createDirectories(privateDir());
    Files.createDirectories(trustedDir());
    restrict(privateDir(), "rwx------");
    // created empty with 0600 first, then filled: the key is never readable by others, not even for a moment
    Files.createFile(key);
    restrict(key, "rw-------");
    Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII,
        StandardOpenOption.TRUNCATE_EXISTING);
    Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE_NEW);
    return pair.getPublic();
  }

  private static void restrict(Path p, String perms) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): its ACLs are the operator's business
    }
  }

  /** Copies a public key file into trusted/ under {@code name}; checks first that it is an Ed25519 key. */
  public void trust(Path file, String name) throws IOException {
    checkName(name);
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    parsePublic(text, file.getFileName().toString());
    Files.createDirectories(trustedDir());
    Files.writeString(trustedDir().resolve(name + ".pub"), text, StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE_NEW);
  }

  /** Trusted signers by name. A file that is not a readable Ed25519 key is an error, not silently skipped. */
  public Map<String, PublicKey> trusted() throws IOException {
    Map<String, PublicKey> keys = new TreeMap<>();
    for (Path p : listed(trustedDir(), "*.pub")) {
      String name = strip(p, ".pub");
      keys.put(name, parsePublic(Files.readString(p, StandardCharsets.US_ASCII), "trusted/" + name + ".pub"));
    }
    return keys;
  }

  /** Names of the private keys this node holds. */
  public java.util.List<String> privateNames() throws IOException {
    return listed(privateDir(), "*.key").stream().map(p -> strip(p, ".key")).toList();
  }

  public Optional<PrivateKey> privateKey(String name) throws IOException {
    checkName(name);
    Path p = privateDir().resolve(name + ".key");
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(unpem(Files.readString(p, StandardCharsets.US_ASCII)))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("private/" + name + ".key is not an Ed25519 private key in PKCS#8 PEM");
    }
  }

  /**
   * The key an import signs with: {@code requested} when given (it must exist); else this node's only private key;
   * else a new one named {@code node-HOSTNAME}, created and trusted here, so that a node that imports is protected
   * from its first snapshot on and has a .pub to hand to the nodes it feeds ({@code say} tells the operator).
   */
  public ManifestSignature.Signer signerForImport(String requested, java.util.function.Consumer<String> say)
      throws IOException {
    if (requested != null) {
      return new ManifestSignature.Signer(requested, privateKey(requested).orElseThrow(() -> new IOException(
          "no private key named " + requested + " in " + privateDir() + " (refugium keys generate --name "
              + requested + ")")));
    }
    java.util.List<String> names = privateNames();
    if (names.size() > 1) {
      throw new IOException("this node holds several private keys (" + String.join(", ", names)
          + "): choose one with --sign-with NAME");
    }
    if (names.size() == 1) {
      return new ManifestSignature.Signer(names.get(0), privateKey(names.get(0)).orElseThrow());
    }
    String name = defaultKeyName();
    generate(name);
    say.accept("created signing key " + name + " (" + privateDir().resolve(name + ".key") + ", public half trusted"
        + " in " + trustedDir().resolve(name + ".pub") + "): copy the .pub to the nodes this one feeds and run"
        + " `refugium keys trust` there (docs/replication.md)");
    return new ManifestSignature.Signer(name, privateKey(name).orElseThrow());
  }

  static String defaultKeyName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "";
    }
    host = host.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
    String name = host.isEmpty() ? "node" : "node-" + host;
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  public static PublicKey parsePublic(String pem, String what) throws IOException {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(unpem(pem)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(what + " is not an Ed25519 public key in X.509 PEM (-----BEGIN PUBLIC KEY-----)");
    }
  }

  private static java.util.List<Path> listed(Path dir, String glob) throws IOException {
    if (!Files.isDirectory(dir)) {
      return java.util.List.of();
    }
    java.util.List<Path> out = new java.util.ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
      for (Path p : s) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && VALID_NAME.matcher(strip(p, "")).matches()) {
          out.add(p);
        }
      }
    }
    out.sort(null);
    return out;
  }

  private static String strip(Path p, String suffix) {
    String n = p.getFileName().toString();
    return n.endsWith(suffix) ? n.substring(0, n.length() - suffix.length()) : n;
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  static byte[] unpem(String pem) {
    String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }
}
