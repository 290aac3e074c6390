package org.refugium.recognition;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;

/**
 * Builds a one-operator TFLite flatbuffer (uint8 [1,4,4,3] in, float out) for reader and
 * runner tests, using the field ids of schema.fbs.
 */
final class TinyModel {

  private TinyModel() {}

  /** A model whose only operator has builtin code {@code code}. */
  static ByteBuffer withOperator(int code) {
    FlatBufferBuilder b = new FlatBufferBuilder(1024);
    int inName = b.createString("input");
    int outName = b.createString("output");
    int inShape = ints(b, 1, 4, 4, 3);
    int outShape = ints(b, 1, 4, 4, 3);
    int scale = floats(b, 1f / 128);
    int zero = longs(b, 128);
    b.startTable(7); // QuantizationParameters
    b.addOffset(2, scale, 0);
    b.addOffset(3, zero, 0);
    int quant = b.endTable();
    int input = tensor(b, inShape, 3, inName, quant);   // UINT8
    int output = tensor(b, outShape, 0, outName, 0);    // FLOAT32
    int tensors = b.createVectorOfTables(new int[] {input, output});
    int opIn = ints(b, 0);
    int opOut = ints(b, 1);
    b.startTable(5); // Operator
    b.addInt(0, 0, 0);
    b.addOffset(1, opIn, 0);
    b.addOffset(2, opOut, 0);
    int op = b.endTable();
    int ops = b.createVectorOfTables(new int[] {op});
    int sgIn = ints(b, 0);
    int sgOut = ints(b, 1);
    b.startTable(5); // SubGraph
    b.addOffset(0, tensors, 0);
    b.addOffset(1, sgIn, 0);
    b.addOffset(2, sgOut, 0);
    b.addOffset(3, ops, 0);
    int subgraph = b.endTable();
    int subgraphs = b.createVectorOfTables(new int[] {subgraph});
    b.startTable(4); // OperatorCode: codes >= 127 only fit the int32 field
    b.addByte(0, (byte) Math.min(code, 127), 0);
    b.addInt(2, 1, 1);
    b.addInt(3, code, 0);
    int opCode = b.endTable();
    int opCodes = b.createVectorOfTables(new int[] {opCode});
    b.startTable(1); // Buffer 0: the empty sentinel
    int empty = b.endTable();
    int buffers = b.createVectorOfTables(new int[] {empty});
    b.startTable(5); // Model
    b.addInt(0, 3, 0);
    b.addOffset(1, opCodes, 0);
    b.addOffset(2, subgraphs, 0);
    b.addOffset(4, buffers, 0);
    b.finish(b.endTable(), "TFL3");
    return b.dataBuffer();
  }

  private static int tensor(FlatBufferBuilder b, int shape, int type, int name, int quant) {
    b.startTable(5);
    b.addOffset(0, shape, 0);
    b.addByte(1, (byte) type, 0);
    b.addInt(2, 0, 0);
    b.addOffset(3, name, 0);
    if (quant != 0) {
      b.addOffset(4, quant, 0);
    }
    return b.endTable();
  }

  private static int ints(FlatBufferBuilder b, int... v) {
    b.startVector(4, v.length, 4);
    for (int i = v.length - 1; i >= 0; i--) {
      b.addInt(v[i]);
    }
    return b.endVector();
  }

  private static int floats(FlatBufferBuilder b, float... v) {
    b.startVector(4, v.length, 4);
    for (int i = v.length - 1; i >= 0; i--) {
      b.addFloat(v[i]);
    }
    return b.endVector();
  }

  private static int longs(FlatBufferBuilder b, long... v) {
    b.startVector(8, v.length, 8);
    for (int i = v.length - 1; i >= 0; i--) {
      b.addLong(v[i]);
    }
    return b.endVector();
  }
}
