package org.refugium.recognition.tflite;

import com.google.flatbuffers.Table;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Field access by schema field id on top of the flatbuffers runtime's {@link Table}.
 *
 * <p>We do not run flatc: the TFLite schema is large and we need a dozen tables, so each accessor
 * names its field id from {@code schema.fbs}. A field with id {@code n} lives at vtable slot
 * {@code 4 + 2n}; a union field takes two ids (the type byte, then the value).
 */
final class FbTable extends Table {

  FbTable(ByteBuffer bb, int position) {
    __reset(position, bb);
  }

  /** The root table of a buffer; flatbuffers are little-endian whatever the platform. */
  static FbTable root(ByteBuffer bb) {
    bb.order(ByteOrder.LITTLE_ENDIAN);
    return new FbTable(bb, bb.position() + bb.getInt(bb.position()));
  }

  private int slot(int fieldId) {
    return __offset(4 + 2 * fieldId);
  }

  boolean has(int fieldId) {
    return slot(fieldId) != 0;
  }

  byte getByte(int fieldId, byte dflt) {
    int o = slot(fieldId);
    return o == 0 ? dflt : bb.get(bb_pos + o);
  }

  int getInt(int fieldId, int dflt) {
    int o = slot(fieldId);
    return o == 0 ? dflt : bb.getInt(bb_pos + o);
  }

  long getUnsignedInt(int fieldId, long dflt) {
    int o = slot(fieldId);
    return o == 0 ? dflt : Integer.toUnsignedLong(bb.getInt(bb_pos + o));
  }

  long getLong(int fieldId, long dflt) {
    int o = slot(fieldId);
    return o == 0 ? dflt : bb.getLong(bb_pos + o);
  }

  float getFloat(int fieldId, float dflt) {
    int o = slot(fieldId);
    return o == 0 ? dflt : bb.getFloat(bb_pos + o);
  }

  String getString(int fieldId) {
    int o = slot(fieldId);
    return o == 0 ? null : __string(bb_pos + o);
  }

  /** A sub-table, or null when the field is absent. */
  FbTable getTable(int fieldId) {
    int o = slot(fieldId);
    return o == 0 ? null : new FbTable(bb, __indirect(bb_pos + o));
  }

  int vectorLength(int fieldId) {
    int o = slot(fieldId);
    return o == 0 ? 0 : __vector_len(o);
  }

  /** Element {@code i} of a vector of tables. */
  FbTable tableAt(int fieldId, int i) {
    int o = slot(fieldId);
    return new FbTable(bb, __indirect(__vector(o) + 4 * i));
  }

  int[] getInts(int fieldId) {
    int o = slot(fieldId);
    if (o == 0) {
      return new int[0];
    }
    int start = __vector(o);
    int[] out = new int[__vector_len(o)];
    for (int i = 0; i < out.length; i++) {
      out[i] = bb.getInt(start + 4 * i);
    }
    return out;
  }

  float[] getFloats(int fieldId) {
    int o = slot(fieldId);
    if (o == 0) {
      return new float[0];
    }
    int start = __vector(o);
    float[] out = new float[__vector_len(o)];
    for (int i = 0; i < out.length; i++) {
      out[i] = bb.getFloat(start + 4 * i);
    }
    return out;
  }

  long[] getLongs(int fieldId) {
    int o = slot(fieldId);
    if (o == 0) {
      return new long[0];
    }
    int start = __vector(o);
    long[] out = new long[__vector_len(o)];
    for (int i = 0; i < out.length; i++) {
      out[i] = bb.getLong(start + 8 * i);
    }
    return out;
  }

  /** A little-endian view of a [ubyte] vector, without copying; empty when absent. */
  ByteBuffer getBytes(int fieldId) {
    int o = slot(fieldId);
    if (o == 0) {
      return ByteBuffer.allocate(0);
    }
    int start = __vector(o);
    return bb.duplicate().position(start).limit(start + __vector_len(o)).slice()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  static boolean hasIdentifier(ByteBuffer bb, String ident) {
    return __has_identifier(bb, ident);
  }
}
