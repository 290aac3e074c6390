package org.refugium.importer.dwca;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.refugium.importer.ImportFailedException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A Darwin Core archive's meta.xml: its core table and extensions, each with its files, CSV settings and
 * columns by term. Follows the DwC text guide (https://dwc.tdwg.org/text/): attribute defaults are a
 * comma, a double quote, {@code \n}, UTF-8 and no header line; separators may be written escaped
 * ({@code \t}). Columns are named by the term's last path segment (…/dwc/terms/taxonID → taxonID),
 * which is also how iNaturalist and GBIF name their header lines.
 */
public record ArchiveDescriptor(Table core, List<Table> extensions) {

  public static final String META_XML = "meta.xml";

  /**
   * One table of the archive (core or extension).
   *
   * @param columns lower-case term name → field index; the {@code id}/{@code coreid} column is "id"
   * @param defaults lower-case term name → constant value, for fields meta.xml gives without an index
   */
  public record Table(String rowType, List<String> locations, CsvDialect dialect, Map<String, Integer> columns,
      Map<String, String> defaults) {

    public boolean isRowType(String suffix) {
      return rowType != null && rowType.toLowerCase(Locale.ROOT).endsWith(suffix.toLowerCase(Locale.ROOT));
    }
  }

  /** The extensions of a row type (e.g. "VernacularName"); there is usually one with several files. */
  public List<Table> extensions(String rowTypeSuffix) {
    return extensions.stream().filter(t -> t.isRowType(rowTypeSuffix)).toList();
  }

  public static ArchiveDescriptor parse(InputStream xml, String where) throws IOException {
    Element root;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      // meta.xml comes from outside: no DTDs, no external entities.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      root = factory.newDocumentBuilder().parse(xml).getDocumentElement();
    } catch (ParserConfigurationException | SAXException e) {
      throw new ImportFailedException(where + " is not a readable meta.xml: " + e.getMessage(), e);
    }
    Table core = null;
    List<Table> extensions = new ArrayList<>();
    for (Element child : children(root)) {
      if (child.getLocalName().equals("core")) {
        core = table(child, "id");
      } else if (child.getLocalName().equals("extension")) {
        extensions.add(table(child, "coreid"));
      }
    }
    if (core == null) {
      throw new ImportFailedException(where + " has no <core> element");
    }
    return new ArchiveDescriptor(core, List.copyOf(extensions));
  }

  /** A whole number from meta.xml, or a message naming the attribute, what it holds and what was expected. */
  private static int number(String value, String what, String expected) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new ImportFailedException("meta.xml: the " + what + " is \"" + org.refugium.text.SafeText.of(value, 40)
        + "\"; expected " + expected);
  }

  private static Table table(Element element, String idElement) {
    CsvDialect dialect = new CsvDialect(
        singleChar(attribute(element, "fieldsTerminatedBy").orElse(","), ','),
        singleChar(attribute(element, "fieldsEnclosedBy").orElse("\""), (char) 0),
        number(attribute(element, "ignoreHeaderLines").orElse("0"), "ignoreHeaderLines of <" + element.getLocalName()
            + ">", "a count of header lines (0 or 1)"),
        charset(attribute(element, "encoding").orElse("UTF-8")));
    List<String> locations = new ArrayList<>();
    Map<String, Integer> columns = new HashMap<>();
    Map<String, String> defaults = new HashMap<>();
    Integer idIndex = null;
    for (Element child : children(element)) {
      switch (child.getLocalName()) {
        case "files" -> children(child).stream().filter(e -> e.getLocalName().equals("location"))
            .forEach(e -> locations.add(e.getTextContent().strip()));
        case "field" -> {
          String term = termName(child.getAttribute("term"));
          String index = child.getAttribute("index");
          if (!index.isBlank()) {
            columns.putIfAbsent(term, number(index, "index of <field term=\"" + term + "\">",
                "a column number counted from 0"));
          } else if (child.hasAttribute("default")) {
            defaults.put(term, child.getAttribute("default"));
          }
        }
        default -> {
          if (child.getLocalName().equals(idElement) && !child.getAttribute("index").isBlank()) {
            idIndex = number(child.getAttribute("index"), "index of <" + idElement + ">", "a column number counted from 0");
          }
        }
      }
    }
    if (idIndex != null) {
      columns.putIfAbsent("id", idIndex);
    }
    return new Table(element.getAttribute("rowType"), List.copyOf(locations), dialect, Map.copyOf(columns),
        Map.copyOf(defaults));
  }

  /** The column name of a term URI: the part after the last '/', '#' or ':'; lower case for lookup. */
  static String termName(String term) {
    String t = term.strip();
    int cut = Math.max(t.lastIndexOf('/'), Math.max(t.lastIndexOf('#'), t.lastIndexOf(':')));
    return t.substring(cut + 1).toLowerCase(Locale.ROOT);
  }

  /** "\t", "\\t", "," or "" (none) as written in meta.xml attributes. */
  static char singleChar(String value, char whenEmpty) {
    String v = value.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\");
    if (v.isEmpty()) {
      return whenEmpty;
    }
    if (v.length() != 1) {
      throw new ImportFailedException("unsupported separator in meta.xml: '" + value + "' (one character expected)");
    }
    return v.charAt(0);
  }

  private static Charset charset(String name) {
    try {
      return Charset.forName(name.strip());
    } catch (IllegalArgumentException e) {
      throw new ImportFailedException("meta.xml names an unknown encoding: " + name);
    }
  }

  private static Optional<String> attribute(Element element, String name) {
    return element.hasAttribute(name) ? Optional.of(element.getAttribute(name)) : Optional.empty();
  }

  private static List<Element> children(Element parent) {
    List<Element> elements = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
        Element e = (Element) nodes.item(i);
        if (e.getLocalName() != null) {
          elements.add(e);
        }
      }
    }
    return elements;
  }

  /** The header-line columns of a file without meta.xml, in the same lower-case naming. */
  public static Map<String, Integer> columnsFromHeader(String[] header) {
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      columns.putIfAbsent(termName(header[i]), i);
    }
    return columns;
  }
}
