package org.refugium.recognition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which species bundles apply to a photo, from a general model's verdict on the group.
 *
 * <p>Why: a specialist answers with confidence even outside its group (the insect model names an
 * insect for a bird photo), so its scores mean nothing unless the photo shows its group. The gate
 * model (ImageNet) has bird, insect and plant classes (the groups and their class ranges come from
 * the gate bundle's catalogue entry); the summed probability of a group's classes is its
 * <em>mass</em>. A group matters only when a species bundle covering it is in play. Rule, over the specialists still in play (after the taxon_id restriction):
 * <ol>
 *   <li>one specialist in play: it applies with weight 1 (the caller named its clade, or it is the
 *       only model installed) and its scores are passed through unchanged;</li>
 *   <li>several: a specialist applies when its group's mass is at least {@link #MIN_MASS} and at
 *       least {@link #RELATIVE} of the largest group's mass; the applied ones are weighted by
 *       mass / sum of applied masses, so the merged scores still sum to at most 1, and a single
 *       applied specialist keeps its own scores;</li>
 *   <li>no group reaches {@link #MIN_MASS}: no specialist applies (a cat, a car, an empty frame):
 *       the answer is empty rather than confident nonsense.</li>
 * </ol>
 * Measured on ../shared/data/photos: see docs/recognition.md.
 */
public final class Gate {

  /** Below this the gate sees too little of the group to trust a specialist (ImageNet on a vehicle: ~0). */
  public static final double MIN_MASS = 0.10;
  /** A second group is run too only when the gate is nearly torn between the two. */
  public static final double RELATIVE = 0.5;

  private final Map<String, List<int[]>> groups;

  public Gate(Map<String, List<int[]>> groups) {
    this.groups = groups;
  }

  public boolean knows(String group) {
    return groups.containsKey(group);
  }

  /** Per group, the summed probability of its classes. */
  public Map<String, Double> masses(List<Prediction> predictions) {
    int max = 0;
    for (Prediction p : predictions) {
      max = Math.max(max, p.classIndex());
    }
    float[] byClass = new float[max + 1];
    for (Prediction p : predictions) {
      byClass[p.classIndex()] = p.probability();
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<int[]>> g : groups.entrySet()) {
      double sum = 0;
      for (int[] range : g.getValue()) {
        for (int i = range[0]; i <= range[1] && i < byClass.length; i++) {
          sum += byClass[i];
        }
      }
      out.put(g.getKey(), sum);
    }
    return out;
  }

  /** The weights of the groups that apply (see the class comment); empty when none does. */
  public static Map<String, Double> weights(Map<String, Double> masses) {
    double top = masses.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    Map<String, Double> applied = new LinkedHashMap<>();
    double sum = 0;
    for (Map.Entry<String, Double> e : masses.entrySet()) {
      if (e.getValue() >= MIN_MASS && e.getValue() >= RELATIVE * top) {
        applied.put(e.getKey(), e.getValue());
        sum += e.getValue();
      }
    }
    for (Map.Entry<String, Double> e : applied.entrySet()) {
      e.setValue(e.getValue() / sum);
    }
    return applied;
  }
}
