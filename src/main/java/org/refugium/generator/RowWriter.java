package org.refugium.generator;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes tab-separated rows byte by byte into its own buffer. The generator emits tens of millions of
 * rows, so numbers, fixed-point decimals, dates and UUIDs are formatted straight into bytes: no
 * String.format, no per-field Strings (String.format alone would take longer than the import).
 */
final class RowWriter implements Closeable {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
      100_000_000L, 1_000_000_000L, 10_000_000_000L};

  private final OutputStream out;
  private final byte[] buffer = new byte[1 << 16];
  private final byte[] digits = new byte[20];
  private int position;
  private long written;

  RowWriter(OutputStream out) {
    this.out = out;
  }

  /** Bytes written so far, buffered ones included. */
  long bytesWritten() {
    return written + position;
  }

  /** Makes room for {@code n} more bytes; every write of bounded size calls this first. */
  private void room(int n) throws IOException {
    if (position + n > buffer.length) {
      out.write(buffer, 0, position);
      written += position;
      position = 0;
    }
  }

  RowWriter tab() throws IOException {
    room(1);
    buffer[position++] = '\t';
    return this;
  }

  RowWriter endRow() throws IOException {
    room(1);
    buffer[position++] = '\n';
    return this;
  }

  /** Raw bytes (already UTF-8), for names prepared once and written many times. */
  RowWriter bytes(byte[] value) throws IOException {
    if (value.length > buffer.length) {
      room(buffer.length);
      out.write(value);
      written += value.length;
      return this;
    }
    room(value.length);
    System.arraycopy(value, 0, buffer, position, value.length);
    position += value.length;
    return this;
  }

  /** Text of a small table (taxon names, logins): encoded on the way, ASCII without a copy. */
  RowWriter text(String value) throws IOException {
    int n = value.length();
    for (int i = 0; i < n; i++) {
      if (value.charAt(i) >= 0x80) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
      }
    }
    room(n);
    for (int i = 0; i < n; i++) {
      buffer[position++] = (byte) value.charAt(i);
    }
    return this;
  }

  RowWriter number(long value) throws IOException {
    room(20);
    if (value < 0) {
      buffer[position++] = '-';
      value = -value;
    }
    int n = 0;
    do {
      digits[n++] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    while (n > 0) {
      buffer[position++] = digits[--n];
    }
    return this;
  }

  /** A decimal with exactly {@code decimals} fraction digits (the export writes coordinates with 10). */
  RowWriter fixed(double value, int decimals) throws IOException {
    long scaled = Math.round(Math.abs(value) * POW10[decimals]);
    room(1);
    if (value < 0 && scaled != 0) {
      buffer[position++] = '-';
    }
    number(scaled / POW10[decimals]);
    room(decimals + 1);
    buffer[position++] = '.';
    long fraction = scaled % POW10[decimals];
    for (int i = decimals - 1; i >= 0; i--) {
      buffer[position + i] = (byte) ('0' + fraction % 10);
      fraction /= 10;
    }
    position += decimals;
    return this;
  }

  /** YYYY-MM-DD, month and day given as numbers (so a test can write an impossible day on purpose). */
  RowWriter date(int year, int month, int day) throws IOException {
    room(10);
    twoDigits(year / 100);
    twoDigits(year % 100);
    buffer[position++] = '-';
    twoDigits(month);
    buffer[position++] = '-';
    twoDigits(day);
    return this;
  }

  private void twoDigits(int value) {
    buffer[position++] = (byte) ('0' + value / 10);
    buffer[position++] = (byte) ('0' + value % 10);
  }

  /** A lowercase UUID, 8-4-4-4-12, from its two halves. */
  RowWriter uuid(long high, long low) throws IOException {
    room(36);
    hex(high >>> 32, 8);
    buffer[position++] = '-';
    hex(high >>> 16, 4);
    buffer[position++] = '-';
    hex(high, 4);
    buffer[position++] = '-';
    hex(low >>> 48, 4);
    buffer[position++] = '-';
    hex(low, 12);
    return this;
  }

  private void hex(long value, int count) {
    for (int i = count - 1; i >= 0; i--) {
      buffer[position + i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
    position += count;
  }

  /** Writes {@code ids} joined by '/': an ancestry path. */
  RowWriter path(int[] ids, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        room(1);
        buffer[position++] = '/';
      }
      number(ids[i]);
    }
    return this;
  }

  void flush() throws IOException {
    out.write(buffer, 0, position);
    written += position;
    position = 0;
    out.flush();
  }

  @Override
  public void close() throws IOException {
    flush();
    out.close();
  }
}
