package org.refugium.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.api.ApiConfig;
import org.refugium.cli.Refugium;
import org.refugium.snapshot.Keyring;
import org.refugium.snapshot.Manifest;
import org.refugium.snapshot.ManifestSignature;
import org.refugium.snapshot.SignaturePolicy;
import org.refugium.snapshot.SnapshotFiles;
import org.refugium.snapshot.SnapshotPacker;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.snapshot.SnapshotVerifier;
import org.refugium.testing.SharedData;
import org.refugium.web.WebConfig;

/**
 * Issue #16 items 7 and 8: a snapshot says who made it. Real imports, real Ed25519 keys from the JDK, real tar
 * packs and a real server; each tampered copy first passes the checksum verification (which is why checksums alone
 * were not enough) and is then refused for its signature.
 */
class SnapshotSigningTest {

  @TempDir
  static Path dir;
  static Path nodeA;
  static SnapshotStore storeA;
  static final ObjectMapper JSON = new ObjectMapper();
  static final SnapshotVerifier VERIFIER = new SnapshotVerifier(new PrintStream(OutputStream.nullOutputStream()));

  /** Node A imports through the command line, as an operator would: the first import creates the node's key. */
  @BeforeAll
  static void importOnNodeA() throws Exception {
    nodeA = dir.resolve("node-a");
    int code = cli("import", "--data-dir", nodeA.toString(), "--open-data", SharedData.openDataSample().toString(),
        "--name", "s1");
    assertThat(code).isZero();
    storeA = new SnapshotStore(nodeA);
  }

  static int cli(String... args) {
    return Refugium.commandLine().execute(args);
  }

  @Test
  void theFirstImportCreatesAPrivateKeyAndSignsTheManifest() throws Exception {
    Keyring keys = Keyring.of(storeA);
    assertThat(keys.privateNames()).hasSize(1);
    String signer = keys.privateNames().get(0);
    assertThat(signer).startsWith("node");
    Path key = keys.privateDir().resolve(signer + ".key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(keys.trusted()).containsOnlyKeys(signer);

    Path sig = storeA.dir("s1").resolve(ManifestSignature.FILE_NAME);
    assertThat(JSON.readTree(sig.toFile()).get("signer").asText()).isEqualTo(signer);
    SignaturePolicy.Verdict v = SignaturePolicy.of(storeA, false).check(storeA.dir("s1"));
    assertThat(v.accepted()).as(v.message()).isTrue();
    assertThat(v.message()).isEqualTo("signed by trusted key " + signer);
    // the full verification accepts the signature file as part of the snapshot
    assertThat(VERIFIER.verify(storeA.dir("s1"), manifestOf(storeA.dir("s1")), SnapshotVerifier.Depth.FULL)).isEmpty();
    assertThat(cli("snapshots", "verify", "--data-dir", nodeA.toString(), "s1")).isZero();
  }

  @Test
  void fakeCountsInTheManifestAreRefusedThoughEveryChecksumMatches() throws Exception {
    Path fake = copySnapshot(storeA.dir("s1"), nodeA.resolve("fake-counts"));
    ObjectNode manifest = (ObjectNode) JSON.readTree(fake.resolve(Manifest.FILE_NAME).toFile());
    long real = manifest.get("counts").get("observations").asLong();
    ((ObjectNode) manifest.get("counts")).put("observations", real + 1_000_000);
    manifest.put("exportDate", "2031-01-01");
    rehash(fake, manifest);
    assertThat(VERIFIER.verify(fake, manifestOf(fake), SnapshotVerifier.Depth.FULL))
        .as("the checksums alone cannot tell").isEmpty();

    SignaturePolicy.Verdict v = SignaturePolicy.of(storeA, true).check(fake);
    assertThat(v.accepted()).as("a trusted signer's signature that does not match is refused even with"
        + " --allow-unsigned").isFalse();
    assertThat(v.message()).contains("does not match manifest.json");
    assertThat(cli("snapshots", "verify", "--data-dir", nodeA.toString(), "fake-counts")).isEqualTo(1);
    assertThat(cli("snapshots", "use", "--data-dir", nodeA.toString(), "--allow-unsigned", "fake-counts")).isEqualTo(1);
    assertThat(storeA.currentName()).contains("s1");
  }

  @Test
  void aPackAlteredAndResignedWithAnUntrustedKeyIsRefusedOnUnpack() throws Exception {
    Path nodeB = trustingNode("node-b-forged");
    // Mallory alters a file, re-hashes the manifest so every checksum matches, and signs with her own key,
    // once under her own name and once under the name of node A's key
    Keyring mallory = new Keyring(dir.resolve("mallory-keys"));
    String nameOfA = Keyring.of(storeA).privateNames().get(0);
    mallory.generate("mallory");
    mallory.generate(nameOfA);
    for (String as : new String[] {"mallory", nameOfA}) {
      Path forged = copySnapshot(storeA.dir("s1"), dir.resolve("forged-" + as).resolve("s1"));
      Files.write(forged.resolve("rejects.tsv.gz"), new byte[] {0x1f, (byte) 0x8b, 'x'});
      rehash(forged, (ObjectNode) JSON.readTree(forged.resolve(Manifest.FILE_NAME).toFile()));
      ManifestSignature.sign(forged, new ManifestSignature.Signer(as, mallory.privateKey(as).orElseThrow()));
      assertThat(VERIFIER.verify(forged, manifestOf(forged), SnapshotVerifier.Depth.FULL)).isEmpty();
      Path tar = dir.resolve("forged-" + as + ".tar");
      SnapshotPacker.pack(forged, tar);

      assertThat(cli("snapshots", "unpack", "--data-dir", nodeB.toString(), tar.toString())).isEqualTo(1);
      assertThat(new SnapshotStore(nodeB).list()).isEmpty();
      assertThatThrownBy(() -> SnapshotPacker.unpack(tar, new SnapshotStore(nodeB), VERIFIER))
          .hasMessageContaining("refused").hasMessageContaining(as.equals("mallory") ? "does not trust"
              : "does not match");
    }
    // the operator's opt-out accepts an unknown signer, never a forged signature of a trusted one
    assertThat(cli("snapshots", "unpack", "--data-dir", nodeB.toString(), "--allow-unsigned",
        dir.resolve("forged-" + nameOfA + ".tar").toString())).isEqualTo(1);
    assertThat(cli("snapshots", "unpack", "--data-dir", nodeB.toString(), "--allow-unsigned",
        dir.resolve("forged-mallory.tar").toString())).isZero();
    assertThat(new SnapshotStore(nodeB).list()).containsExactly("s1");
  }

  @Test
  void theGenuinePackUnpacksOnANodeThatTrustsItsSigner() throws Exception {
    Path nodeB = trustingNode("node-b-genuine");
    Path tar = dir.resolve("genuine.tar");
    SnapshotPacker.pack(storeA.dir("s1"), tar);
    // what is not an Ed25519 public key is not trusted (a manifest, here), and nothing is written
    assertThat(cli("keys", "trust", "--data-dir", nodeB.toString(), "--name", "junk",
        storeA.dir("s1").resolve(Manifest.FILE_NAME).toString())).isEqualTo(1);
    assertThat(Keyring.of(new SnapshotStore(nodeB)).trusted()).doesNotContainKey("junk");
    assertThat(cli("snapshots", "unpack", "--data-dir", nodeB.toString(), "--use", tar.toString())).isZero();
    assertThat(new SnapshotStore(nodeB).currentName()).contains("s1");
  }

  @Test
  void anUnsignedSnapshotIsRefusedWhereKeysAreTrustedUnlessAllowed() throws Exception {
    Path unsigned = copySnapshot(storeA.dir("s1"), dir.resolve("unsigned").resolve("s1"));
    Files.delete(unsigned.resolve(ManifestSignature.FILE_NAME));
    Path tar = dir.resolve("unsigned.tar");
    SnapshotPacker.pack(unsigned, tar);

    Path nodeB = trustingNode("node-b-unsigned");
    assertThatThrownBy(() -> SnapshotPacker.unpack(tar, new SnapshotStore(nodeB), VERIFIER))
        .hasMessageContaining("not signed");
    assertThat(cli("snapshots", "unpack", "--data-dir", nodeB.toString(), tar.toString())).isEqualTo(1);
    assertThat(cli("snapshots", "unpack", "--data-dir", nodeB.toString(), "--allow-unsigned", tar.toString()))
        .isZero();
    assertThat(cli("snapshots", "use", "--data-dir", nodeB.toString(), "s1")).isEqualTo(1);
    assertThat(new SnapshotStore(nodeB).currentName()).isEmpty();
    assertThat(cli("snapshots", "use", "--data-dir", nodeB.toString(), "--allow-unsigned", "s1")).isZero();

    // a node that trusts no key at all cannot check: it accepts, and says so
    SnapshotStore bare = new SnapshotStore(dir.resolve("node-c"));
    assertThat(SnapshotPacker.unpack(tar, bare, VERIFIER)).isEqualTo("s1");
    SignaturePolicy.Verdict v = SignaturePolicy.of(bare, false).check(bare.dir("s1"));
    assertThat(v.accepted()).isTrue();
    assertThat(v.loud()).isTrue();
    assertThat(v.message()).startsWith("WARNING").contains("authenticity is NOT checked");
  }

  /** A snapshot imported before signatures existed: `snapshots sign` vouches for it after a full verification. */
  @Test
  void anOldUnsignedSnapshotIsSignedAfterItVerifies() throws Exception {
    Path old = copySnapshot(storeA.dir("s1"), nodeA.resolve("old-unsigned"));
    Files.delete(old.resolve(ManifestSignature.FILE_NAME));
    assertThat(cli("snapshots", "verify", "--data-dir", nodeA.toString(), "old-unsigned")).isEqualTo(1);
    assertThat(cli("snapshots", "sign", "--data-dir", nodeA.toString(), "old-unsigned")).isZero();
    assertThat(cli("snapshots", "verify", "--data-dir", nodeA.toString(), "old-unsigned")).isZero();
    try (Stream<Path> left = Files.list(nodeA)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".sig.tmp"));
    }

    Path damaged = copySnapshot(storeA.dir("s1"), nodeA.resolve("old-damaged"));
    Files.delete(damaged.resolve(ManifestSignature.FILE_NAME));
    Files.write(damaged.resolve("rejects.tsv.gz"), new byte[] {1, 2, 3});
    assertThat(cli("snapshots", "sign", "--data-dir", nodeA.toString(), "old-damaged")).isEqualTo(1);
    assertThat(damaged.resolve(ManifestSignature.FILE_NAME)).doesNotExist();
  }

  @Test
  void theServerRefusesToSwitchToAnUnsignedSnapshotAndToStartOnOne() throws Exception {
    Path nodeS = dir.resolve("node-serving");
    copySnapshot(storeA.dir("s1"), nodeS.resolve("s1"));
    copyTree(nodeA.resolve(Keyring.DIR).resolve("trusted"), nodeS.resolve(Keyring.DIR).resolve("trusted"));
    Path unsigned = copySnapshot(storeA.dir("s1"), nodeS.resolve("s2"));
    Files.delete(unsigned.resolve(ManifestSignature.FILE_NAME));
    SnapshotStore store = new SnapshotStore(nodeS);
    store.setCurrent("s1");
    HttpClient http = HttpClient.newHttpClient();
    try (NodeServer server = NodeServer.start("127.0.0.1", 0, store)) {
      store.setCurrent("s2");
      server.checkForSwitch();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
          + "/health")).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode health = JSON.readTree(r.body());
      assertThat(health.get("status").asText()).as(r.body()).isEqualTo("degraded");
      assertThat(health.get("snapshot").asText()).isEqualTo("s1");
      assertThat(health.get("message").asText()).contains("s2").contains("not signed").doesNotContain(nodeS.toString());
    }
    // CURRENT still names the unsigned one: a fresh start refuses it, unless the operator opts out
    assertThatThrownBy(() -> NodeServer.start("127.0.0.1", 0, store)).hasMessageContaining("refusing to serve");
    try (NodeServer server = NodeServer.start("127.0.0.1", 0, store, WebConfig.of(ApiConfig.defaults()), null,
        new NodeServer.Options(2, 0, true))) {
      assertThat(server.port()).isPositive();
    }
  }

  /** A fresh data directory that trusts node A's public key, brought over as an operator would (keys trust). */
  private static Path trustingNode(String name) throws Exception {
    Path node = dir.resolve(name);
    String signer = Keyring.of(storeA).privateNames().get(0);
    Path pub = Keyring.of(storeA).trustedDir().resolve(signer + ".pub");
    Path carried = Files.copy(pub, Files.createDirectories(dir.resolve("usb-" + name)).resolve(signer + ".pub"));
    assertThat(cli("keys", "trust", "--data-dir", node.toString(), carried.toString())).isZero();
    assertThat(Keyring.of(new SnapshotStore(node)).trusted()).containsOnlyKeys(signer);
    assertThat(Keyring.of(new SnapshotStore(node)).privateNames()).isEmpty();
    return node;
  }

  private static Manifest manifestOf(Path snapshot) throws Exception {
    return Manifest.read(snapshot.resolve(Manifest.FILE_NAME));
  }

  /** Writes {@code manifest} back with the sha256 and size of every file as they are now: what a forger does. */
  private static void rehash(Path snapshot, ObjectNode manifest) throws Exception {
    manifest.set("files", JSON.valueToTree(SnapshotFiles.hashAll(snapshot)));
    JSON.writerWithDefaultPrettyPrinter().writeValue(snapshot.resolve(Manifest.FILE_NAME).toFile(), manifest);
  }

  private static Path copySnapshot(Path from, Path to) throws Exception {
    copyTree(from, to);
    return to;
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
