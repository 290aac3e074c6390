package org.refugium.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * manifest.json: what a snapshot was built from and what it holds. Verification re-hashes the files
 * it lists; the server shows it on the "about" page.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
    String name,
    String exportDate,
    String toolVersion,
    int schemaVersion,
    Instant startedAt,
    Instant finishedAt,
    List<Source> sources,
    Map<String, Long> counts,
    Map<String, Long> rejectsByReason,
    List<String> warnings,
    List<FileEntry> files) {

  public static final String FILE_NAME = "manifest.json";

  /** A source file read: its checksum, and per table entry the rows read, imported and rejected. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Source(String file, String kind, long size, String sha256, List<Entry> entries) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(String name, String table, long rowsRead, long rowsImported, long rowsRejected,
      Map<String, Long> rejectsByReason, List<String> unknownColumns, Double seconds) {}

  /** A file of the snapshot itself, relative to its directory, with size and sha256. */
  public record FileEntry(String path, long size, String sha256) {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }

  public static Manifest read(Path file) throws IOException {
    return JSON.readValue(Files.readAllBytes(file), Manifest.class);
  }

  public Manifest withFiles(List<FileEntry> snapshotFiles, Instant finished) {
    return new Manifest(name, exportDate, toolVersion, schemaVersion, startedAt, finished, sources, counts,
        rejectsByReason, warnings, snapshotFiles);
  }
}
