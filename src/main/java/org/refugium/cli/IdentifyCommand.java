package org.refugium.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.refugium.api.LabelTaxa;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.recognition.ImageDecoder;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.Recognizer;
import org.refugium.recognition.UnreadableImageException;
import org.refugium.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * refugium identify: photos (files or folders, recursively) through the installed bundles, offline,
 * one CSV row per candidate: for sorting camera-trap batches. Taxon ids come from the current
 * snapshot when there is one.
 */
@Command(name = "identify", mixinStandardHelpOptions = true,
    description = "Identifies photos with the installed model bundles; writes CSV (file, rank, scientific name,"
        + " common name, score, taxon id, bundle).")
final class IdentifyCommand implements Callable<Integer> {

  private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");

  @Mixin
  ModelsDirOption models;

  @Mixin
  DataDirOption data;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Photo files or folders (searched recursively).")
  List<Path> paths;

  @Option(names = "--top", paramLabel = "N", defaultValue = "1", description = "Candidates per photo (default: 1).")
  int top;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "CSV file (default: standard output).")
  Path output;

  @Option(names = "--bundle", paramLabel = "NAME",
      description = "Use only these species bundles, skipping the gate (repeatable), e.g. for a batch known to be birds.")
  List<String> bundles;

  @Override
  public Integer call() throws Exception {
    List<Path> photos = photos();
    List<ModelBundle> installed = ModelBundle.installed(models.modelsDir);
    if (installed.stream().noneMatch(b -> !b.manifest().isGate())) {
      throw new FriendlyErrors.UserError("no species model installed in " + models.modelsDir
          + ": run `refugium models install coral-inat-birds --from DIR` first");
    }
    SnapshotStore store = data.store();
    ServedSnapshot snapshot = store.currentName().isPresent()
        ? ServedSnapshot.open(store.currentName().get(), store.dir(store.currentName().get()), 2) : null;
    int failed = 0;
    try (Recognizer recognizer = Recognizer.load(installed, ImageDecoder.DEFAULT_MAX_PIXELS, System.err::println);
        OutputStream os = output == null ? null : Files.newOutputStream(output);
        PrintStream csv = os == null ? null : new PrintStream(os, false, StandardCharsets.UTF_8)) {
      PrintStream out = csv != null ? csv : System.out;
      out.println("file,rank,scientific_name,common_name,score,taxon_id,bundle");
      Map<String, LabelTaxa> maps = new HashMap<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < photos.size(); i++) {
        Path p = photos.get(i);
        try {
          Recognizer.Recognition r = recognizer.recognize(Files.readAllBytes(p), bundles);
          int rank = 0;
          for (Recognizer.Scored s : r.scores()) {
            if (rank >= top) {
              break;
            }
            if (s.label().scientificName() == null) {
              continue; // background
            }
            rank++;
            Integer taxon = null;
            if (snapshot != null) {
              LabelTaxa map = maps.computeIfAbsent(s.bundle().name(),
                  k -> LabelTaxa.of(snapshot, s.bundle().bundle(), s.bundle().classifier().labels()));
              int t = map.taxon(s.classIndex());
              taxon = t >= 0 ? t : null;
            }
            out.println(String.join(",", csv(p.toString()), String.valueOf(rank), csv(s.label().scientificName()),
                csv(s.label().commonName()), String.format(Locale.ROOT, "%.4f", s.score()),
                taxon == null ? "" : taxon.toString(), s.bundle().name()));
          }
          if (rank == 0) {
            out.println(csv(p.toString()) + ",0,,,,," + "(no model applies)");
          }
        } catch (UnreadableImageException | IOException e) {
          failed++;
          System.err.println("skipped " + p + ": " + e.getMessage());
        }
        if ((i + 1) % 50 == 0 || i + 1 == photos.size()) {
          double s = (System.nanoTime() - t0) / 1e9;
          System.err.printf("%d/%d photos, %.1f photos/s, ETA %.0f s%n", i + 1, photos.size(), (i + 1) / s,
              (photos.size() - i - 1) / ((i + 1) / s));
        }
      }
    } finally {
      if (snapshot != null) {
        snapshot.close();
      }
    }
    if (failed > 0) {
      System.err.println(failed + " of " + photos.size() + " photos could not be read");
    }
    return failed == 0 ? 0 : 2;
  }

  private List<Path> photos() throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(Files::isRegularFile).filter(IdentifyCommand::isImage).sorted().forEach(out::add);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new FriendlyErrors.UserError("no such file or folder: " + p);
      }
    }
    return out;
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return IMAGE_EXTENSIONS.stream().anyMatch(n::endsWith);
  }

  static String csv(String v) {
    if (v == null) {
      return "";
    }
    return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }
}
