package org.refugium.search;

import java.util.List;

/**
 * Decides, outside Lucene, how well one name matches the typed words. The index finds candidate taxa
 * by terms from any of their names; this picks the name that matched (the API shows it) and rejects
 * taxa whose typed words were found in different names ("sea" in one, "ott" in another).
 */
final class NameMatcher {

  private NameMatcher() {}

  /** True when every typed word is a prefix of some word of the name. */
  static boolean prefixMatch(List<String> typed, List<String> nameWords) {
    for (String q : typed) {
      boolean found = false;
      for (String w : nameWords) {
        if (w.startsWith(q)) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /**
   * Sum over the typed words of the fewest edits that turn the word into a prefix of some word of the
   * name; -1 when a word needs more edits than {@link #allowedEdits} grants it.
   */
  static int fuzzyDistance(List<String> typed, List<String> nameWords) {
    int total = 0;
    for (String q : typed) {
      int best = Integer.MAX_VALUE;
      for (String w : nameWords) {
        best = Math.min(best, prefixDistance(q, w));
      }
      if (best > allowedEdits(q)) {
        return -1;
      }
      total += best;
    }
    return total;
  }

  /** Edits a typed word may carry: none below 4 letters (too many near misses), 1 up to 5, then 2. */
  static int allowedEdits(String word) {
    int n = word.codePointCount(0, word.length());
    return n < 4 ? 0 : n < 6 ? 1 : 2;
  }

  /**
   * Optimal-string-alignment distance (a swap of neighbours counts one edit) between q and the closest
   * prefix of w: the minimum of the last row of the usual table.
   */
  static int prefixDistance(String q, String w) {
    int n = q.length();
    int m = w.length();
    int[][] d = new int[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= m; j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        int cost = q.charAt(i - 1) == w.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && q.charAt(i - 1) == w.charAt(j - 2) && q.charAt(i - 2) == w.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    int best = d[n][0];
    for (int j = 1; j <= m; j++) {
      best = Math.min(best, d[n][j]);
    }
    return best;
  }
}
