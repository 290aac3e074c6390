package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.importer.tsv.Header;
import org.refugium.importer.tsv.TsvReader;
import org.refugium.importer.tsv.TsvRow;

/**
 * A table declared as data: columns are found by their declared names in any order and case, an optional column
 * the file lacks reads as null, and every reject names the column as declared (not as the header spells it).
 */
class TableSpecTest {

  @TempDir
  Path dir;

  /** id, login required; width, born, grade optional. */
  private static final TableSpec<TableSpec.RowMapping> PEOPLE = TableSpec.of("people", List.of("id", "login"),
      List.of("width", "born", "grade"), "INSERT INTO people (id, login, width, born, grade) VALUES (?,?,?,?,?)",
      r -> new Object[] {r.requiredInteger(0), r.requiredText(1), r.integer(2), r.date(3), r.is(4, "a")});

  /** Each row's values, or the reject's message; the first line is the header. */
  private static List<String> load(TableLoader loader, String... lines) throws Exception {
    TsvReader reader = new TsvReader(new ByteArrayInputStream(
        String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
    TsvRow row = new TsvRow();
    assertThat(reader.next(row)).isTrue();
    loader.bind(Header.of(row));
    List<String> out = new ArrayList<>();
    while (reader.next(row)) {
      try {
        out.add(Arrays.toString(loader.map(row)));
      } catch (RowRejectedException e) {
        out.add(e.reason() + " | " + e.getMessage());
      }
    }
    return out;
  }

  @Test
  void columnsAreFoundByNameInAnyOrderAndAbsentOptionalOnesReadAsNull() throws Exception {
    assertThat(load(PEOPLE.newLoader(), "LOGIN\tId", "ann\t7", "bob\t8")).containsExactly(
        "[7, ann, null, null, false]", "[8, bob, null, null, false]");
    assertThat(load(PEOPLE.newLoader(), "born\tgrade\tid\tlogin\twidth", "2020-02-29\ta\t9\tcy\t12"))
        .containsExactly("[9, cy, 12, 2020-02-29, true]");
  }

  @Test
  void rejectsNameTheColumnAsDeclared() throws Exception {
    assertThat(load(PEOPLE.newLoader(), "ID\tLogin\tWIDTH\tBorn",
        "x\tann\t\t",
        "8\t\t\t",
        "\tbob\t\t",
        "9\tbob\twide\t",
        "10\tcy\t3\t2021-02-29",
        "11\tdo")).containsExactly(
        "bad number | bad number: id = x",
        "missing value | missing value: login",
        "missing value | missing value: id",
        "bad number | bad number: width = wide",
        "bad date | bad date: born = 2021-02-29",
        "wrong field count | wrong field count: 2 fields, header has 4");
  }

  @Test
  void uuidsAndValuesAMappingChecksItselfAreNamedToo() throws Exception {
    TableSpec<TableSpec.RowMapping> spec = TableSpec.of("t", List.of("observation_uuid", "quality"), List.of(),
        "INSERT INTO t (a, b) VALUES (?,?)", r -> {
          if (!r.is(1, "research")) {
            throw r.badValue(1);
          }
          return new Object[] {r.uuid(0), "research"};
        });
    assertThat(load(spec.newLoader(), "quality\tobservation_uuid",
        "research\t11111111-1111-4111-8111-111111111111",
        "research\tnot-a-uuid",
        "research\t",
        "great\t11111111-1111-4111-8111-111111111111")).containsExactly(
        "[11111111-1111-4111-8111-111111111111, research]",
        "bad value | bad value: observation_uuid is not a UUID: not-a-uuid",
        "missing value | missing value: observation_uuid",
        "bad value | bad value: quality = great");
  }

  @Test
  void perImportMappingsStartAfreshEachImport() throws Exception {
    TableSpec<TableSpec.RowMapping> spec = TableSpec.perImport("t", List.of("key"), List.of(),
        "INSERT INTO t (key) VALUES (?)", () -> {
          UniqueIds seen = new UniqueIds();
          return r -> {
            long key = r.requiredInteger(0);
            seen.claim(key, r.name(0));
            return new Object[] {key};
          };
        });
    assertThat(load(spec.newLoader(), "key", "5", "5")).containsExactly("[5]", "duplicate key | duplicate key: key = 5");
    assertThat(load(spec.newLoader(), "key", "5")).containsExactly("[5]");
  }

  @Test
  void aFileWithoutARequiredColumnIsRefusedNamingIt() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite::memory:");
        RejectLog rejects = new RejectLog(dir.resolve(RejectLog.FILE_NAME))) {
      TableIngest ingest = new TableIngest(db, rejects);
      try {
        assertThatThrownBy(() -> ingest.load("people.csv", new ByteArrayInputStream(
            "id\twidth\n1\t2\n".getBytes(StandardCharsets.UTF_8)), PEOPLE.newLoader(), null))
            .isInstanceOf(ImportFailedException.class)
            .hasMessageContaining("people.csv, line 1: the header lacks the required column(s) [login]");
      } finally {
        ingest.shutdown();
      }
    }
  }
}
