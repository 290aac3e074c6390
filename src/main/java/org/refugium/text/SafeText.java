package org.refugium.text;

/**
 * Text from outside (tar entry names, file names, values from an export, request paths) as it may be echoed to a
 * terminal or a log line: every character that could act on the terminal or reorder what the operator reads is
 * shown as a visible escape, and the whole is cut to a short prefix. One helper for every message that echoes input
 * (issue #16, item 14), so that an entry named {@code "\e[2J\e[31mOK"} prints as {@code \x1b[2J\x1b[31mOK} and a
 * name with a newline cannot forge a second log line.
 *
 * <p>Escaped: C0 and C1 control characters and DEL ({@code \xNN}; tab, newline and carriage return too, since one
 * line must stay one line), the bidirectional embeddings, overrides and isolates U+202A–202E and U+2066–2069, the
 * line and paragraph separators U+2028/2029, the byte-order mark and lone surrogates (shown as {@code \\u{XXXX}}).
 */
public final class SafeText {

  /** How much of a value a message shows by default. */
  public static final int DEFAULT_MAX = 200;

  private SafeText() {}

  /** {@code s} made safe for a terminal or a log line, cut to {@value #DEFAULT_MAX} characters. */
  public static String of(Object s) {
    return of(s, DEFAULT_MAX);
  }

  /** {@code s} made safe for a terminal or a log line, at most {@code max} characters of it shown. */
  public static String of(Object value, int max) {
    if (value == null) {
      return "null";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 16);
    int shown = 0;
    int i = 0;
    for (; i < s.length() && shown < max; i++, shown++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
        out.append(String.format("\\x%02x", (int) c));
      } else if (isInvisibleControl(c) || Character.isSurrogate(c)) {
        out.append(String.format("\\u{%04x}", (int) c));
      } else {
        out.append(c);
      }
    }
    if (i < s.length()) {
      out.append("… (").append(s.length() - i).append(" more characters)");
    }
    return out.toString();
  }

  /** Bidirectional controls (U+202A–202E, U+2066–2069), line/paragraph separators and the byte-order mark. */
  public static boolean isInvisibleControl(int c) {
    return isBidiControl(c) || c == 0x2028 || c == 0x2029 || c == 0xFEFF;
  }

  /** The bidirectional embeddings, overrides and isolates: U+202A–202E and U+2066–2069. */
  public static boolean isBidiControl(int c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
  }
}
