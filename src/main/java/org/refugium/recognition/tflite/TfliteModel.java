package org.refugium.recognition.tflite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The main subgraph of a .tflite file, read with hand-written flatbuffer accessors.
 *
 * <p>Field ids (schema.fbs): Model{version 0, operator_codes 1, subgraphs 2, description 3,
 * buffers 4}; SubGraph{tensors 0, inputs 1, outputs 2, operators 3, name 4};
 * Tensor{shape 0, type 1, buffer 2, name 3, quantization 4};
 * QuantizationParameters{min 0, max 1, scale 2, zero_point 3, details 4+5, quantized_dimension 6};
 * Operator{opcode_index 0, inputs 1, outputs 2, builtin_options_type 3, builtin_options 4};
 * OperatorCode{deprecated_builtin_code 0 (int8), custom_code 1, version 2, builtin_code 3 (int32)};
 * Buffer{data 0, offset 1, size 2}.
 */
public final class TfliteModel {

  private final ByteBuffer file;
  private final long version;
  private final String description;
  private final List<TensorInfo> tensors;
  private final List<OperatorInfo> operators;
  private final int[] inputs;
  private final int[] outputs;
  private final FbTable model;

  private TfliteModel(ByteBuffer file) {
    this.file = file;
    if (file.remaining() < 8 || !FbTable.hasIdentifier(file, "TFL3")) {
      throw new TfliteFormatException("not a TFLite model (no TFL3 file identifier)");
    }
    model = FbTable.root(file);
    version = model.getUnsignedInt(0, 0);
    description = model.getString(3);
    if (model.vectorLength(2) < 1) {
      throw new TfliteFormatException("model has no subgraph");
    }
    FbTable subgraph = model.tableAt(2, 0);
    tensors = readTensors(subgraph);
    inputs = subgraph.getInts(1);
    outputs = subgraph.getInts(2);
    operators = readOperators(subgraph, model);
  }

  /** Maps the file read-only; the mapping lives as long as the returned model. */
  public static TfliteModel read(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return new TfliteModel(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
    }
  }

  public static TfliteModel parse(ByteBuffer bytes) {
    return new TfliteModel(bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN));
  }

  private static List<TensorInfo> readTensors(FbTable subgraph) {
    int n = subgraph.vectorLength(0);
    List<TensorInfo> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      FbTable t = subgraph.tableAt(0, i);
      list.add(new TensorInfo(i, t.getString(3), TensorType.of(t.getByte(1, (byte) 0)),
          t.getInts(0), (int) t.getUnsignedInt(2, 0), readQuantization(t.getTable(4))));
    }
    return List.copyOf(list);
  }

  private static Quantization readQuantization(FbTable q) {
    if (q == null) {
      return Quantization.NONE;
    }
    return new Quantization(q.getFloats(2), q.getLongs(3), q.getInt(6, 0));
  }

  private static List<OperatorInfo> readOperators(FbTable subgraph, FbTable model) {
    int nCodes = model.vectorLength(1);
    int[] codes = new int[nCodes];
    String[] custom = new String[nCodes];
    for (int i = 0; i < nCodes; i++) {
      FbTable oc = model.tableAt(1, i);
      // Codes < 127 were stored in the int8 field; newer files also fill the int32 field and
      // put 127 (PLACEHOLDER_FOR_GREATER_OP_CODES) in the old one. The larger is the real one.
      codes[i] = Math.max(oc.getByte(0, (byte) 0), oc.getInt(3, 0));
      custom[i] = codes[i] == BuiltinOperator.CUSTOM.code() ? oc.getString(1) : null;
    }
    int n = subgraph.vectorLength(3);
    List<OperatorInfo> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      FbTable op = subgraph.tableAt(3, i);
      int opcodeIndex = (int) op.getUnsignedInt(0, 0);
      if (opcodeIndex >= nCodes) {
        throw new TfliteFormatException("operator " + i + " has opcode index " + opcodeIndex);
      }
      int code = codes[opcodeIndex];
      list.add(new OperatorInfo(i, code, custom[opcodeIndex], op.getInts(1), op.getInts(2),
          readOptions(code, op.getTable(4))));
    }
    return List.copyOf(list);
  }

  private static BuiltinOptions readOptions(int code, FbTable t) {
    if (t == null) {
      return new BuiltinOptions.None();
    }
    return switch (BuiltinOperator.of(code)) {
      case CONV_2D -> BuiltinOptions.Conv2D.read(t);
      case DEPTHWISE_CONV_2D -> BuiltinOptions.DepthwiseConv2D.read(t);
      case AVERAGE_POOL_2D, MAX_POOL_2D -> BuiltinOptions.Pool2D.read(t);
      case FULLY_CONNECTED -> BuiltinOptions.FullyConnected.read(t);
      case SOFTMAX -> BuiltinOptions.Softmax.read(t);
      case ADD -> BuiltinOptions.Add.read(t);
      case RESHAPE -> BuiltinOptions.Reshape.read(t);
      default -> new BuiltinOptions.None();
    };
  }

  /**
   * The constant data of a tensor (little-endian), or an empty buffer for activations. Large
   * models (over 2 GB) keep data outside the flatbuffer at Buffer.offset/size from file start.
   */
  public ByteBuffer data(TensorInfo tensor) {
    int index = tensor.buffer();
    if (index == 0 || index >= model.vectorLength(4)) {
      return ByteBuffer.allocate(0);
    }
    FbTable buffer = model.tableAt(4, index);
    long offset = buffer.getLong(1, 0);
    if (offset > 1) {
      long size = buffer.getLong(2, 0);
      return file.duplicate().position((int) offset).limit((int) (offset + size)).slice()
          .order(ByteOrder.LITTLE_ENDIAN);
    }
    return buffer.getBytes(0);
  }

  /**
   * True for tensors with constant data. Older converters give every tensor its own buffer,
   * empty for activations, so {@code buffer != 0} alone does not tell.
   */
  public boolean isConstant(TensorInfo tensor) {
    return data(tensor).remaining() > 0;
  }

  public long version() {
    return version;
  }

  public String description() {
    return description;
  }

  public List<TensorInfo> tensors() {
    return tensors;
  }

  public TensorInfo tensor(int index) {
    return tensors.get(index);
  }

  public List<OperatorInfo> operators() {
    return operators;
  }

  public int[] inputs() {
    return inputs.clone();
  }

  public int[] outputs() {
    return outputs.clone();
  }
}
