package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Decoder edge cases end to end, on the ImageNet model (the camera-trap photos are mammals).
 * ImageNet's MobileNet calls the small distant elephants "impala"; what matters here is that the
 * CMYK and EXIF-rotated copies get the same answer as the original.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeCasePhotosTest {

  private TfliteClassifier imagenet;
  private Prediction original;

  @BeforeAll
  void load() throws Exception {
    imagenet = TfliteClassifier.load(SharedFiles.model("quant"),
        SharedFiles.labels("imagenet_labels.txt"));
    original = classify("african_elephants.jpg").top();
  }

  @AfterAll
  void close() {
    if (imagenet != null) {
      imagenet.close();
    }
  }

  private Classification classify(String photo) throws Exception {
    Classification c = imagenet.classify(SharedFiles.photo("camera-traps/" + photo));
    System.out.println(photo + ": " + c.top(2) + " | " + c.timings());
    return c;
  }

  @Test
  void cmykAndRotatedCopiesGiveTheSameAnswer() throws Exception {
    Prediction cmyk = classify("african_elephants_cmyk.jpg").top();
    assertThat(cmyk.classIndex()).isEqualTo(original.classIndex());
    assertThat(cmyk.probability()).isCloseTo(original.probability(), within(0.1f));
    Prediction rotated = classify("african_elephants_with_exif_orientation.jpg").top();
    assertThat(rotated.classIndex()).isEqualTo(original.classIndex());
    assertThat(rotated.probability()).isCloseTo(original.probability(), within(0.1f));
  }

  @Test
  void greyscaleClassifies() throws Exception {
    Classification c = classify("african_elephants_bw.jpg");
    // No colour to go by (the ImageNet model says "plow"): only check it runs end to end.
    assertThat(c.predictions()).hasSize(1001);
    assertThat(c.top().probability()).isBetween(0f, 1f);
  }

  @Test
  void truncatedFileAndTextAreUnreadable() {
    assertThatThrownBy(() -> classify("african_elephants_truncated_file.jpg"))
        .isInstanceOf(UnreadableImageException.class);
    assertThatThrownBy(() -> imagenet.classify(SharedFiles.photo("labels.csv")))
        .isInstanceOf(UnreadableImageException.class);
  }
}
