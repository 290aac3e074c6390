package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.cli.Refugium;
import org.refugium.testing.SharedData;
import picocli.CommandLine;

/**
 * Failures that end cleanly must also be actionable (issue #16, item 15): crafted exports that used to end in an
 * out-of-memory error, a whole file echoed as "the header", or Java's {@code For input string: "…"} now end in one
 * line that names the file, the line and column where it can, and what was expected.
 */
class ActionableFailuresTest {

  @TempDir
  Path dir;

  /** The Open Data excerpt with one table replaced by {@code bytes}. */
  private Path openDataWith(String table, byte[] bytes) throws Exception {
    Path export = Files.createDirectories(dir.resolve("export"));
    for (String t : List.of("taxa", "observers", "observations", "photos")) {
      Files.copy(SharedData.openDataExcerpt().resolve(t + ".csv"), export.resolve(t + ".csv"));
    }
    Files.write(export.resolve(table + ".csv"), bytes);
    return export;
  }

  /** Runs `refugium import`, returns what it printed on its error stream; the exit must be 1 (the user's input). */
  private String importFails(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Refugium.commandLine();
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new java.util.ArrayList<>(List.of("import", "--name", "crafted", "--data-dir", dir.resolve("data").toString()));
    all.addAll(List.of(args));
    java.io.PrintStream out = System.out;
    int exit;
    try {
      System.setOut(new java.io.PrintStream(OutputStream.nullOutputStream()));
      exit = cli.execute(all.toArray(String[]::new));
    } finally {
      System.setOut(out);
    }
    String text = err.toString();
    assertThat(exit).as(text).isEqualTo(1);
    assertThat(text.strip().lines()).as("one line").hasSize(1);
    assertThat(text).startsWith("refugium: import failed: ").doesNotContain("For input string", "Exception",
        "OutOfMemory", "\tat ");
    assertThat(text.strip().chars().filter(c -> c < 0x20)).as("no raw control characters").isEmpty();
    return text.strip();
  }

  @Test
  void aTableWithoutAnyLineBreakIsNotEchoedWholeAsItsHeader() throws Exception {
    byte[] noNewline = ("id,taxon_id,observed_on " + "lorem ipsum ".repeat(20_000)).getBytes(StandardCharsets.UTF_8);
    String message = importFails("--open-data", openDataWith("observations", noNewline).toString());
    assertThat(message).contains("observations.csv, line 1: not a header line; expected a tab-separated header"
        + " naming [observation_uuid, ")
        .contains("found 1 column: \"id,taxon_id,observed_on lorem");
    assertThat(message.length()).as("a prefix, not the file").isLessThan(800);
  }

  @Test
  void aBinaryFileAsATableSaysSoInOneSafeLine() throws Exception {
    byte[] jpeg = Files.readAllBytes(SharedData.data("photos/open-images/parrot.jpg"));
    String message = importFails("--open-data", openDataWith("taxa", jpeg).toString());
    assertThat(message).contains("taxa.csv, line 1: not a header line; expected a tab-separated header naming"
        + " [taxon_id, ").contains("\\x00\\x10JFIF");
    assertThat(message.length()).isLessThan(800);
  }

  @Test
  void aGiganticSingleLineEndsWithItsLineAndColumnNotOutOfMemory() throws Exception {
    Path observations = SharedData.openDataExcerpt().resolve("observations.csv");
    String header = Files.readAllLines(observations).get(0);
    Path export = openDataWith("observations", new byte[0]);
    try (OutputStream out = Files.newOutputStream(export.resolve("observations.csv"))) {
      out.write((header + "\n").getBytes(StandardCharsets.UTF_8));
      byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 9; i++) { // 9 MiB without a line break, above the 8 MiB a line may take
        out.write(chunk);
      }
    }
    String message = importFails("--open-data", export.toString());
    assertThat(message).contains("observations.csv, line 2, column 8388609: no line break within 8 MiB;"
        + " expected one record per line");
  }

  @Test
  void aGiganticLineInAWebExportCsvIsNamedToo() throws Exception {
    Path csv = dir.resolve("observations-1.csv");
    try (OutputStream out = Files.newOutputStream(csv)) {
      out.write("id,observed_on,scientific_name\n1,2020-01-01,".getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "y".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 9; i++) {
        out.write(chunk);
      }
    }
    String message = importFails("--web-export", csv.toString());
    assertThat(message).contains("observations-1.csv, line 2, column 8388609: no line break within 8 MiB");
  }

  @Test
  void aNonNumberInMetaXmlNamesTheAttributeAndWhatWasExpected() throws Exception {
    Path dwca = Files.createDirectories(dir.resolve("dwca"));
    Files.copy(SharedData.data("inat-taxonomy-dwca/excerpt/taxa.csv"), dwca.resolve("taxa.csv"));
    Files.writeString(dwca.resolve("meta.xml"), """
        <archive xmlns="http://rs.tdwg.org/dwc/text/">
          <core encoding="UTF-8" fieldsTerminatedBy="," fieldsEnclosedBy="&quot;" ignoreHeaderLines="1"
              rowType="http://rs.tdwg.org/dwc/terms/Taxon">
            <files><location>taxa.csv</location></files>
            <id index="first"/>
            <field index="1" term="http://rs.tdwg.org/dwc/terms/scientificName"/>
          </core>
        </archive>
        """);
    String message = importFails("--open-data", SharedData.openDataExcerpt().toString(), "--taxonomy",
        dwca.toString());
    assertThat(message).contains("meta.xml: the index of <id> is \"first\"; expected a column number counted from 0");
  }
}
