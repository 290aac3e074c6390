package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** head.bin: the documented layout, read back exactly; damaged files refused with a clear message. */
class SoftmaxHeadTest {

  @TempDir
  Path dir;

  @Test
  void writesTheDocumentedLayoutAndReadsItBack() throws Exception {
    float[] w = {1, 0, 0, 2, -1, 0.5f}; // 3 classes × 2 dimensions
    float[] b = {0, 0.25f, -3};
    SoftmaxHead head = new SoftmaxHead("m.tflite@sha256:0123456789abcdef#pool", 2, 3, w, b);
    Path f = dir.resolve("head.bin");
    head.write(f);
    byte[] bytes = Files.readAllBytes(f);
    int id = "m.tflite@sha256:0123456789abcdef#pool".length();
    assertThat(bytes).hasSize(8 + 4 + id + 4 + 4 + 4 * 6 + 4 * 3);
    assertThat(new String(bytes, 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RFGHEAD1");
    assertThat(bytes[8]).isEqualTo((byte) id); // little-endian length
    SoftmaxHead back = SoftmaxHead.read(f);
    assertThat(back.backboneId()).isEqualTo(head.backboneId());
    assertThat(back.dimensions()).isEqualTo(2);
    assertThat(back.classes()).isEqualTo(3);
    // x = (1, 0): logits 1, 0.25, -4; x = (0, 1): 0, 2.25, -2.5 (computed by hand)
    float[] p = back.probabilities(new float[] {1, 0});
    double z = Math.exp(1) + Math.exp(0.25) + Math.exp(-4);
    assertThat(p[0]).isCloseTo((float) (Math.exp(1) / z), org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(p[2]).isCloseTo((float) (Math.exp(-4) / z), org.assertj.core.data.Offset.offset(1e-6f));
    float[] q = back.probabilities(new float[] {0, 1});
    assertThat(q[1]).isGreaterThan(q[0]).isGreaterThan(q[2]);
  }

  @Test
  void aDamagedFileIsRefused() throws Exception {
    SoftmaxHead head = new SoftmaxHead("m.tflite@sha256:0#t", 2, 2, new float[4], new float[2]);
    Path f = dir.resolve("head.bin");
    head.write(f);
    byte[] bytes = Files.readAllBytes(f);
    Files.write(dir.resolve("short.bin"), Arrays.copyOf(bytes, bytes.length - 3));
    assertThatThrownBy(() -> SoftmaxHead.read(dir.resolve("short.bin")))
        .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("truncated");
    bytes[0] = 'X';
    Files.write(dir.resolve("magic.bin"), bytes);
    assertThatThrownBy(() -> SoftmaxHead.read(dir.resolve("magic.bin")))
        .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("RFGHEAD1");
    assertThatThrownBy(() -> head.probabilities(new float[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 dimensions");
  }
}
