package org.refugium.recognition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A bundle's {@code bundle.json}: what the model is, where it came from, the sha256 of each file,
 * and which taxa it covers. The same record is a catalogue entry (there {@code files} carry URLs).
 *
 * @param format      {@code tflite} (our reader) or {@code torchscript} (DJL's PyTorch engine)
 * @param model       the model file name in the bundle directory
 * @param labels      the label file: line N is class N
 * @param labelIds    optional file, one iNaturalist taxon id per line aligned with the labels
 *                    (labels are matched by scientific name when it is absent)
 * @param role        {@code species}: its labels are taxa and it scores photos; {@code gate}: a
 *                    general model used only to tell which group a photo shows (see {@link Gate})
 * @param covers      the clade a species bundle knows (e.g. Aves, id 3); null = any taxon
 * @param groups      gate bundles: per clade name, inclusive ranges of class indexes that are that
 *                    clade (ImageNet's bird and insect classes)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(
    String name,
    String version,
    String description,
    String format,
    String model,
    String labels,
    String labelIds,
    String license,
    String sourceUrl,
    Map<String, FileEntry> files,
    String role,
    Clade covers,
    Map<String, List<int[]>> groups,
    String installedAt) {

  public static final String FILE = "bundle.json";
  public static final String SPECIES = "species";
  public static final String GATE = "gate";

  /** @param url where the file can be downloaded (catalogue entries); sha256 as sha256sum prints it */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FileEntry(String sha256, Long size, String url) {}

  /** A clade by iNaturalist taxon id and scientific name (the name is the fallback for other trees). */
  public record Clade(Integer taxonId, String name) {}

  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .enable(SerializationFeature.INDENT_OUTPUT);

  public static BundleManifest read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), BundleManifest.class);
  }

  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }

  public boolean isGate() {
    return GATE.equals(role);
  }

  BundleManifest installed(Map<String, FileEntry> localFiles, String when) {
    return new BundleManifest(name, version, description, format, model, labels, labelIds, license,
        sourceUrl, localFiles, role, covers, groups, when);
  }
}
