package org.refugium.recognition.tflite;

/**
 * The builtin option tables we read. Field ids follow schema.fbs; defaults are the schema's
 * (dilation 1, beta 0 which TFLite's converter never leaves unset for softmax).
 */
public sealed interface BuiltinOptions {

  /** Ops without options, or options we do not need. */
  record None() implements BuiltinOptions {}

  record Conv2D(
      Padding padding, int strideW, int strideH, FusedActivation activation,
      int dilationW, int dilationH) implements BuiltinOptions {
    static Conv2D read(FbTable t) {
      return new Conv2D(Padding.of(t.getByte(0, (byte) 0)), t.getInt(1, 1), t.getInt(2, 1),
          FusedActivation.of(t.getByte(3, (byte) 0)), t.getInt(4, 1), t.getInt(5, 1));
    }
  }

  record DepthwiseConv2D(
      Padding padding, int strideW, int strideH, int depthMultiplier,
      FusedActivation activation, int dilationW, int dilationH) implements BuiltinOptions {
    static DepthwiseConv2D read(FbTable t) {
      return new DepthwiseConv2D(Padding.of(t.getByte(0, (byte) 0)), t.getInt(1, 1),
          t.getInt(2, 1), t.getInt(3, 1), FusedActivation.of(t.getByte(4, (byte) 0)),
          t.getInt(5, 1), t.getInt(6, 1));
    }
  }

  record Pool2D(
      Padding padding, int strideW, int strideH, int filterW, int filterH,
      FusedActivation activation) implements BuiltinOptions {
    static Pool2D read(FbTable t) {
      return new Pool2D(Padding.of(t.getByte(0, (byte) 0)), t.getInt(1, 1), t.getInt(2, 1),
          t.getInt(3, 1), t.getInt(4, 1), FusedActivation.of(t.getByte(5, (byte) 0)));
    }
  }

  record FullyConnected(FusedActivation activation, int weightsFormat, boolean keepNumDims)
      implements BuiltinOptions {
    static FullyConnected read(FbTable t) {
      return new FullyConnected(FusedActivation.of(t.getByte(0, (byte) 0)),
          t.getByte(1, (byte) 0), t.getByte(2, (byte) 0) != 0);
    }
  }

  record Softmax(float beta) implements BuiltinOptions {
    static Softmax read(FbTable t) {
      return new Softmax(t.getFloat(0, 0f));
    }
  }

  record Add(FusedActivation activation) implements BuiltinOptions {
    static Add read(FbTable t) {
      return new Add(FusedActivation.of(t.getByte(0, (byte) 0)));
    }
  }

  record Reshape(int[] newShape) implements BuiltinOptions {
    static Reshape read(FbTable t) {
      return new Reshape(t.getInts(0));
    }
  }
}
