package org.refugium.recognition.archive;

import java.io.IOException;
import java.util.Locale;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene102.Lucene102HnswBinaryQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * How the HNSW graph stores its vectors: float32 (4 bytes per dimension), scalar-quantized int8 /
 * int4 (Lucene99HnswScalarQuantizedVectorsFormat, 7 and 4 bits) or binary (Lucene102's RaBitQ-style
 * 1 bit per dimension, rescored from the float copy). Quantized formats keep the float vectors on
 * disk too (for merges and rescoring); only the quantized copy must stay in RAM for fast search.
 *
 * <p>Lucene's formats cap vectors at 1024 dimensions; MobileNetV2's pooled features have 1280. The
 * codec wraps the chosen format so that {@code getMaxDimensions} answers 4096 and keeps the format's
 * own SPI name: segments read back with the stock codec (the cap is checked only when writing).
 */
public enum VectorFormat {
  FLOAT32, INT8, INT4, BINARY;

  public static final int MAX_DIMENSIONS = 4096;

  public static VectorFormat parse(String s) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("vector format must be float32, int8, int4 or binary: " + s);
    }
  }

  KnnVectorsFormat luceneFormat() {
    int maxConn = 16;
    int beam = 100;
    return switch (this) {
      case FLOAT32 -> new Lucene99HnswVectorsFormat(maxConn, beam);
      case INT8 -> new Lucene99HnswScalarQuantizedVectorsFormat(maxConn, beam, 1, 7, false, null,
          null);
      case INT4 -> new Lucene99HnswScalarQuantizedVectorsFormat(maxConn, beam, 1, 4, true, null,
          null);
      case BINARY -> new Lucene102HnswBinaryQuantizedVectorsFormat(maxConn, beam);
    };
  }

  /** The codec an index writer uses (readers need nothing special). */
  public Codec codec() {
    KnnVectorsFormat wide = new Wide(luceneFormat());
    return new Lucene103Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return wide;
      }
    };
  }

  /** Bytes one vector of {@code dims} takes in the quantized form searched in RAM. */
  public long searchBytes(int dims) {
    return switch (this) {
      case FLOAT32 -> 4L * dims;
      case INT8 -> dims + 4L;
      case INT4 -> (dims + 1) / 2 + 4L;
      case BINARY -> (dims + 7) / 8 + 16L;
    };
  }

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Delegates everything but the dimension cap, under the delegate's name. */
  private static final class Wide extends KnnVectorsFormat {
    private final KnnVectorsFormat delegate;

    Wide(KnnVectorsFormat delegate) {
      super(delegate.getName());
      this.delegate = delegate;
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
      return delegate.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
      return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
      return MAX_DIMENSIONS;
    }
  }
}
