package org.refugium.importer.dwca;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  private static List<CsvRecord> read(String text, int expectedFields) throws IOException {
    CsvReader reader = new CsvReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        CsvDialect.INATURALIST);
    reader.expectFields(expectedFields);
    List<CsvRecord> records = new ArrayList<>();
    CsvRecord r;
    while ((r = reader.next()) != null) {
      records.add(r);
    }
    return records;
  }

  @Test
  void readsQuotedCommasDoubledQuotesAndLineBreaks() throws IOException {
    List<CsvRecord> records = read("1,\"a, b\",\"say \"\"hi\"\"\"\r\n2,\"two\nlines\",\"\"\n3,,x\n", 3);
    assertThat(records).extracting(CsvRecord::malformed).containsOnly(false);
    assertThat(records.get(0).fields()).containsExactly("1", "a, b", "say \"hi\"");
    assertThat(records.get(1).fields()).containsExactly("2", "two\nlines", "");
    assertThat(records.get(1).line()).isEqualTo(2);
    assertThat(records.get(2).line()).isEqualTo(4);
    assertThat(records.get(2).get(1)).isNull();
  }

  @Test
  void anUnterminatedQuoteCostsOneLineOnly() throws IOException {
    List<CsvRecord> records = read("1,\"open,x\n2,b,\"\"\n3,c,d\n", 3);
    assertThat(records).extracting(CsvRecord::line, CsvRecord::problem).containsExactly(
        org.assertj.core.groups.Tuple.tuple(1L, CsvRecord.UNTERMINATED_QUOTE),
        org.assertj.core.groups.Tuple.tuple(2L, null), org.assertj.core.groups.Tuple.tuple(3L, null));
    assertThat(records.get(0).raw()).isEqualTo("1,\"open,x");
    assertThat(records.get(2).fields()).containsExactly("3", "c", "d");
  }

  @Test
  void reportsWrongFieldCountsAndTextAfterAClosingQuote() throws IOException {
    List<CsvRecord> records = read("1,2\n\"a\"b,c,d\n1,2,3\n", 3);
    assertThat(records).extracting(CsvRecord::problem)
        .containsExactly(CsvRecord.WRONG_FIELD_COUNT, CsvRecord.STRAY_QUOTE, null);
    assertThat(records.get(0).detail()).isEqualTo("2 fields, header has 3");
  }

  @Test
  void readsCyrillicAndSkipsTheByteOrderMark() throws IOException {
    List<CsvRecord> records = read("\uFEFFid,name\n6930,\"Утка-кряква, обыкновенная\"\n", 2);
    assertThat(records.get(0).fields()).containsExactly("id", "name");
    assertThat(records.get(1).get(1)).isEqualTo("Утка-кряква, обыкновенная");
  }
}
