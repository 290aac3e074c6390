package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gate's rule without a model (GatingTest runs it with the real ImageNet model): group masses are sums over
 * class ranges, a group applies at mass ≥ 0.10 and ≥ half the top group's, and the applied weights are the masses
 * normalised. Expected figures are computed by hand in the comments.
 */
class GateRuleTest {

  private static Prediction p(int classIndex, double probability) {
    return new Prediction(classIndex, "c" + classIndex, null, null, (float) probability);
  }

  private static Map<String, Double> masses(double birds, double insects) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("birds", birds);
    m.put("insects", insects);
    return m;
  }

  @Test
  void massIsTheSumOverEachGroupsClassRanges() {
    // birds: classes 1-2 and 5; insects: 3-4 and a range past the last class the model gave
    Gate gate = new Gate(Map.of("birds", List.of(new int[] {1, 2}, new int[] {5, 5}),
        "insects", List.of(new int[] {3, 4}, new int[] {7, 9})));
    Map<String, Double> m = gate.masses(List.of(p(0, 0.05), p(1, 0.25), p(2, 0.125), p(3, 0.0625), p(4, 0.03125),
        p(5, 0.5), p(6, 0.005)));
    assertThat(m).hasSize(2);
    assertThat(m.get("birds")).isCloseTo(0.25 + 0.125 + 0.5, within(1e-6));
    assertThat(m.get("insects")).isCloseTo(0.0625 + 0.03125, within(1e-6));
    // predictions in any order, a class listed once: the same sums
    Map<String, Double> shuffled = gate.masses(List.of(p(5, 0.5), p(3, 0.0625), p(1, 0.25), p(4, 0.03125),
        p(2, 0.125)));
    assertThat(shuffled.get("birds")).isCloseTo(0.875, within(1e-6));
    assertThat(shuffled.get("insects")).isCloseTo(0.09375, within(1e-6));
    assertThat(gate.knows("birds")).isTrue();
    assertThat(gate.knows("plants")).isFalse();
    assertThat(gate.masses(List.of()).get("birds")).isZero();
  }

  @Test
  void aGroupAppliesFromTenPercentAndHalfTheTop() {
    // one clear group: it alone applies, with weight 1
    assertThat(Gate.weights(masses(0.8, 0.05))).containsOnlyKeys("birds").containsEntry("birds", 1.0);
    // exactly at the floor (0.10) and exactly half of the top (0.2 / 2): both apply, weighted 2/3 and 1/3
    Map<String, Double> torn = Gate.weights(masses(0.2, 0.1));
    assertThat(torn).containsOnlyKeys("birds", "insects");
    assertThat(torn.get("birds")).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(torn.get("insects")).isCloseTo(1.0 / 3, within(1e-9));
    // just under half the top: out, though above the floor
    assertThat(Gate.weights(masses(0.5, 0.2499))).containsOnlyKeys("birds");
    // just under the floor, though the top: nothing applies (a car, an empty frame)
    assertThat(Gate.weights(masses(0.0999, 0.05))).isEmpty();
    assertThat(Gate.weights(Map.of())).isEmpty();
    // both equal: half each
    assertThat(Gate.weights(masses(0.3, 0.3))).containsEntry("birds", 0.5).containsEntry("insects", 0.5);
  }
}
