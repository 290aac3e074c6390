package org.refugium.importer.dwca;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How one text file of an archive is written, as meta.xml describes it: field separator, quote
 * character ({@code 0} = no quoting), header lines to skip, encoding. Lines always end at {@code \n}
 * (a {@code \r} before it is dropped): no archive seen in practice uses anything else.
 */
public record CsvDialect(char delimiter, char quote, int headerLines, Charset encoding) {

  /** What iNaturalist writes (Ruby's CSV): comma, double quotes, one header line, UTF-8. */
  public static final CsvDialect INATURALIST = new CsvDialect(',', '"', 1, StandardCharsets.UTF_8);

  public boolean quoted() {
    return quote != 0;
  }
}
