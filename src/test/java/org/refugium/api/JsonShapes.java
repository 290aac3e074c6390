package org.refugium.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Compares the shape of two JSON documents: every key path of the reference must exist in the candidate
 * with the same JSON type. A null on either side says nothing about the type and is not compared
 * further; arrays are compared element by element (each reference element against the candidate's
 * first) only when both are non-empty: the mirror's lists are shorter, the element shape is what counts.
 */
final class JsonShapes {

  private JsonShapes() {}

  /** Paths like {@code results[].taxon.default_photo.url} where the candidate differs; empty = compatible. */
  static List<String> differences(JsonNode reference, JsonNode candidate, Predicate<String> excused) {
    List<String> out = new ArrayList<>();
    walk("", reference, candidate, excused, out);
    return out;
  }

  private static void walk(String path, JsonNode ref, JsonNode ours, Predicate<String> excused, List<String> out) {
    if (excused.test(path)) {
      return;
    }
    if (ours == null || ours.isMissingNode()) {
      out.add(path + ": missing");
      return;
    }
    if (ref.isNull() || ours.isNull()) {
      return;
    }
    if (type(ref) != type(ours)) {
      out.add(path + ": " + type(ref) + " in iNaturalist's, " + type(ours) + " in ours");
      return;
    }
    if (ref.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = ref.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        walk(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(), ours.get(f.getKey()), excused, out);
      }
    } else if (ref.isArray() && !ref.isEmpty() && !ours.isEmpty()) {
      for (JsonNode element : ref) {
        walk(path + "[]", element, ours.get(0), excused, out);
      }
    }
  }

  private static String type(JsonNode n) {
    if (n.isObject()) {
      return "object";
    }
    if (n.isArray()) {
      return "array";
    }
    if (n.isNumber()) {
      return "number";
    }
    if (n.isBoolean()) {
      return "boolean";
    }
    return "string";
  }
}
