package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refugium.recognition.tflite.BuiltinOperator;
import org.refugium.recognition.tflite.BuiltinOptions;
import org.refugium.recognition.tflite.OperatorInfo;
import org.refugium.recognition.tflite.Padding;
import org.refugium.recognition.tflite.TensorInfo;
import org.refugium.recognition.tflite.TensorType;
import org.refugium.recognition.tflite.TfliteFormatException;
import org.refugium.recognition.tflite.TfliteModel;

class TfliteModelTest {

  @Test
  void readsBirdModelGraph() throws Exception {
    TfliteModel m = TfliteModel.read(SharedFiles.model("inat_bird_quant"));
    if (System.getenv("TFLITE_DUMP") != null) {
      for (OperatorInfo op : m.operators()) {
        System.out.println(op.index() + " " + op.opName() + " " + op.options() + " in="
            + java.util.Arrays.stream(op.inputs()).mapToObj(i -> m.tensor(i) + " q="
                + java.util.Arrays.toString(m.tensor(i).quantization().scale()) + "/"
                + java.util.Arrays.toString(m.tensor(i).quantization().zeroPoint())).toList()
            + " out=" + m.tensor(op.outputs()[0]));
      }
    }
    assertThat(m.version()).isEqualTo(3);

    TensorInfo input = m.tensor(m.inputs()[0]);
    assertThat(input.shape()).containsExactly(1, 224, 224, 3);
    assertThat(input.type()).isEqualTo(TensorType.UINT8);
    // 0..255 maps to about -1..1: scale ~ 1/128, zero point 128
    float scale = input.quantization().scale(0);
    long zero = input.quantization().zeroPoint(0);
    assertThat((0 - zero) * scale).isCloseTo(-1f, org.assertj.core.data.Offset.offset(0.01f));
    assertThat((255 - zero) * scale).isCloseTo(1f, org.assertj.core.data.Offset.offset(0.01f));

    TensorInfo output = m.tensor(m.outputs()[0]);
    assertThat(output.shape()).containsExactly(1, 965);

    List<BuiltinOperator> ops = m.operators().stream().map(OperatorInfo::op).distinct().toList();
    assertThat(ops).contains(BuiltinOperator.CONV_2D, BuiltinOperator.DEPTHWISE_CONV_2D,
        BuiltinOperator.ADD, BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.FULLY_CONNECTED,
        BuiltinOperator.SOFTMAX);
    assertThat(ops).doesNotContain(BuiltinOperator.UNKNOWN);

    OperatorInfo first = m.operators().get(0);
    assertThat(first.op()).isEqualTo(BuiltinOperator.CONV_2D);
    BuiltinOptions.Conv2D conv = (BuiltinOptions.Conv2D) first.options();
    assertThat(conv.padding()).isEqualTo(Padding.SAME);
    assertThat(conv.strideH()).isEqualTo(2);
    TensorInfo weights = m.tensor(first.inputs()[1]);
    assertThat(weights.shape()).containsExactly(32, 3, 3, 3); // OHWI
    assertThat(m.data(weights).remaining()).isEqualTo(32 * 3 * 3 * 3);
    assertThat(m.tensor(first.inputs()[2]).type()).isEqualTo(TensorType.INT32);
  }

  @Test
  void rejectsNonModel() {
    assertThatThrownBy(() -> TfliteModel.parse(ByteBuffer.wrap("hello world!".getBytes())))
        .isInstanceOf(TfliteFormatException.class).hasMessageContaining("TFL3");
  }
}
