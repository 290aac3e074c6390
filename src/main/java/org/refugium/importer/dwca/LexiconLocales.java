package org.refugium.importer.dwca;

import java.util.Locale;
import java.util.Map;

/**
 * The locale of a {@code VernacularNames-<lexicon>.csv} file from its name, for rows whose
 * {@code language} column is empty. iNaturalist names each file after the lexicon, parameterized
 * ("Chinese Traditional" → chinese-traditional); rows without a lexicon go to VernacularNames-unknown.csv
 * with language "und", which is also the answer for a lexicon not listed here.
 */
final class LexiconLocales {

  static final String UNDETERMINED = "und";

  private static final Map<String, String> BY_FILE_NAME = Map.ofEntries(
      Map.entry("english", "en"), Map.entry("russian", "ru"), Map.entry("spanish", "es"), Map.entry("french", "fr"),
      Map.entry("german", "de"), Map.entry("italian", "it"), Map.entry("portuguese", "pt"), Map.entry("dutch", "nl"),
      Map.entry("japanese", "ja"), Map.entry("korean", "ko"), Map.entry("chinese-traditional", "zh-TW"),
      Map.entry("chinese-simplified", "zh-CN"), Map.entry("ukrainian", "uk"), Map.entry("belarusian", "be"),
      Map.entry("polish", "pl"), Map.entry("czech", "cs"), Map.entry("slovak", "sk"), Map.entry("hungarian", "hu"),
      Map.entry("romanian", "ro"), Map.entry("bulgarian", "bg"), Map.entry("serbian", "sr"), Map.entry("croatian", "hr"),
      Map.entry("slovenian", "sl"), Map.entry("greek", "el"), Map.entry("turkish", "tr"), Map.entry("swedish", "sv"),
      Map.entry("norwegian", "nb"), Map.entry("danish", "da"), Map.entry("finnish", "fi"), Map.entry("icelandic", "is"),
      Map.entry("estonian", "et"), Map.entry("latvian", "lv"), Map.entry("lithuanian", "lt"), Map.entry("catalan", "ca"),
      Map.entry("basque", "eu"), Map.entry("galician", "gl"), Map.entry("irish", "ga"), Map.entry("welsh", "cy"),
      Map.entry("hebrew", "he"), Map.entry("arabic", "ar"), Map.entry("persian", "fa"), Map.entry("hindi", "hi"),
      Map.entry("bengali", "bn"), Map.entry("tamil", "ta"), Map.entry("thai", "th"), Map.entry("vietnamese", "vi"),
      Map.entry("indonesian", "id"), Map.entry("malay", "ms"), Map.entry("tagalog", "tl"), Map.entry("maori", "mi"),
      Map.entry("hawaiian", "haw"), Map.entry("afrikaans", "af"), Map.entry("kazakh", "kk"), Map.entry("georgian", "ka"),
      Map.entry("armenian", "hy"), Map.entry("azerbaijani", "az"), Map.entry("mongolian", "mn"),
      Map.entry("esperanto", "eo"), Map.entry("unknown", UNDETERMINED));

  private LexiconLocales() {}

  /** "VernacularNames-russian.csv" → "ru"; "und" when the lexicon is not known. */
  static String forFileName(String fileName) {
    return BY_FILE_NAME.getOrDefault(lexiconOf(fileName), UNDETERMINED);
  }

  /** The lexicon part of a file name: "VernacularNames-chinese-traditional.csv" → "chinese-traditional". */
  static String lexiconOf(String fileName) {
    String base = DwcArchive.baseName(fileName);
    int dot = base.lastIndexOf('.');
    String stem = dot > 0 ? base.substring(0, dot) : base;
    int dash = stem.indexOf('-');
    return (dash >= 0 ? stem.substring(dash + 1) : stem).toLowerCase(Locale.ROOT);
  }

  static boolean isVernacularFile(String fileName) {
    String base = DwcArchive.baseName(fileName).toLowerCase(Locale.ROOT);
    return base.startsWith("vernacularnames") && base.endsWith(".csv");
  }
}
