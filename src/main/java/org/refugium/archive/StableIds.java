package org.refugium.archive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The id an observation gets when no source gives its iNaturalist id: derived from its uuid alone, so every
 * node and every monthly snapshot computes the same one (docs/ids.md). {@code 2^52 + (first 8 bytes of
 * SHA-256(lower-case uuid) mod 2^51)}: at most 2^52 + 2^51 - 1, below 2^53 (exact in a JavaScript number),
 * and far above iNaturalist's own ids (hundreds of millions), so the two ranges never meet. The rare
 * collisions (~20 expected among 300M uuids) are resolved at import in uuid order by {@link #next}.
 */
public final class StableIds {

  /** The first stable id; every id from here up is derived, every id below it is iNaturalist's. */
  public static final long BASE = 1L << 52;
  private static final long SPAN = 1L << 51;

  private StableIds() {}

  public static long of(String uuid) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(uuid.toLowerCase(Locale.ROOT)
          .getBytes(StandardCharsets.US_ASCII));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = v << 8 | (hash[i] & 0xff);
      }
      return BASE + (v & (SPAN - 1));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Whether {@code id} lies in the derived range (else it is, or would be, one of iNaturalist's). */
  public static boolean isStable(long id) {
    return id >= BASE && id < BASE + SPAN;
  }

  /** The id probed after {@code id} when it is taken: the next one, wrapping within the range. */
  public static long next(long id) {
    return id + 1 < BASE + SPAN ? id + 1 : BASE;
  }
}
