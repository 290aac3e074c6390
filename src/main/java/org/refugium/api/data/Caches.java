package org.refugium.api.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Per-snapshot memo of derived values that cost a query each (an observer's counts, a taxon's default
 * photo). The snapshot never changes, so entries never go stale; the size cap only bounds memory.
 */
public final class Caches {

  private static final int MAX_ENTRIES = 100_000;

  private final Map<Object, Object> values = new ConcurrentHashMap<>();

  @SuppressWarnings("unchecked")
  public <K, V> V get(String kind, K key, Function<K, V> compute) {
    Object k = Map.entry(kind, key);
    Object v = values.get(k);
    if (v == null && !values.containsKey(k)) {
      v = compute.apply(key);
      if (values.size() >= MAX_ENTRIES) {
        values.clear(); // crude but bounded; hot entries come back on their next use
      }
      values.put(k, v == null ? NONE : v);
    }
    return v == NONE ? null : (V) v;
  }

  private static final Object NONE = new Object();
}
