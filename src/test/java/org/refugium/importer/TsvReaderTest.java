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

  @Test
  void fastDecimalPathIsBitIdenticalToParseDouble() throws Exception {
    java.util.Random random = new java.util.Random(42);
    StringBuilder text = new StringBuilder();
    List<String> values = new ArrayList<>(List.of("0", "-0.0", "33.5", "1e5", "-151.0953202286", "60.4888455291",
        "0.1", "123456789012345678", "1.", ".5", "-", "90.000000000000001", "179.99999999999999"));
    for (int i = 0; i < 20_000; i++) {
      values.add(String.format(java.util.Locale.ROOT, "%.10f", (random.nextDouble() - 0.5) * 360));
      values.add(Double.toString(random.nextDouble() * 1000));
    }
    for (String v : values) {
      text.append(v).append('\n');
    }
    try (TsvReader reader = new TsvReader(new ByteArrayInputStream(text.toString().getBytes()))) {
      TsvRow row = new TsvRow();
      for (String v : values) {
        reader.next(row);
        Double expected;
        try {
          expected = Double.parseDouble(v);
        } catch (NumberFormatException e) {
          expected = null;
        }
        if (expected == null) {
          org.assertj.core.api.Assertions.assertThatThrownBy(() -> row.doubleOrNull(0)).as(v)
              .isInstanceOf(NumberFormatException.class);
        } else {
          assertThat(Double.doubleToRawLongBits(row.doubleOrNull(0))).as(v)
              .isEqualTo(Double.doubleToRawLongBits(expected));
        }
      }
    }
  }
}
