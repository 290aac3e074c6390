package org.refugium.recognition;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An installed model bundle: a directory with the model, its labels, {@code serving.properties}
 * and {@code bundle.json}. {@link #verify()} re-hashes the files; {@link #load()} opens the
 * classifier (seconds and tens of MB: do it once per process).
 */
public record ModelBundle(Path directory, BundleManifest manifest, ServingConfig serving) {

  public static ModelBundle open(Path directory) throws IOException {
    Path json = directory.resolve(BundleManifest.FILE);
    if (!Files.isRegularFile(json)) {
      throw new IOException(directory + " is not a model bundle: it has no " + BundleManifest.FILE);
    }
    BundleManifest m = BundleManifest.read(json);
    Path props = directory.resolve(ServingConfig.FILE);
    ServingConfig serving = Files.isRegularFile(props) ? ServingConfig.read(props) : ServingConfig.tflite(224);
    return new ModelBundle(directory, m, serving);
  }

  public String name() {
    return manifest.name();
  }

  public Path modelFile() {
    return directory.resolve(manifest.model());
  }

  public Path labelsFile() {
    return directory.resolve(manifest.labels());
  }

  /** Problems found (missing file, sha256 mismatch); empty when the bundle is intact. */
  public List<String> verify() throws IOException {
    List<String> problems = new ArrayList<>();
    if (manifest.files() == null || manifest.files().isEmpty()) {
      problems.add("bundle.json lists no files with sha256");
      return problems;
    }
    for (Map.Entry<String, BundleManifest.FileEntry> f : manifest.files().entrySet()) {
      Path p = directory.resolve(f.getKey());
      if (!Files.isRegularFile(p)) {
        problems.add("missing " + f.getKey());
        continue;
      }
      String actual = sha256(p);
      if (!actual.equalsIgnoreCase(f.getValue().sha256())) {
        problems.add(f.getKey() + ": sha256 " + actual + ", expected " + f.getValue().sha256());
      }
    }
    return problems;
  }

  public Classifier load() throws IOException {
    return switch (manifest.format()) {
      case "tflite" -> TfliteClassifier.load(modelFile(), labelsFile());
      case "torchscript" -> TorchScriptClassifier.load(modelFile(), labelsFile(), serving);
      case HeadClassifier.FORMAT -> HeadClassifier.load(directory, modelFile(), labelsFile());
      default -> throw new UnsupportedModelException(name() + ": unknown format " + manifest.format()
          + " (tflite, torchscript or " + HeadClassifier.FORMAT + ")");
    };
  }

  /** Taxon ids aligned with the labels, or null when the bundle matches labels by name. */
  public List<Integer> labelIds() throws IOException {
    if (manifest.labelIds() == null) {
      return null;
    }
    List<Integer> out = new ArrayList<>();
    for (String line : Files.readAllLines(directory.resolve(manifest.labelIds()))) {
      String s = line.strip();
      out.add(s.isEmpty() || s.equals("-") ? null : Integer.valueOf(s));
    }
    return out;
  }

  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Every bundle directory under {@code modelsDir} (sorted by name); none when it does not exist. */
  public static List<ModelBundle> installed(Path modelsDir) throws IOException {
    List<ModelBundle> out = new ArrayList<>();
    if (!Files.isDirectory(modelsDir)) {
      return out;
    }
    try (var dirs = Files.list(modelsDir)) {
      for (Path d : dirs.sorted().toList()) {
        if (Files.isRegularFile(d.resolve(BundleManifest.FILE)) && !d.getFileName().toString().startsWith(".")) {
          out.add(open(d));
        }
      }
    }
    return out;
  }
}
