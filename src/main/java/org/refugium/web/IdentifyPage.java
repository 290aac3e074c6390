package org.refugium.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.refugium.api.ApiJson;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.view.PhotoView;
import org.refugium.api.view.TaxonView;
import org.refugium.recognition.Recognizer;

/**
 * The identify page's model: the form (photo, optional point on the world map, date), and after a post the
 * suggestions of {@code VisionService} as the page shows them: taxon photo or placeholder, names in the
 * page's language, scores, "seen nearby", the common ancestor. A label the archive has no taxon for keeps
 * the model's own names and gets no link.
 */
final class IdentifyPage {

  /** The form as typed (strings, so a bad value comes back to the user as written). */
  public record Form(String lat, String lng, String observedOn, String fileName) {
    static final Form EMPTY = new Form("", "", "", "");

    static Form of(String lat, String lng, String observedOn, String fileName) {
      return new Form(lat, lng, observedOn, fileName);
    }
  }

  /**
   * One suggestion. {@code id} null: not in this archive. {@code modelName}: the common name is the model's
   * (English) label, not the archive's.
   */
  public record Suggestion(Long id, String name, String common, boolean modelName, String rank, Number rankLevel,
      double combined, String combinedText, String visionText, boolean nearby, PhotoCards.PhotoCard photo) {}

  public record Ancestor(TaxonView taxon, String common, String scoreText) {}

  /** One archived observation the archive's vote rests on (the evidence shown with the answer). */
  public record Evidence(long observationId, Integer taxonId, String name, String common, String rank,
      String similarityText, String observedOn, String location, PhotoCards.PhotoCard photo) {}

  private IdentifyPage() {}

  static Map<String, Object> model(WebContext web, ServedSnapshot s, PageRequest ui, Form form,
      WebRecognition recognition) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("form", form);
    m.put("available", recognition.available());
    List<String> models = new ArrayList<>();
    if (recognition.recognizer() != null) {
      for (Recognizer.Loaded l : recognition.recognizer().species()) {
        var covers = l.bundle().manifest().covers();
        models.add(l.name() + (covers == null || covers.name() == null ? "" : " (" + covers.name() + ")"));
      }
    }
    m.put("models", models);
    MapSvg.Marker marker = marker(form);
    m.put("mapSvg", MapSvg.render(MapSvg.View.world(), List.of(), 1, marker, ui.text("identify.map"), n -> ""));
    m.put("scripts", scriptStrings(ui));
    return m;
  }

  /** Adds the recognition's answer (score_image's body) to the model. */
  @SuppressWarnings("unchecked")
  static void addAnswer(Map<String, Object> m, WebContext web, PageRequest ui, Map<String, Object> answer) {
    String lang = ui.language();
    List<Suggestion> out = new ArrayList<>();
    for (Map<String, Object> r : (List<Map<String, Object>>) answer.get("results")) {
      double combined = ((Number) r.get("combined_score")).doubleValue();
      String combinedText = percent(ui, combined);
      String visionText = percent(ui, ((Number) r.get("vision_score")).doubleValue());
      boolean nearby = ((Number) r.get("frequency_score")).doubleValue() > 0;
      if (r.get("taxon") instanceof TaxonView t) {
        PhotoCards.PhotoCard photo = t.defaultPhoto == null ? null
            : web.photos().card(t.defaultPhoto, "medium", Names.label(t, lang));
        out.add(new Suggestion(t.id, t.name, Names.common(t, lang), false, t.rank, t.rankLevel, combined,
            combinedText, visionText, nearby, photo));
      } else {
        Map<String, Object> t = (Map<String, Object>) r.get("taxon");
        out.add(new Suggestion(null, (String) t.get("name"), (String) t.get("preferred_common_name"), true,
            (String) t.get("rank"), (Number) t.get("rank_level"), combined, combinedText, visionText, nearby, null));
      }
    }
    m.put("suggestions", out);
    Map<String, Object> ancestor = (Map<String, Object>) answer.get("common_ancestor");
    if (ancestor != null) {
      TaxonView t = (TaxonView) ancestor.get("taxon");
      m.put("ancestor", new Ancestor(t, Names.common(t, lang), percent(ui, ((Number) ancestor.get("score")).doubleValue())));
    }
    Map<String, Object> archive = (Map<String, Object>) answer.get("archive");
    if (archive != null) {
      List<Evidence> evidence = new ArrayList<>();
      for (Map<String, Object> e : (List<Map<String, Object>>) archive.get("evidence")) {
        Map<String, Object> t = (Map<String, Object>) e.get("taxon");
        Map<String, Object> photo = (Map<String, Object>) e.get("photo");
        PhotoView pv = new PhotoView();
        pv.id = ((Number) photo.get("id")).longValue();
        pv.squareUrl = (String) photo.get("square_url");
        String name = (String) t.get("name");
        String common = (String) t.get("preferred_common_name");
        PhotoCards.PhotoCard card = web.photos().card(pv, "small",
            common != null ? common + " (" + name + ")" : name);
        String similarity = NumberFormat.getNumberInstance(Locale.forLanguageTag(lang)).format(
            Math.round(((Number) e.get("similarity")).doubleValue() * 100) / 100.0);
        evidence.add(new Evidence(((Number) e.get("observation_id")).longValue(),
            (Integer) t.get("id"), name, common, (String) t.get("rank"),
            ui.text("identify.similarity").replace("{0}", similarity), (String) e.get("observed_on"),
            (String) e.get("location"), card));
      }
      m.put("evidence", evidence);
    }
    boolean anyApplied = ((List<Map<String, Object>>) answer.get("bundles")).stream()
        .anyMatch(b -> !"gate".equals(b.get("role")) && Boolean.TRUE.equals(b.get("applied")));
    m.put("noModelApplies", out.isEmpty() && !anyApplied && archive == null);
  }

  /** "72.6%" / "72,6 %": one decimal, the page's separator; a score that would round to 0.0 but is not 0 is "<0.1". */
  static String percent(PageRequest ui, double value) {
    NumberFormat f = NumberFormat.getNumberInstance(Locale.forLanguageTag(ui.language()));
    f.setMinimumFractionDigits(1);
    f.setMaximumFractionDigits(1);
    String n = value > 0 && value < 0.05 ? "<" + f.format(0.1) : f.format(value);
    return ui.text("identify.percent").replace("{0}", n);
  }

  private static MapSvg.Marker marker(Form form) {
    try {
      double lat = Double.parseDouble(form.lat());
      double lng = Double.parseDouble(form.lng());
      return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? new MapSvg.Marker(lat, lng, null) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The strings app.js needs to render the JSON answer in place, as JSON for a data attribute. */
  private static String scriptStrings(PageRequest ui) {
    Map<String, Object> s = new LinkedHashMap<>();
    for (String key : List.of("identify.nearby", "identify.notInArchive", "identify.vision", "identify.ancestor",
        "identify.noModelApplies", "identify.none", "identify.working", "identify.failed", "identify.percent",
        "identify.results", "identify.noImage", "photo.missing", "photo.none", "identify.evidence",
        "identify.evidenceHelp", "identify.similarity", "obs.noDate")) {
      s.put(key, ui.text(key));
    }
    Map<String, String> ranks = new LinkedHashMap<>();
    ui.messages().keySet().stream().filter(k -> k.startsWith("rank.")).forEach(k -> ranks.put(k.substring(5), ui.text(k)));
    s.put("ranks", ranks);
    try {
      return ApiJson.MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
