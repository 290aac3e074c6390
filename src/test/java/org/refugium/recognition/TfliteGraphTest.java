package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.refugium.recognition.tflite.BuiltinOperator;
import org.refugium.recognition.tflite.TfliteModel;

class TfliteGraphTest {

  @Test
  void unsupportedOperatorIsNamed() {
    TfliteModel model =
        TfliteModel.parse(TinyModel.withOperator(BuiltinOperator.MAX_POOL_2D.code()));
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      assertThatThrownBy(() -> new TfliteGraph(model, m, false))
          .isInstanceOf(UnsupportedModelException.class)
          .hasMessageContaining("MAX_POOL_2D");
    }
  }

  @Test
  void operatorCodesAbove127ComeFromTheInt32Field() {
    TfliteModel model = TfliteModel.parse(TinyModel.withOperator(150));
    assertThat(model.operators().get(0).builtinCode()).isEqualTo(150);
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      assertThatThrownBy(() -> new TfliteGraph(model, m, false))
          .hasMessageContaining("BUILTIN_150");
    }
  }

  @Test
  void inputIsDequantisedWithItsOwnScale() {
    TfliteModel model = TfliteModel.parse(TinyModel.withOperator(BuiltinOperator.RELU6.code()));
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      TfliteGraph graph = new TfliteGraph(model, m, false);
      float[] pixels = new float[3 * 4 * 4];
      pixels[0] = 0;     // -> -1 -> relu6 0
      pixels[1] = 255;   // -> 0.9921875
      pixels[2] = 192;   // -> 0.5
      float[] out = graph.run(pixels, 4, 4);
      // output is NHWC order: element 0 is (y0, x0, c0), element 3 is (y0, x1, c0)
      assertThat(out[0]).isEqualTo(0f);
      assertThat(out[3]).isEqualTo(127f / 128);
      assertThat(out[6]).isEqualTo(0.5f);
    }
  }
}
