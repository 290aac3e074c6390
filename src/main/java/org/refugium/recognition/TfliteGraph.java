package org.refugium.recognition;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.refugium.recognition.tflite.BuiltinOptions;
import org.refugium.recognition.tflite.FusedActivation;
import org.refugium.recognition.tflite.OperatorInfo;
import org.refugium.recognition.tflite.Quantization;
import org.refugium.recognition.tflite.TensorInfo;
import org.refugium.recognition.tflite.TensorType;
import org.refugium.recognition.tflite.TfliteModel;

/**
 * A TFLite subgraph compiled to a list of DJL (PyTorch) calls with float32 weights.
 *
 * <p>Activations run in float32 NCHW, PyTorch's native layout; only RESHAPE and
 * FULLY_CONNECTED need TFLite's NHWC element order and transpose on the way. Quantised models
 * keep their graph but not their integer arithmetic: weights are dequantised at load and
 * activations stay float (optionally re-quantised after each op to mimic the uint8 kernels).
 *
 * <p>Immutable after construction, so {@link #run} may be called from several threads; each
 * call allocates its activations in a sub-manager it closes.
 */
final class TfliteGraph {

  /** One op: reads its inputs from the value table, returns its output. */
  @FunctionalInterface
  private interface Step {
    NDArray apply(NDArray[] values);
  }

  private record Compiled(int output, Step step, int[] freeAfter) {}

  private final TfliteModel model;
  private final NDManager weightsManager;
  private final Weights weights;
  private final boolean simulateQuantization;
  private final List<Compiled> steps = new ArrayList<>();
  private final TensorInfo input;
  private final TensorInfo output;
  private final int tap;

  TfliteGraph(TfliteModel model, NDManager weightsManager, boolean simulateQuantization) {
    this(model, weightsManager, simulateQuantization, -1);
  }

  TfliteGraph(TfliteModel model, NDManager weightsManager, boolean simulateQuantization,
      int outputTensor) {
    this(model, weightsManager, simulateQuantization, outputTensor, -1);
  }

  /**
   * @param outputTensor the tensor to stop at (its producing op is the last one compiled, later
   *     ops and their weights are never loaded), or -1 for the model's own output. A backbone cut
   *     before the classifier uses this: the pooled features of an ImageNet model.
   */
  TfliteGraph(TfliteModel model, NDManager weightsManager, boolean simulateQuantization,
      int outputTensor, int tapTensor) {
    this.tap = tapTensor;
    this.model = model;
    this.weightsManager = weightsManager;
    this.weights = new Weights(model, weightsManager);
    this.simulateQuantization = simulateQuantization;
    if (model.inputs().length != 1 || (outputTensor < 0 && model.outputs().length != 1)) {
      throw new UnsupportedModelException("expected one input and one output tensor, got "
          + model.inputs().length + " and " + model.outputs().length);
    }
    if (outputTensor >= model.tensors().size()) {
      throw new UnsupportedModelException("no tensor " + outputTensor + " in the model");
    }
    this.input = model.tensor(model.inputs()[0]);
    this.output = model.tensor(outputTensor >= 0 ? outputTensor : model.outputs()[0]);
    List<OperatorInfo> ops = operatorsUpTo(model, output.index());
    int[] lastUse = new int[model.tensors().size()];
    Arrays.fill(lastUse, -1);
    for (OperatorInfo op : ops) {
      for (int t : op.inputs()) {
        if (t >= 0) {
          lastUse[t] = op.index();
        }
      }
    }
    for (OperatorInfo op : ops) {
      int out = op.outputs()[0];
      int[] free = Arrays.stream(op.inputs())
          .filter(t -> t >= 0 && lastUse[t] == op.index() && !model.isConstant(model.tensor(t))
              && t != out && t != output.index() && t != tapTensor)
          .distinct().toArray();
      steps.add(new Compiled(out, compile(op), free));
    }
  }

  /** The ops in file order up to and including the one that writes {@code tensor}. */
  private static List<OperatorInfo> operatorsUpTo(TfliteModel model, int tensor) {
    List<OperatorInfo> ops = new ArrayList<>();
    for (OperatorInfo op : model.operators()) {
      ops.add(op);
      if (Arrays.stream(op.outputs()).anyMatch(t -> t == tensor)) {
        return ops;
      }
    }
    throw new UnsupportedModelException("no operator writes tensor " + tensor);
  }

  TensorInfo input() {
    return input;
  }

  TensorInfo output() {
    return output;
  }

  /**
   * Runs the graph on one image given as NCHW floats of raw pixel values 0..255 and returns
   * the output tensor's values in TFLite order (class probabilities for our classifiers).
   */
  float[] run(float[] pixelsNchw, int height, int width) {
    return runTapped(pixelsNchw, height, width)[0];
  }

  /**
   * As {@link #run}, and second the values of the tap tensor given at construction (null without
   * one), also in TFLite order: the gate's pooled features on the way to its logits, so one forward
   * pass serves the gate and the archive's backbone ({@link TfliteClassifier}).
   */
  float[][] runTapped(float[] pixelsNchw, int height, int width) {
    try (NDManager call = weightsManager.newSubManager()) {
      NDArray[] values = new NDArray[model.tensors().size()];
      NDArray x = call.create(pixelsNchw, new Shape(1, 3, height, width));
      values[input.index()] = normalizeInput(x);
      for (Compiled c : steps) {
        NDArray y = c.step.apply(values);
        values[c.output] = simulateQuantization ? fakeQuantize(y, model.tensor(c.output)) : y;
        for (int t : c.freeAfter) {
          values[t].close();
          values[t] = null;
        }
      }
      // Hand back TFLite's element order (NHWC), whatever we computed in.
      return new float[][] {toNhwc(values[output.index()]).toFloatArray(),
          tap >= 0 ? toNhwc(values[tap]).toFloatArray() : null};
    }
  }

  /** The uint8 input's own scale/zero point map 0..255 to the range the model was trained on. */
  private NDArray normalizeInput(NDArray pixels) {
    Quantization q = input.quantization();
    if (input.type() == TensorType.UINT8 && q.isQuantized()) {
      return pixels.sub(q.zeroPoint(0)).mul(q.scale(0));
    }
    if (input.type() == TensorType.FLOAT32) {
      return pixels.div(127.5f).sub(1f); // float MobileNets: [-1, 1]
    }
    throw new UnsupportedModelException("input tensor type " + input.type() + " not supported");
  }

  /** Rounds to the tensor's uint8/int8 grid and back, as the integer kernels would. */
  private static NDArray fakeQuantize(NDArray x, TensorInfo t) {
    Quantization q = t.quantization();
    if (!q.isQuantized() || q.isPerChannel()
        || (t.type() != TensorType.UINT8 && t.type() != TensorType.INT8)) {
      return x;
    }
    int lo = t.type() == TensorType.UINT8 ? 0 : -128;
    int hi = t.type() == TensorType.UINT8 ? 255 : 127;
    long zp = q.zeroPoint(0);
    float scale = q.scale(0);
    return x.div(scale).round().add(zp).clip(lo, hi).sub(zp).mul(scale);
  }

  private Step compile(OperatorInfo op) {
    int[] in = op.inputs();
    return switch (op.op()) {
      case CONV_2D -> conv(op, (BuiltinOptions.Conv2D) op.options());
      case DEPTHWISE_CONV_2D -> depthwise(op, (BuiltinOptions.DepthwiseConv2D) op.options());
      case AVERAGE_POOL_2D -> averagePool(op, (BuiltinOptions.Pool2D) op.options());
      case ADD -> add(op, (BuiltinOptions.Add) op.options());
      case FULLY_CONNECTED -> fullyConnected(op, (BuiltinOptions.FullyConnected) op.options());
      case RESHAPE -> reshape(op);
      case SOFTMAX -> {
        float beta = ((BuiltinOptions.Softmax) op.options()).beta();
        int axis = model.tensor(in[0]).shape().length == 4 ? 1 : -1;
        yield v -> v[in[0]].mul(beta).softmax(axis);
      }
      case QUANTIZE, DEQUANTIZE -> v -> v[in[0]];
      case RELU -> v -> Activation.relu(v[in[0]]);
      case RELU6 -> v -> Activation.relu6(v[in[0]]);
      default -> throw new UnsupportedModelException("operator " + op.index() + " is "
          + op.opName() + ", which Refugium's TFLite runner does not support");
    };
  }

  private Step conv(OperatorInfo op, BuiltinOptions.Conv2D o) {
    TensorInfo filterInfo = model.tensor(op.inputs()[1]);
    NDArray filter = weights.convFilter(filterInfo);
    NDArray bias = bias(op, filterInfo.shape()[0]);
    int[] s = filterInfo.shape();
    SamePadding pad = SamePadding.of(o.padding(), model.tensor(op.inputs()[0]).shape(),
        s[1], s[2], o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
    int x = op.inputs()[0];
    Shape stride = new Shape(o.strideH(), o.strideW());
    Shape dilation = new Shape(o.dilationH(), o.dilationW());
    return v -> activate(Conv2d.conv2d(pad.explicit(v[x]), filter, bias, stride,
        pad.symmetric(), dilation, 1).singletonOrThrow(), o.activation());
  }

  private Step depthwise(OperatorInfo op, BuiltinOptions.DepthwiseConv2D o) {
    TensorInfo filterInfo = model.tensor(op.inputs()[1]);
    NDArray filter = weights.depthwiseFilter(filterInfo);
    int[] s = filterInfo.shape();
    NDArray bias = bias(op, s[3]);
    int[] inShape = model.tensor(op.inputs()[0]).shape();
    int groups = inShape[3];
    if (groups * o.depthMultiplier() != s[3]) {
      throw new UnsupportedModelException("operator " + op.index()
          + ": depthwise filter channels do not match input channels x depth multiplier");
    }
    SamePadding pad = SamePadding.of(o.padding(), inShape, s[1], s[2], o.strideH(),
        o.strideW(), o.dilationH(), o.dilationW());
    int x = op.inputs()[0];
    Shape stride = new Shape(o.strideH(), o.strideW());
    Shape dilation = new Shape(o.dilationH(), o.dilationW());
    return v -> activate(Conv2d.conv2d(pad.explicit(v[x]), filter, bias, stride,
        pad.symmetric(), dilation, groups).singletonOrThrow(), o.activation());
  }

  private NDArray bias(OperatorInfo op, int channels) {
    if (op.inputs().length > 2 && op.inputs()[2] >= 0) {
      return weights.plain(model.tensor(op.inputs()[2]));
    }
    return weightsManager.zeros(new Shape(channels));
  }

  private Step averagePool(OperatorInfo op, BuiltinOptions.Pool2D o) {
    SamePadding pad = SamePadding.of(o.padding(), model.tensor(op.inputs()[0]).shape(),
        o.filterH(), o.filterW(), o.strideH(), o.strideW(), 1, 1);
    if (pad.isAsymmetric()) {
      // TFLite excludes padding from the average; an explicit zero pad would count it.
      throw new UnsupportedModelException("operator " + op.index()
          + ": AVERAGE_POOL_2D with asymmetric SAME padding is not supported");
    }
    int x = op.inputs()[0];
    Shape kernel = new Shape(o.filterH(), o.filterW());
    Shape stride = new Shape(o.strideH(), o.strideW());
    return v -> activate(Pool.avgPool2d(v[x], kernel, stride, pad.symmetric(), false, false),
        o.activation());
  }

  private Step add(OperatorInfo op, BuiltinOptions.Add o) {
    NDArray[] constants = new NDArray[2];
    for (int i = 0; i < 2; i++) {
      TensorInfo t = model.tensor(op.inputs()[i]);
      constants[i] = model.isConstant(t) ? weights.activationLike(t) : null;
    }
    int a = op.inputs()[0];
    int b = op.inputs()[1];
    // The first operand must be an activation so the result lands in the per-call manager.
    return v -> {
      NDArray left = constants[0] != null ? v[b] : v[a];
      NDArray right = constants[0] != null ? constants[0] : (constants[1] != null
          ? constants[1] : v[b]);
      return activate(left.add(right), o.activation());
    };
  }

  private Step fullyConnected(OperatorInfo op, BuiltinOptions.FullyConnected o) {
    TensorInfo w = model.tensor(op.inputs()[1]);
    NDArray weight = weights.plain(w);
    NDArray bias = bias(op, w.shape()[0]);
    int x = op.inputs()[0];
    int inFeatures = w.shape()[1];
    long[] outShape = toLongs(model.tensor(op.outputs()[0]).shape());
    return v -> {
      NDArray flat = toNhwc(v[x]).reshape(-1, inFeatures);
      NDArray y = Linear.linear(flat, weight, bias).singletonOrThrow();
      return activate(o.keepNumDims() ? y.reshape(outShape) : y, o.activation());
    };
  }

  /** RESHAPE follows TFLite's NHWC element order, so go through NHWC and back. */
  private Step reshape(OperatorInfo op) {
    int x = op.inputs()[0];
    int[] target = model.tensor(op.outputs()[0]).shape();
    long[] shape = toLongs(target);
    return v -> {
      NDArray y = toNhwc(v[x]).reshape(shape);
      return target.length == 4 ? y.transpose(0, 3, 1, 2) : y;
    };
  }

  private static NDArray toNhwc(NDArray x) {
    return x.getShape().dimension() == 4 ? x.transpose(0, 2, 3, 1) : x;
  }

  private static NDArray activate(NDArray x, FusedActivation f) {
    return switch (f) {
      case NONE -> x;
      case RELU -> Activation.relu(x);
      case RELU6 -> Activation.relu6(x);
      case RELU_N1_TO_1 -> x.clip(-1, 1);
      case TANH -> Activation.tanh(x);
      case SIGN_BIT -> throw new UnsupportedModelException("fused SIGN_BIT not supported");
    };
  }

  private static long[] toLongs(int[] a) {
    return Arrays.stream(a).asLongStream().toArray();
  }
}
