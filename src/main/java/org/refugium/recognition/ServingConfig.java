package org.refugium.recognition;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * A bundle's {@code serving.properties}, in DJL's convention (the keys of its
 * ImageClassificationTranslator): {@code engine}, {@code width}, {@code height}, {@code resize},
 * {@code centerCrop}, {@code normalize}, {@code applySoftmax}.
 *
 * <ul>
 *   <li>{@code resize=true, centerCrop=false}: the whole image to width×height (aspect not kept),
 *       which is what the Coral models were measured with (docs/recognition.md);
 *       {@code centerCrop=true}: the largest centred square first.</li>
 *   <li>{@code normalize}: {@code model} = the model normalises itself (TFLite: the input tensor's
 *       quantisation); {@code false} = 0..1; {@code true} = ImageNet mean/std (DJL's default); or six
 *       numbers {@code m1,m2,m3,s1,s2,s3} applied to 0..1 values ({@code 0.5,...} gives [-1, 1]).</li>
 *   <li>{@code applySoftmax=true}: the model outputs logits; {@code false}: probabilities.</li>
 * </ul>
 */
public record ServingConfig(String engine, int width, int height, boolean centerCrop,
    float[] mean, float[] std, boolean applySoftmax) {

  public static final String FILE = "serving.properties";
  static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
  static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  /** TFLite bundles: 224 px whole-image resize, the model's own quantisation, probabilities out. */
  public static ServingConfig tflite(int size) {
    return new ServingConfig("TFLite", size, size, false, null, null, false);
  }

  public static ServingConfig read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    int width = Integer.parseInt(p.getProperty("width", "224").strip());
    int height = Integer.parseInt(p.getProperty("height", String.valueOf(width)).strip());
    String normalize = p.getProperty("normalize", "model").strip().toLowerCase(Locale.ROOT);
    float[] mean = null;
    float[] std = null;
    switch (normalize) {
      case "model" -> { }
      case "false" -> {
        mean = new float[] {0, 0, 0};
        std = new float[] {1, 1, 1};
      }
      case "true" -> {
        mean = IMAGENET_MEAN;
        std = IMAGENET_STD;
      }
      default -> {
        String[] parts = normalize.split(",");
        if (parts.length != 6) {
          throw new IllegalArgumentException(file + ": normalize must be model, true, false or six numbers"
              + " m1,m2,m3,s1,s2,s3; is " + normalize);
        }
        mean = new float[3];
        std = new float[3];
        for (int i = 0; i < 3; i++) {
          mean[i] = Float.parseFloat(parts[i].strip());
          std[i] = Float.parseFloat(parts[i + 3].strip());
        }
      }
    }
    return new ServingConfig(p.getProperty("engine", "PyTorch").strip(), width, height,
        Boolean.parseBoolean(p.getProperty("centerCrop", "false").strip()), mean, std,
        Boolean.parseBoolean(p.getProperty("applySoftmax", "false").strip()));
  }

  public void write(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("# DJL serving conventions; see docs/recognition.md\n");
      w.write("engine=" + engine + "\n");
      w.write("width=" + width + "\nheight=" + height + "\n");
      w.write("resize=true\ncenterCrop=" + centerCrop + "\n");
      w.write("normalize=" + normalizeText() + "\n");
      w.write("applySoftmax=" + applySoftmax + "\n");
    }
  }

  private String normalizeText() {
    if (mean == null) {
      return "model";
    }
    return mean[0] + "," + mean[1] + "," + mean[2] + "," + std[0] + "," + std[1] + "," + std[2];
  }

  Preprocessor.Mode mode() {
    return centerCrop ? Preprocessor.Mode.CENTER_CROP : Preprocessor.Mode.RESIZE;
  }
}
