package org.refugium.search;

import java.io.IOException;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.PointsFormat;
import org.apache.lucene.codecs.PointsReader;
import org.apache.lucene.codecs.PointsWriter;
import org.apache.lucene.codecs.lucene90.Lucene90PointsReader;
import org.apache.lucene.codecs.lucene90.Lucene90PointsWriter;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.util.IOUtils;

/**
 * The observations index's codec: Lucene's default, except that {@link ObservationFields#TAXON_DAY_PLACE} is written
 * with BKD leaves of {@value #FINE_LEAF} points (Lucene: 512) into files of its own (segment suffix
 * {@value #FINE_SUFFIX}); every other point field keeps Lucene's leaves. Smaller leaves give the 4-dimensional tree
 * three more levels of splits, so a taxon + box + dates search reads fewer points around its hits (on 10M
 * observations mean 376 µs against 844 with 512-point leaves and 573 with 128; 32 and 16 were no better), while for the
 * one-dimensional fields they only cost index time (64-point leaves for every field made the 1M observations index
 * 19% slower to build). Lucene finds this codec by name (META-INF/services): an index written with it needs this jar.
 */
public final class ObservationsCodec extends FilterCodec {

  public static final String NAME = "RefugiumObservations1";
  static final int FINE_LEAF = 64;
  static final String FINE_SUFFIX = "fine";
  /**
   * Heap for sorting points when segments merge, instead of Lucene's 16 MB: a merged segment of 2M observations holds
   * 40 MB of 4-dimensional points, which Lucene would otherwise sort in temporary files.
   */
  static final double SORT_HEAP_MB = 256;
  private static final int LUCENE_LEAF = 512;

  /**
   * For Lucene's service loader, which opens indexes written with this codec. The delegate is named, not
   * Codec.getDefault(): the loader builds codecs before it knows the default. A Lucene upgrade that changes the
   * default codec changes this line and {@link #NAME} (indexes written before keep this class's behaviour by name).
   */
  public ObservationsCodec() {
    super(NAME, new Lucene103Codec());
  }

  @Override
  public PointsFormat pointsFormat() {
    return new PointsFormat() {
      @Override
      public PointsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return new SplitWriter(state);
      }

      @Override
      public PointsReader fieldsReader(SegmentReadState state) throws IOException {
        return new SplitReader(state);
      }
    };
  }

  private static boolean fine(String field) {
    return ObservationFields.TAXON_DAY_PLACE.equals(field);
  }

  /**
   * Two standard points writers, one per leaf size. Merges go through PointsWriter's generic merge (field by field
   * through {@link #writeField}); the import's few segments rarely merge.
   */
  private static final class SplitWriter extends PointsWriter {
    private final PointsWriter standard;
    private final PointsWriter fine;

    SplitWriter(SegmentWriteState state) throws IOException {
      standard = new Lucene90PointsWriter(state, LUCENE_LEAF, SORT_HEAP_MB);
      PointsWriter other = null;
      try {
        other = new Lucene90PointsWriter(new SegmentWriteState(state, FINE_SUFFIX), FINE_LEAF, SORT_HEAP_MB);
      } finally {
        if (other == null) {
          IOUtils.closeWhileHandlingException(standard);
        }
      }
      fine = other;
    }

    @Override
    public void writeField(FieldInfo field, PointsReader values) throws IOException {
      (fine(field.name) ? fine : standard).writeField(field, values);
    }

    @Override
    public void finish() throws IOException {
      standard.finish();
      fine.finish();
    }

    @Override
    public void close() throws IOException {
      IOUtils.close(standard, fine);
    }
  }

  private static final class SplitReader extends PointsReader {
    private final PointsReader standard;
    private final PointsReader fine;

    SplitReader(SegmentReadState state) throws IOException {
      standard = new Lucene90PointsReader(state);
      PointsReader other = null;
      try {
        other = new Lucene90PointsReader(new SegmentReadState(state, FINE_SUFFIX));
      } finally {
        if (other == null) {
          IOUtils.closeWhileHandlingException(standard);
        }
      }
      fine = other;
    }

    @Override
    public void checkIntegrity() throws IOException {
      standard.checkIntegrity();
      fine.checkIntegrity();
    }

    @Override
    public PointValues getValues(String field) throws IOException {
      return (fine(field) ? fine : standard).getValues(field);
    }

    @Override
    public void close() throws IOException {
      IOUtils.close(standard, fine);
    }
  }
}
