package org.refugium.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The data directory: published snapshots side by side, {@code CURRENT} naming the served one, and
 * staging directories where imports build. A snapshot appears only by one atomic rename of a complete,
 * verified staging directory; CURRENT changes only by an atomic rename of a file written beside it.
 */
public final class SnapshotStore {

  public static final String CURRENT = "CURRENT";
  private static final String STAGING_PREFIX = ".staging-";
  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final Path root;

  public SnapshotStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public static void checkName(String name) {
    if (!VALID_NAME.matcher(name).matches() || name.equals(CURRENT) || name.equals(Keyring.DIR)) {
      throw new IllegalArgumentException("snapshot name must be letters, digits, '.', '_' or '-' (max 100), not: "
          + org.refugium.text.SafeText.of(name, 120));
    }
  }

  public Path dir(String name) {
    checkName(name);
    return root.resolve(name);
  }

  public boolean exists(String name) {
    return Files.isDirectory(dir(name));
  }

  /** The name in CURRENT, if a snapshot is published. */
  public Optional<String> currentName() {
    Path file = root.resolve(CURRENT);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String name = Files.readString(file, StandardCharsets.UTF_8).strip();
      return name.isEmpty() ? Optional.empty() : Optional.of(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<Path> current() {
    return currentName().map(this::dir);
  }

  /** Published snapshots (directories with a manifest), oldest name first. */
  public List<String> list() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path p : entries) {
        String n = p.getFileName().toString();
        if (!n.startsWith(".") && Files.isRegularFile(p.resolve(Manifest.FILE_NAME))) {
          names.add(n);
        }
      }
    }
    names.sort(Comparator.naturalOrder());
    return names;
  }

  /** A fresh staging directory for an import; the process id in its name lets a later run clean it up. */
  public Path createStaging(String name) throws IOException {
    checkName(name);
    Files.createDirectories(root);
    Path staging = root.resolve(STAGING_PREFIX + name + "-" + ProcessHandle.current().pid());
    deleteRecursively(staging);
    Files.createDirectory(staging);
    return staging;
  }

  /** Removes staging directories left by imports whose process is gone (killed, crashed). Returns them. */
  public List<Path> removeAbandonedStaging() throws IOException {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return removed;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, STAGING_PREFIX + "*")) {
      for (Path p : entries) {
        String n = p.getFileName().toString();
        long pid = parsePid(n);
        boolean alive = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
            && pid != ProcessHandle.current().pid();
        if (!alive) {
          deleteRecursively(p);
          removed.add(p);
        }
      }
    }
    return removed;
  }

  private static long parsePid(String stagingName) {
    int dash = stagingName.lastIndexOf('-');
    try {
      return Long.parseLong(stagingName.substring(dash + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Publishes a complete staging directory under {@code name} with one atomic rename. */
  public Path publish(Path staging, String name) throws IOException {
    Path target = dir(name);
    if (Files.exists(target)) {
      throw new IOException("snapshot " + name + " already exists in " + root);
    }
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  private static final String HISTORY = ".history";

  /**
   * Points CURRENT at a published snapshot: write a temporary file, fsync it, rename it over CURRENT.
   * The name it replaces is appended to {@code .history}, which {@link #rollback()} reads.
   */
  public void setCurrent(String name) throws IOException {
    Optional<String> previous = currentName();
    writeCurrent(name);
    if (previous.isPresent() && !previous.get().equals(name)) {
      Files.writeString(root.resolve(HISTORY), previous.get() + "\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
  }

  /** Switches CURRENT back to the most recent earlier snapshot that still exists; returns its name. */
  public Optional<String> rollback() throws IOException {
    Path history = root.resolve(HISTORY);
    if (!Files.isRegularFile(history)) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>(Files.readAllLines(history, StandardCharsets.UTF_8));
    String current = currentName().orElse("");
    while (!names.isEmpty()) {
      String candidate = names.remove(names.size() - 1).strip();
      if (!candidate.isEmpty() && !candidate.equals(current) && Files.isRegularFile(dir(candidate).resolve(Manifest.FILE_NAME))) {
        writeCurrent(candidate);
        Files.write(history, names, StandardCharsets.UTF_8);
        return Optional.of(candidate);
      }
    }
    Files.write(history, names, StandardCharsets.UTF_8);
    return Optional.empty();
  }

  /**
   * Deletes published snapshots beyond the {@code keep} newest (by name order, which is export-date
   * order for default names); the current one is always kept, even when older. Each is first renamed aside, so a reader never
   * sees a half-deleted snapshot under its real name. Returns the names removed.
   */
  public List<String> prune(int keep) throws IOException {
    if (keep < 1) {
      throw new IllegalArgumentException("--keep must be at least 1");
    }
    String current = currentName().orElse("");
    List<String> all = list();
    List<String> removed = new ArrayList<>();
    int kept = 0;
    for (int i = all.size() - 1; i >= 0; i--) {
      String name = all.get(i);
      if (kept < keep || name.equals(current)) {
        kept++;
        continue;
      }
      Path aside = root.resolve(".deleting-" + name);
      Files.move(dir(name), aside, StandardCopyOption.ATOMIC_MOVE);
      deleteRecursively(aside);
      removed.add(name);
    }
    return removed;
  }

  private void writeCurrent(String name) throws IOException {
    if (!Files.isRegularFile(dir(name).resolve(Manifest.FILE_NAME))) {
      throw new IOException("no published snapshot named " + name + " in " + root);
    }
    Path tmp = root.resolve(".CURRENT.tmp-" + ProcessHandle.current().pid());
    try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap((name + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
    try {
      Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("the data directory's file system cannot rename atomically: " + root, e);
    }
  }

  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
