package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refugium.importer.tsv.TsvReader;
import org.refugium.importer.tsv.TsvRow;

class TsvReaderTest {

  static List<List<String>> read(String text) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (TsvReader reader = new TsvReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
      TsvRow row = new TsvRow();
      while (reader.next(row)) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < row.fieldCount(); i++) {
          fields.add(row.stringOrNull(i));
        }
        rows.add(fields);
      }
    }
    return rows;
  }

  @Test
  void quotesMeanNothingAndEmptyFieldsAreNull() throws Exception {
    assertThat(read("a\t\"quoted \"\"name\"\t\t\n")).containsExactly(java.util.Arrays.asList("a", "\"quoted \"\"name\"", null, null));
  }

  @Test
  void crlfAndMissingFinalNewlineAndBlankLines() throws Exception {
    assertThat(read("a\tb\r\n\nc\td")).containsExactly(List.of("a", "b"), List.of("c", "d"));
  }

  @Test
  void utf8AndLinesLongerThanTheBuffer() throws Exception {
    String longName = "ё".repeat(200_000);
    assertThat(read("Чайка\t" + longName + "\n")).containsExactly(List.of("Чайка", longName));
  }

  @Test
  void numbersParseWithoutStrings() throws Exception {
    try (TsvReader reader = new TsvReader(new ByteArrayInputStream("-42\t33.5\t12a\n".getBytes()))) {
      TsvRow row = new TsvRow();
      reader.next(row);
      assertThat(row.parseLong(0)).isEqualTo(-42);
      assertThat(row.doubleOrNull(1)).isEqualTo(33.5);
      assertThat(row.lineNumber()).isEqualTo(1);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> row.parseLong(2)).isInstanceOf(NumberFormatException.class);
    }
  }
}
