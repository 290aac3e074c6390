package org.refugium.recognition.tflite;

/**
 * One operator of the main subgraph, in execution order. {@code builtinCode} is the resolved
 * code (see {@link TfliteModel}); {@code customCode} is set for CUSTOM ops only.
 */
public record OperatorInfo(
    int index, int builtinCode, String customCode, int[] inputs, int[] outputs,
    BuiltinOptions options) {

  public BuiltinOperator op() {
    return BuiltinOperator.of(builtinCode);
  }

  /** The op's name as TFLite spells it, for error messages and listings. */
  public String opName() {
    return customCode != null ? "CUSTOM(" + customCode + ")" : BuiltinOperator.nameOf(builtinCode);
  }
}
