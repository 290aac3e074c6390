package org.refugium.importer.dwca;

import java.util.Arrays;

/**
 * Hands out 0, 1, 2, … per key: the position of a name within (taxon, locale). Open addressing over
 * primitive arrays, because a full archive has millions of (taxon, locale) pairs and boxed maps would
 * cost several times the memory.
 */
final class PositionCounter {

  private static final long EMPTY = Long.MIN_VALUE;

  private long[] keys = new long[1 << 12];
  private int[] counts = new int[1 << 12];
  private int size;

  PositionCounter() {
    Arrays.fill(keys, EMPTY);
  }

  /** The next position for {@code key}: 0 the first time. */
  int next(long key) {
    int slot = find(keys, key);
    if (keys[slot] == EMPTY) {
      keys[slot] = key;
      counts[slot] = 1;
      if (++size * 2 > keys.length) {
        grow();
      }
      return 0;
    }
    return counts[slot]++;
  }

  private static int find(long[] keys, long key) {
    int mask = keys.length - 1;
    int slot = (int) mix(key) & mask;
    while (keys[slot] != EMPTY && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static long mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 32);
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldCounts = counts;
    keys = new long[oldKeys.length * 2];
    counts = new int[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int slot = find(keys, oldKeys[i]);
        keys[slot] = oldKeys[i];
        counts[slot] = oldCounts[i];
      }
    }
  }
}
