package org.refugium.search;

import java.util.Arrays;

/**
 * Counts per int key in open addressing, without boxing: species counts and histograms add one per
 * matching document, and a HashMap&lt;Integer, Long&gt; would allocate on nearly every one of millions.
 */
public final class IntCounts {

  private static final int EMPTY = Integer.MIN_VALUE;

  private int[] keys;
  private long[] counts;
  private int size;

  public IntCounts() {
    keys = new int[64];
    Arrays.fill(keys, EMPTY);
    counts = new long[64];
  }

  /** Adds delta to key's count (key must not be Integer.MIN_VALUE); returns the new count. */
  public long add(int key, long delta) {
    int slot = slot(key);
    if (keys[slot] == EMPTY) {
      keys[slot] = key;
      if (++size * 2 > keys.length) {
        counts[slot] = delta;
        grow();
        return delta;
      }
    }
    return counts[slot] += delta;
  }

  public long get(int key) {
    int slot = slot(key);
    return keys[slot] == EMPTY ? 0 : counts[slot];
  }

  public boolean contains(int key) {
    return keys[slot(key)] != EMPTY;
  }

  public int size() {
    return size;
  }

  public interface Visitor {
    void visit(int key, long count);
  }

  public void forEach(Visitor v) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        v.visit(keys[i], counts[i]);
      }
    }
  }

  private int slot(int key) {
    int mask = keys.length - 1;
    int h = key * 0x9E3779B9; // Fibonacci hashing: neighbouring ids land far apart
    int i = (h ^ h >>> 16) & mask;
    while (keys[i] != EMPTY && keys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    int[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = new int[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    counts = new long[keys.length];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int slot = slot(oldKeys[i]);
        keys[slot] = oldKeys[i];
        counts[slot] = oldCounts[i];
      }
    }
  }
}
