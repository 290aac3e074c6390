package org.refugium.importer;

import java.util.Arrays;

/**
 * A map from 128-bit keys (a uuid's two halves; an integer id as {@code (id, 0)}) to long values, for the joins and
 * duplicate checks of a bulk load: tens of millions of keys at 24 bytes each plus a 4-byte slot (a {@code HashMap}
 * of Strings takes ~120 bytes per uuid). Entries sit in one array, three longs each (key, key, value), so a probe
 * reads the slot and then one cache line; the slots are an open-addressing table at most half full. Not
 * thread-safe; nothing is ever removed.
 */
public final class Key128Map {

  /** What {@link #get} answers for a key not in the map. */
  public static final long ABSENT = Long.MIN_VALUE;

  private long[] entries;
  private int size;
  private int[] slots; // 1 + the entry's position, 0 = empty
  private int mask;

  public Key128Map(int expected) {
    entries = new long[3 * Math.max(16, expected)];
    resizeSlots(Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1);
  }

  public int size() {
    return size;
  }

  /** The value of the key, or {@link #ABSENT}. */
  public long get(long hi, long lo) {
    int s = slot(hi, lo);
    int e = slots[s];
    return e == 0 ? ABSENT : entries[3 * (e - 1) + 2];
  }

  /** Adds the key with its value unless present; returns the value it already had, or {@link #ABSENT}. */
  public long putIfAbsent(long hi, long lo, long value) {
    int s = slot(hi, lo);
    if (slots[s] != 0) {
      return entries[3 * (slots[s] - 1) + 2];
    }
    if (3 * size == entries.length) {
      entries = Arrays.copyOf(entries, (int) Math.min(3L * (size + (size >> 1)), Integer.MAX_VALUE - 8) / 3 * 3);
    }
    entries[3 * size] = hi;
    entries[3 * size + 1] = lo;
    entries[3 * size + 2] = value;
    slots[s] = ++size;
    if (2 * size > slots.length) {
      resizeSlots(slots.length << 1);
    }
    return ABSENT;
  }

  /** The slot holding the key, or the empty one where it would go. */
  private int slot(long hi, long lo) {
    int s = (int) mix(hi, lo) & mask;
    int e;
    while ((e = slots[s]) != 0) {
      int at = 3 * (e - 1);
      if (entries[at] == hi && entries[at + 1] == lo) {
        return s;
      }
      s = (s + 1) & mask;
    }
    return s;
  }

  private void resizeSlots(int capacity) {
    slots = new int[capacity];
    mask = capacity - 1;
    for (int i = 0; i < size; i++) {
      int s = (int) mix(entries[3 * i], entries[3 * i + 1]) & mask;
      while (slots[s] != 0) {
        s = (s + 1) & mask;
      }
      slots[s] = i + 1;
    }
  }

  /** A 64-bit mix of both halves (murmur3's finaliser): uuids v4 are random, but ids and other versions are not. */
  public static long mix(long hi, long lo) {
    long h = hi * 0x9E3779B97F4A7C15L ^ lo;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ h >>> 33;
  }

  /**
   * A canonical lowercase uuid's 128 bits into {@code key}, from its ASCII bytes (as SQLite hands back a TEXT value,
   * without a String); false for anything else (upper case, another length, a non-hex character).
   */
  public static boolean parseUuid(byte[] text, long[] key) {
    if (text == null || text.length != 36) {
      return false;
    }
    long hi = 0;
    long lo = 0;
    int digits = 0;
    for (int i = 0; i < 36; i++) {
      int v = hexOrDash((char) (text[i] & 0xff), i);
      if (v == -2) {
        return false;
      }
      if (v >= 0) {
        if (digits++ < 16) {
          hi = hi << 4 | v;
        } else {
          lo = lo << 4 | v;
        }
      }
    }
    key[0] = hi;
    key[1] = lo;
    return true;
  }

  /** A hex digit's value, -1 for a dash where the uuid has one, -2 for anything else. */
  private static int hexOrDash(char c, int i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      return c == '-' ? -1 : -2;
    }
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -2;
  }
}
