package org.refugium.search;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * How taxon names become terms. Every name is split into words (Unicode word boundaries: Latin, Cyrillic,
 * hyphens and apostrophes split), lowercased and folded: diacritics go (Ä→a, ß→ss) and ё becomes е,
 * because Russian writers use ё and е interchangeably and ASCII folding does not touch Cyrillic.
 * The index side of the name fields adds edge n-grams of every word, so a prefix query is one term
 * lookup ("dunl" is a term of "Dunlin"); the query side only splits and folds.
 */
public final class NameAnalysis {

  /** Longest indexed prefix; longer query words are cut to it and checked exactly afterwards. */
  public static final int MAX_GRAM = 20;

  private static final NormalizeCharMap YO = yo();

  private NameAnalysis() {}

  private static NormalizeCharMap yo() {
    NormalizeCharMap.Builder b = new NormalizeCharMap.Builder();
    b.add("ё", "е");
    b.add("Ё", "Е");
    return b.build();
  }

  /** Index-side analyzer of the name fields: folded words plus their edge n-grams (1..MAX_GRAM). */
  public static Analyzer indexAnalyzer() {
    return new Analyzer(Analyzer.PER_FIELD_REUSE_STRATEGY) {
      @Override
      protected TokenStreamComponents createComponents(String field) {
        Tokenizer source = new StandardTokenizer();
        TokenStream words = fold(source);
        if (TaxonFields.NAMES_WORDS.equals(field)) {
          return new TokenStreamComponents(source, words);
        }
        return new TokenStreamComponents(source, new EdgeNGramTokenFilter(words, 1, MAX_GRAM, true));
      }

      @Override
      protected Reader initReader(String field, Reader reader) {
        return new MappingCharFilter(YO, reader);
      }
    };
  }

  /** Query-side analyzer: folded words, no n-grams. */
  public static Analyzer wordAnalyzer() {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String field) {
        Tokenizer source = new StandardTokenizer();
        return new TokenStreamComponents(source, fold(source));
      }

      @Override
      protected Reader initReader(String field, Reader reader) {
        return new MappingCharFilter(YO, reader);
      }
    };
  }

  private static TokenStream fold(TokenStream in) {
    return new ASCIIFoldingFilter(new LowerCaseFilter(in));
  }

  private static final Analyzer WORDS = wordAnalyzer();

  /** The folded words of a text, in order: "Sea Otter" → [sea, otter], "Пёстрый дятел" → [пестрый, дятел]. */
  public static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    try (TokenStream ts = WORDS.tokenStream("q", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader cannot fail
    }
    return out;
  }

  /** The key of a whole name for exact matching: its folded words joined by one space. */
  public static String exactKey(String name) {
    return String.join(" ", words(name));
  }
}
