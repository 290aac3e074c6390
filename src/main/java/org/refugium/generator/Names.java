package org.refugium.generator;

import java.util.SplittableRandom;

/**
 * Made-up but plausible names: Latin-looking taxon names built from syllables with the suffix each rank
 * takes (-idae for animal families, -aceae for plant ones, -inae, -ini, -oidea...), people's names in
 * several scripts, logins and project titles. Some carry quotes and non-ASCII letters on purpose: the
 * export has both, and the importer must take them as they are.
 */
final class Names {

  private static final String[] SYLLABLES = {"ac", "ae", "al", "an", "ar", "ba", "bi", "ca", "ce", "chl", "co",
      "cr", "da", "de", "di", "do", "el", "en", "er", "eu", "fa", "fi", "ga", "gl", "go", "ha", "he", "hy", "il",
      "la", "le", "li", "lo", "ly", "ma", "me", "mi", "mo", "my", "na", "ne", "no", "ny", "ob", "oc", "or", "os",
      "pa", "pe", "ph", "pi", "po", "pt", "ra", "re", "rh", "ri", "ro", "sa", "sc", "se", "si", "so", "sp", "st",
      "ta", "te", "th", "ti", "to", "tr", "ul", "ur", "va", "ve", "vi", "xa", "ze", "zo"};
  private static final String[] GENUS_ENDINGS = {"us", "a", "um", "ia", "is", "ops", "ella", "odon", "ax", "ina"};
  private static final String[] EPITHET_ENDINGS = {"us", "a", "um", "is", "ensis", "ii", "ae", "oides", "ata",
      "icola"};
  private static final String[] FIRST = {"Anna", "Ben", "Carlos", "Dana", "Emil", "Fatima", "Gustavo", "Hana",
      "Ivan", "José", "Kai", "Léa", "Maria", "Nikolai", "Olga", "Priya", "Quentin", "Rosa", "Søren", "Tomás",
      "Юлия", "Алексей", "Wei", "Yuki", "Zoë", "Ahmed", "Björn", "Chiara", "Dmitri", "Elena"};
  private static final String[] LAST = {"Anderson", "Baker", "Costa", "Dubois", "Eriksson", "Fernández", "García",
      "Hoffmann", "Ivanova", "Jensen", "Kowalski", "López", "Müller", "Nakamura", "O'Brien", "Petrov", "Quispe",
      "Rossi", "Smith", "Tanaka", "Umarov", "Vasquez", "Wang", "Xu", "Yilmaz", "Zhang", "Соколов", "Øvergaard"};
  private static final String[] PROJECT_KINDS = {"BioBlitz", "Flora of", "Birds of", "Insects of", "City Nature"
      + " Challenge", "Herps of", "Fungi of", "Moths of", "Wildlife of", "Pollinators of"};

  private Names() {}

  static String stem(SplittableRandom r) {
    int parts = 2 + r.nextInt(2);
    StringBuilder s = new StringBuilder(12);
    for (int i = 0; i < parts; i++) {
      s.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
    }
    s.setCharAt(0, Character.toUpperCase(s.charAt(0)));
    return s.toString();
  }

  /** A taxon name above genus: the stem with the ending its rank and kingdom call for. */
  static String higher(SplittableRandom r, String rank, boolean animal) {
    String stem = stem(r);
    return switch (rank) {
      case "order" -> stem + (animal ? "iformes" : "ales");
      case "suborder" -> stem + (animal ? "ina" : "ineae");
      case "superfamily" -> stem + "oidea";
      case "family" -> stem + (animal ? "idae" : "aceae");
      case "subfamily" -> stem + (animal ? "inae" : "oideae");
      case "tribe" -> stem + (animal ? "ini" : "eae");
      default -> stem + "ia";
    };
  }

  static String genus(SplittableRandom r) {
    return stem(r) + GENUS_ENDINGS[r.nextInt(GENUS_ENDINGS.length)];
  }

  static String epithet(SplittableRandom r) {
    return stem(r).toLowerCase(java.util.Locale.ROOT) + EPITHET_ENDINGS[r.nextInt(EPITHET_ENDINGS.length)];
  }

  /** A display name, or null for the ~30% of observers who set none. A few have quotes or apostrophes. */
  static String person(SplittableRandom r) {
    if (r.nextInt(10) < 3) {
      return null;
    }
    String first = FIRST[r.nextInt(FIRST.length)];
    String last = LAST[r.nextInt(LAST.length)];
    if (r.nextInt(200) == 0) {
      return first + " \"" + stem(r) + "\" " + last;
    }
    return first + " " + last;
  }

  /** A login: lowercase letters, digits and underscores, as iNaturalist allows. */
  static String login(SplittableRandom r) {
    StringBuilder s = new StringBuilder(stem(r).toLowerCase(java.util.Locale.ROOT));
    switch (r.nextInt(4)) {
      case 0 -> s.append(r.nextInt(1000));
      case 1 -> s.append('_').append(stem(r).toLowerCase(java.util.Locale.ROOT));
      default -> { }
    }
    return s.toString();
  }

  static String projectTitle(SplittableRandom r, int year) {
    return PROJECT_KINDS[r.nextInt(PROJECT_KINDS.length)] + " " + stem(r) + (r.nextBoolean() ? " " + year : "");
  }

  static String slug(String title) {
    String s = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return s.replaceAll("^-|-$", "");
  }
}
