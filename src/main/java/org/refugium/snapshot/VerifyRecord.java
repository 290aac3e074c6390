package org.refugium.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of the last check of a snapshot ({@code snapshots verify}, {@code snapshots use}, the server's
 * check before a switch), kept beside the snapshots in {@code .verify/NAME.json} so that /health can say when
 * the served snapshot was last found sound. A snapshot directory is immutable, so the record lives outside it;
 * the name starts with a dot, so listings never take it for a snapshot.
 */
public record VerifyRecord(String snapshot, String depth, Instant at, boolean ok, List<String> problems) {

  static final String DIR = ".verify";

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static VerifyRecord of(String snapshot, SnapshotVerifier.Depth depth, List<String> problems) {
    return new VerifyRecord(snapshot, depth.name().toLowerCase(java.util.Locale.ROOT),
        Instant.now().truncatedTo(ChronoUnit.SECONDS), problems.isEmpty(), List.copyOf(problems));
  }

  /** Writes atomically (temp file + rename); a failure to record is reported, never fatal to the check itself. */
  public void save(SnapshotStore store) {
    try {
      Path dir = store.root().resolve(DIR);
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, snapshot, ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, dir.resolve(snapshot + ".json"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      System.err.println("could not record the verification of " + snapshot + ": " + e.getMessage());
    }
  }

  /** The last recorded check of {@code snapshot}, if any (an unreadable record counts as none). */
  public static Optional<VerifyRecord> last(SnapshotStore store, String snapshot) {
    Path file = store.root().resolve(DIR).resolve(snapshot + ".json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(file), VerifyRecord.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
