package org.refugium.recognition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A class label: the raw line, and for iNat-style lines "Genus species (Common name)" the two
 * names split. Line N of the file is class N (the Coral label files have no index column; a
 * file whose every line starts with "N " or "N:" is read by that index instead).
 */
public record Label(String text, String scientificName, String commonName) {

  /** The common name may hold parentheses itself: "Circus cyaneus hudsonius (Northern Harrier (American))". */
  private static final Pattern TAXON = Pattern.compile("^(\\p{Lu}[^()]*?)\\s*\\((.*)\\)$");
  /** A bare Latin name: "Genus species [subspecies]" (lower-case epithets, no commas as in ImageNet's labels). */
  private static final Pattern LATIN = Pattern.compile("^\\p{Lu}\\p{Ll}+(?: [\\p{Ll}×-]+){1,3}$");
  private static final Pattern INDEXED = Pattern.compile("^\\s*(\\d+)[\\s:]+(.*)$");

  public static Label parse(String line) {
    String text = line.strip();
    Matcher m = TAXON.matcher(text);
    if (m.matches()) {
      // 32 insect and 3 bird labels of the Coral files have an empty common name: "Epilachna mexicana ()"
      String common = m.group(2).strip();
      return new Label(text, m.group(1).strip(), common.isEmpty() ? null : common);
    }
    if (LATIN.matcher(text).matches()) {
      return new Label(text, text, null);
    }
    return new Label(text, null, null);
  }

  public static List<Label> read(Path file) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    if (!lines.isEmpty() && lines.stream().allMatch(l -> INDEXED.matcher(l).matches())) {
      return readIndexed(lines, file);
    }
    return lines.stream().map(Label::parse).toList();
  }

  private static List<Label> readIndexed(List<String> lines, Path file) {
    List<Label> out = new ArrayList<>();
    for (String line : lines) {
      Matcher m = INDEXED.matcher(line);
      m.matches();
      int index = Integer.parseInt(m.group(1));
      while (out.size() <= index) {
        out.add(null);
      }
      out.set(index, parse(m.group(2)));
    }
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) == null) {
        throw new IllegalArgumentException(file + ": no label for class " + i);
      }
    }
    return List.copyOf(out);
  }
}
