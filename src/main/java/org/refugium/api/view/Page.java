package org.refugium.api.view;

import java.util.List;

/** iNaturalist's envelope: {@code {total_results, page, per_page, results}}. */
public record Page<T>(long totalResults, int page, int perPage, T results) {

  public static <E> Page<List<E>> of(long total, int page, int perPage, List<E> results) {
    return new Page<>(total, page, perPage, results);
  }

  /** A lookup by ids: one page holding every result found (unknown ids simply absent). */
  public static <E> Page<List<E>> lookup(List<E> results) {
    return new Page<>(results.size(), 1, Math.max(results.size(), 30), results);
  }
}
