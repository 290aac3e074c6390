package org.refugium.importer.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Helpers for source streams: gzip is detected by its magic bytes, never by the file name. */
public final class SourceStreams {

  private static final int BUFFER = 1 << 16;

  private SourceStreams() {}

  /**
   * Decompresses when the stream starts with the gzip magic {@code 1f 8b}; otherwise returns it as is.
   * (The exports are served with Content-Encoding: gzip, so a saved ".gz" may already be plain text.)
   */
  public static InputStream gunzipIfCompressed(InputStream in) throws IOException {
    BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, BUFFER);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    if (first == 0x1f && second == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(buffered, BUFFER), BUFFER);
    }
    return buffered;
  }

  /** True when the stream holds a tar archive ("ustar" magic at offset 257). Leaves the stream where it was. */
  public static boolean isTar(BufferedInputStream in) throws IOException {
    in.mark(512);
    byte[] header = in.readNBytes(512);
    in.reset();
    return header.length == 512 && header[257] == 'u' && header[258] == 's' && header[259] == 't'
        && header[260] == 'a' && header[261] == 'r';
  }
}
