package org.refugium.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What reaches a terminal or a log line from a hostile name (issue #16, item 14). */
class SafeTextTest {

  @Test
  void controlCharactersBecomeVisibleEscapes() {
    assertThat(SafeText.of("\u001b[2J\u001b[31mOK")).isEqualTo("\\x1b[2J\\x1b[31mOK");
    assertThat(SafeText.of("a\nforged line\r\tb\u0000c\u007f\u009b")).isEqualTo(
        "a\\x0aforged line\\x0d\\x09b\\x00c\\x7f\\x9b");
  }

  @Test
  void bidiControlsSeparatorsAndLoneSurrogatesAreShownNotObeyed() {
    assertThat(SafeText.of("photo\u202Egpj.exe")).isEqualTo("photo\\u{202e}gpj.exe");
    assertThat(SafeText.of("\u2066x\u2069\u2028\uFEFF")).isEqualTo("\\u{2066}x\\u{2069}\\u{2028}\\u{feff}");
    assertThat(SafeText.of("bad\uD800end")).isEqualTo("bad\\u{d800}end");
  }

  @Test
  void ordinaryTextPassesUnchanged() {
    assertThat(SafeText.of("Чайка озёрная 🦉 <b>&amp;")).isEqualTo("Чайка озёрная 🦉 <b>&amp;");
  }

  @Test
  void longValuesAreCutToAPrefixThatSaysHowMuchIsLeft() {
    String shown = SafeText.of("x".repeat(10_000_000), 40);
    assertThat(shown).isEqualTo("x".repeat(40) + "… (9999960 more characters)");
  }
}
