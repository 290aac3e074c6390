package org.refugium.importer.gbif;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Observers of a GBIF download. GBIF carries no iNaturalist user id, only {@code recordedBy}: the user's
 * display name, or the login when the name is blank (iNaturalist's DarwinCore::Occurrence). Each distinct
 * recordedBy becomes one observer with a synthetic negative id — negative so it can never meet a real
 * iNaturalist user id — derived from a hash of the text, so the same person keeps the same id in next
 * month's snapshot. The text is kept as the name, and as the login too when it has a login's shape
 * (a guess: a one-word display name looks the same).
 */
final class ObserverIds {

  /** iNaturalist logins: a letter, then letters, digits, '_' or '-', 3 to 40 characters in all. */
  private static final Pattern LOGIN = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{2,39}");
  /** Ids stay within a double's exact integers, so JavaScript clients read them unchanged. */
  private static final long ID_BITS = (1L << 52) - 1;

  record Observer(long id, String login, String name) {}

  private final Map<String, Observer> byText = new LinkedHashMap<>();
  private final Map<Long, String> textById = new HashMap<>();
  private final MessageDigest sha256;

  ObserverIds() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The observer id for a recordedBy value; null when it is empty. */
  Long idFor(String recordedBy) {
    if (recordedBy == null) {
      return null;
    }
    Observer known = byText.get(recordedBy);
    if (known != null) {
      return known.id();
    }
    long id = idOf(recordedBy);
    while (textById.containsKey(id)) { // two texts with one hash: astronomically rare, resolved by order
      id = id == -1 ? -ID_BITS - 1 : id + 1;
    }
    textById.put(id, recordedBy);
    byText.put(recordedBy, new Observer(id, LOGIN.matcher(recordedBy).matches() ? recordedBy : null, recordedBy));
    return id;
  }

  long idOf(String text) {
    byte[] h = sha256.digest(text.getBytes(StandardCharsets.UTF_8));
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (h[i] & 0xff);
    }
    return -((bits & ID_BITS) + 1);
  }

  Collection<Observer> observers() {
    return byText.values();
  }
}
