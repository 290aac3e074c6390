package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 128-bit-key map behind the importer's joins and duplicate checks, against a HashMap over the same keys. */
class Key128MapTest {

  @Test
  void agreesWithAHashMapThroughManyGrowths() {
    Random rnd = new Random(3);
    Key128Map map = new Key128Map(1); // grows from 16 entries to 200k
    Map<String, Long> reference = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      // few distinct high halves and small low halves: keys that collide in a poor hash
      long hi = rnd.nextInt(4);
      long lo = rnd.nextInt(150_000);
      long previous = map.putIfAbsent(hi, lo, i);
      Long expected = reference.putIfAbsent(hi + "/" + lo, (long) i);
      assertThat(previous).as("key %d/%d", hi, lo).isEqualTo(expected == null ? Key128Map.ABSENT : expected);
    }
    assertThat(map.size()).isEqualTo(reference.size()).isGreaterThan(100_000);
    reference.forEach((k, v) -> {
      String[] parts = k.split("/");
      assertThat(map.get(Long.parseLong(parts[0]), Long.parseLong(parts[1]))).isEqualTo(v);
    });
    assertThat(map.get(9, 9)).isEqualTo(Key128Map.ABSENT);
  }

  @Test
  void parsesCanonicalLowercaseUuidsOnly() {
    long[] key = new long[2];
    assertThat(Key128Map.parseUuid(bytes("0123abcd-4567-89ef-0123-456789abcdef"), key)).isTrue();
    assertThat(key).containsExactly(0x0123abcd456789efL, 0x0123456789abcdefL);
    assertThat(Key128Map.parseUuid(bytes("0123ABCD-4567-89ef-0123-456789abcdef"), key)).as("upper case").isFalse();
    assertThat(Key128Map.parseUuid(bytes("0123abcd-4567-89ef-0123-456789abcde"), key)).as("35 chars").isFalse();
    assertThat(Key128Map.parseUuid(bytes("0123abcd+4567-89ef-0123-456789abcdef"), key)).as("no dash").isFalse();
    assertThat(Key128Map.parseUuid(bytes("0123abcg-4567-89ef-0123-456789abcdef"), key)).as("not hex").isFalse();
    assertThat(Key128Map.parseUuid(null, key)).isFalse();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
