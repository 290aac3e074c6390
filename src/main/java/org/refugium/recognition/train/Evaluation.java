package org.refugium.recognition.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.refugium.recognition.SoftmaxHead;

/**
 * How a trained head does on photos it never saw (the test split: other observers): top-1 and
 * top-5 overall and per taxon, and the pairs of taxa it confuses most.
 */
public record Evaluation(String split, int photos, double top1, double top5, List<PerTaxon> taxa,
    List<Confusion> confused) {

  /** One taxon: test photos, how many had it first, how many among the first five. */
  public record PerTaxon(int taxonId, String name, int photos, int top1, int top5) {}

  /** Photos of {@code taxonId} whose first answer was {@code answeredId}. */
  public record Confusion(int taxonId, String name, int answeredId, String answeredName,
      int photos) {}

  public static final int CONFUSED_PAIRS = 10;

  public static Evaluation of(String split, SoftmaxHead head, Examples examples, int[] rows,
      IntFunction<String> names) {
    int classes = examples.classCount();
    int[] rank = new int[rows.length];
    int[] first = new int[rows.length];
    IntStream.range(0, rows.length).parallel().forEach(k -> {
      float[] p = head.probabilities(examples.vectors()[rows[k]]);
      int y = examples.classes()[rows[k]];
      int above = 0;
      int arg = 0;
      for (int c = 0; c < classes; c++) {
        if (p[c] > p[y]) {
          above++;
        }
        if (p[c] > p[arg]) {
          arg = c;
        }
      }
      rank[k] = above;
      first[k] = arg;
    });
    int[] n = new int[classes];
    int[] t1 = new int[classes];
    int[] t5 = new int[classes];
    Map<Long, Integer> pairs = new HashMap<>();
    int top1 = 0;
    int top5 = 0;
    for (int k = 0; k < rows.length; k++) {
      int y = examples.classes()[rows[k]];
      n[y]++;
      if (rank[k] == 0) {
        t1[y]++;
        top1++;
      } else {
        pairs.merge(((long) y << 32) | first[k], 1, Integer::sum);
      }
      if (rank[k] < 5) {
        t5[y]++;
        top5++;
      }
    }
    List<PerTaxon> per = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      int id = examples.taxa().get(c);
      per.add(new PerTaxon(id, names.apply(id), n[c], t1[c], t5[c]));
    }
    List<Confusion> confused = pairs.entrySet().stream()
        .sorted(Map.Entry.<Long, Integer>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(CONFUSED_PAIRS)
        .map(e -> {
          int a = examples.taxa().get((int) (e.getKey() >>> 32));
          int b = examples.taxa().get((int) (e.getKey() & 0xffffffffL));
          return new Confusion(a, names.apply(a), b, names.apply(b), e.getValue());
        }).toList();
    int total = Math.max(1, rows.length);
    return new Evaluation(split, rows.length, (double) top1 / total, (double) top5 / total,
        List.copyOf(per), confused);
  }

  /** The report as people read it. */
  public String text() {
    StringBuilder s = new StringBuilder();
    s.append(String.format("Evaluation on the %s split (%d photos by observers the head never saw):%n",
        split, photos));
    s.append(String.format("  top-1 %.1f %%   top-5 %.1f %%%n", 100 * top1, 100 * top5));
    s.append("  per taxon (photos, top-1, top-5), weakest first:\n");
    taxa.stream().filter(t -> t.photos() > 0)
        .sorted(Comparator.comparingDouble((PerTaxon t) -> (double) t.top1() / t.photos())
            .thenComparingInt(PerTaxon::taxonId))
        .forEach(t -> s.append(String.format("    %-40s %6d  %5.1f %%  %5.1f %%%n",
            t.name() + " (" + t.taxonId() + ")", t.photos(), 100.0 * t.top1() / t.photos(),
            100.0 * t.top5() / t.photos())));
    long untested = taxa.stream().filter(t -> t.photos() == 0).count();
    if (untested > 0) {
      s.append(String.format("    (%d taxa have no photo in this split)%n", untested));
    }
    s.append("  most confused (taxon -> answered instead: photos):\n");
    if (confused.isEmpty()) {
      s.append("    none\n");
    }
    confused.forEach(c -> s.append(String.format("    %s -> %s: %d%n", c.name(), c.answeredName(),
        c.photos())));
    return s.toString();
  }
}
