package org.refugium.web;

import java.util.Locale;
import org.refugium.api.view.TaxonView;

/** Taxon names as pages print them. */
final class Names {

  private Names() {}

  /**
   * The common name in the page's language, else null (the page then shows the scientific name alone):
   * the API's preferred name falls back to English, which a Russian page should not pass off as Russian.
   */
  static String common(TaxonView t, String language) {
    if (t == null || t.preferredCommonName == null) {
      return null;
    }
    if (!language.equals("en") && t.preferredCommonName.equals(t.englishCommonName)) {
      return null;
    }
    return t.preferredCommonName;
  }

  /** "Mallard (Anas platyrhynchos)" or the scientific name alone: for alt texts and titles. */
  static String label(TaxonView t, String language) {
    if (t == null) {
      return null;
    }
    String common = common(t, language);
    return common == null ? t.name : common + " (" + t.name + ")";
  }

  /** "ru" → "русский" in the page's language; "sci" is the scientific name. */
  static String languageName(String code, String uiLanguage, String scientificLabel) {
    if (code == null || code.equals("sci")) {
      return scientificLabel;
    }
    Locale ui = Locale.forLanguageTag(uiLanguage);
    String name = Locale.forLanguageTag(code).getDisplayLanguage(ui);
    return name.isEmpty() || name.equals(code) ? code : name.substring(0, 1).toUpperCase(ui) + name.substring(1);
  }
}
