package org.refugium.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.refugium.api.ApiJson;
import org.refugium.api.LabelTaxa;
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
  public record Form(String lat, String lng, String observedOn, String taxonId, String fileName, String fromPhoto) {
    static final Form EMPTY = new Form("", "", "", "", "", "");

    static Form of(String lat, String lng, String observedOn, String taxonId, String fileName) {
      return new Form(lat, lng, observedOn, taxonId, fileName, "");
    }

    /**
     * The photo's EXIF date and place in the fields the user left empty (both coordinates empty for the
     * place), as the page's script does; {@code fromPhoto} lists what was taken, for the page to say so.
     */
    Form withExif(org.refugium.recognition.PhotoExif exif) {
      String la = lat;
      String lo = lng;
      String on = observedOn;
      List<String> used = new ArrayList<>();
      if (exif.located() && lat.isEmpty() && lng.isEmpty()) {
        la = String.valueOf(exif.lat());
        lo = String.valueOf(exif.lng());
        used.add(la + ", " + lo);
      }
      if (exif.date() != null && observedOn.isEmpty()) {
        on = exif.date().toString();
        used.add(on);
      }
      return new Form(la, lo, on, taxonId, fileName, String.join(" \u00b7 ", used));
    }
  }

  /** A group the user can name ("What is it?") or try the photo as: the taxon_id it sends, in words. */
  public record Kind(int taxonId, String label) {}

  /** The nearest taxon of this archive above a suggestion the archive lacks, with its observation count. */
  public record ArchiveLink(long id, String name, String rank, Number rankLevel, String common, String countText) {}

  /**
   * One suggestion. {@code id} null: not in this archive. {@code modelName}: the common name is the model's
   * (English) label, not the archive's.
   */
  public record Suggestion(Long id, String name, String common, boolean modelName, String rank, Number rankLevel,
      double combined, String combinedText, String visionText, boolean nearby, PhotoCards.PhotoCard photo,
      ArchiveLink inArchive) {}

  /** The headline. {@code id} null: a genus known only from the labels (the archive lacks it). */
  public record Ancestor(Long id, String name, String rank, Number rankLevel, String common, String scoreText,
      ArchiveLink inArchive) {}

  /** iNaturalist's Plantae. */
  static final int PLANTAE = 47126;

  /** One archived observation the archive's vote rests on (the evidence shown with the answer). */
  public record Evidence(long observationId, Integer taxonId, String name, String common, String rank,
      String similarityText, String observedOn, String location, PhotoCards.PhotoCard photo) {}

  private IdentifyPage() {}

  private static String kindLabel(PageRequest ui, int taxonId, String name) {
    return ui.messages().containsKey("identify.what." + taxonId) ? ui.text("identify.what." + taxonId) : name;
  }

  static Map<String, Object> model(WebContext web, ServedSnapshot s, PageRequest ui, Form form,
      WebRecognition recognition) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("form", form);
    m.put("available", recognition.available());
    List<String> models = new ArrayList<>();
    List<Kind> tryAs = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    if (recognition.recognizer() != null) {
      for (Recognizer.Loaded l : recognition.recognizer().species()) {
        var covers = l.bundle().manifest().covers();
        models.add(l.name() + (covers == null || covers.name() == null ? "" : " (" + covers.name() + ")"));
        int clade = LabelTaxa.of(s, l.bundle(), l.classifier().labels()).clade();
        String cladeName = clade >= 0 ? s.taxa().name(clade) : covers == null ? l.name() : covers.name();
        long count = l.classifier().labels().stream().filter(x -> x.scientificName() != null).count();
        groups.add(ui.messages().containsKey("identify.group." + clade) ? ui.format("identify.group." + clade, count)
            : ui.format("identify.group.other", count, cladeName));
        if (clade >= 0) {
          tryAs.add(new Kind(clade, ui.messages().containsKey("identify.tryAs." + clade) ? ui.text("identify.tryAs." + clade)
              : ui.format("identify.tryAs.other", cladeName)));
          kinds.add(new Kind(clade, kindLabel(ui, clade, cladeName)));
        }
      }
    }
    // "a plant" is offered even with no plant model: the answer then says so, instead of an insect's name
    if (s.taxa().contains(PLANTAE) && kinds.stream().noneMatch(k -> k.taxonId() == PLANTAE)) {
      kinds.add(new Kind(PLANTAE, kindLabel(ui, PLANTAE, s.taxa().name(PLANTAE))));
    }
    m.put("models", models);
    m.put("kinds", kinds);
    m.put("tryAs", tryAs);
    m.put("knows", groups.isEmpty() ? null : ui.format("identify.knows", String.join(", ", groups)));
    m.put("knowsList", String.join(", ", groups));
    MapSvg.Marker marker = marker(form);
    m.put("mapSvg", MapSvg.render(MapSvg.View.world(), List.of(), 1, marker, ui.text("identify.map"), n -> ""));
    m.put("scripts", scriptStrings(ui, tryAs, String.join(", ", groups)));
    return m;
  }

  /** Adds the recognition's answer (score_image's body) to the model. */
  @SuppressWarnings("unchecked")
  static void addAnswer(Map<String, Object> m, WebContext web, PageRequest ui, Map<String, Object> answer,
      boolean groupNamed) {
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
            combinedText, visionText, nearby, photo, null));
      } else {
        Map<String, Object> t = (Map<String, Object>) r.get("taxon");
        out.add(new Suggestion(null, (String) t.get("name"), (String) t.get("preferred_common_name"), true,
            (String) t.get("rank"), (Number) t.get("rank_level"), combined, combinedText, visionText, nearby, null,
            archiveLink(ui, (Map<String, Object>) t.get("archive_ancestor"))));
      }
    }
    m.put("suggestions", out);
    Map<String, Object> ancestor = (Map<String, Object>) answer.get("common_ancestor");
    if (ancestor != null) {
      String score = percent(ui, ((Number) ancestor.get("score")).doubleValue());
      if (ancestor.get("taxon") instanceof TaxonView t) {
        m.put("ancestor", new Ancestor(t.id, t.name, t.rank, t.rankLevel, Names.common(t, lang), score, null));
      } else {
        Map<String, Object> t = (Map<String, Object>) ancestor.get("taxon");
        m.put("ancestor", new Ancestor(null, (String) t.get("name"), (String) t.get("rank"), (Number) t.get("rank_level"),
            null, score, archiveLink(ui, (Map<String, Object>) t.get("archive_ancestor"))));
      }
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
    List<Map<String, Object>> species = ((List<Map<String, Object>>) answer.get("bundles")).stream()
        .filter(b -> !"gate".equals(b.get("role"))).toList();
    boolean anyApplied = species.stream().anyMatch(b -> Boolean.TRUE.equals(b.get("applied")));
    m.put("noModelApplies", out.isEmpty() && !anyApplied && archive == null);
    // the gate looked and declined (no taxon_id): offer "try as"; a named group no model knows: say so
    m.put("declined", out.isEmpty() && !anyApplied && !groupNamed && archive == null);
    m.put("noModelFor", out.isEmpty() && !anyApplied && groupNamed && archive == null);
    for (Map<String, Object> b : species) {
      if (Boolean.TRUE.equals(b.get("applied")) && Boolean.FALSE.equals(b.get("gate_agrees"))) {
        Object clade = b.get("covers") instanceof Map<?, ?> c ? c.get("taxon_id") : null;
        String group = ui.messages().containsKey("identify.guessGroup." + clade) ? ui.text("identify.guessGroup." + clade)
            : String.valueOf(b.get("covers") instanceof Map<?, ?> c ? c.get("name") : b.get("name"));
        m.put("guesses", ui.format("identify.guesses", group));
      }
    }
  }

  private static ArchiveLink archiveLink(PageRequest ui, Map<String, Object> a) {
    if (a == null) {
      return null;
    }
    String common = (String) a.get("preferred_common_name");
    boolean english = common != null && common.equals(a.get("english_common_name"));
    return new ArchiveLink(((Number) a.get("id")).longValue(), (String) a.get("name"), (String) a.get("rank"),
        (Number) a.get("rank_level"), "en".equals(ui.language()) || !english ? common : null,
        ui.format("identify.observationsCount", ui.n((Number) a.get("observations_count"))));
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
  private static String scriptStrings(PageRequest ui, List<Kind> tryAs, String knows) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("tryAs", tryAs);
    s.put("knows", knows);
    s.put("identify.knowsSentence", knows.isEmpty() ? "" : ui.format("identify.knows", knows));
    for (String key : List.of("identify.nearby", "identify.notInArchive", "identify.vision", "identify.ancestor",
        "identify.noModelApplies", "identify.none", "identify.working", "identify.failed", "identify.percent",
        "identify.results", "identify.noImage", "photo.missing", "photo.none", "identify.declined",
        "identify.tryAgainHelp", "identify.noModelFor", "identify.guesses", "identify.inArchive",
        "identify.observationsCount", "identify.searchArchive", "identify.exif", "identify.evidence",
        "identify.evidenceHelp", "identify.similarity", "obs.noDate", "identify.error.400", "identify.error.408",
        "identify.error.413", "identify.error.415", "identify.error.422", "identify.error.429", "identify.error.503",
        "identify.error.other", "identify.error.network")) {
      s.put(key, ui.text(key));
    }
    Map<String, String> ranks = new LinkedHashMap<>();
    ui.messages().keySet().stream().filter(k -> k.startsWith("rank.")).forEach(k -> ranks.put(k.substring(5), ui.text(k)));
    s.put("ranks", ranks);
    Map<String, String> guessGroups = new LinkedHashMap<>();
    ui.messages().keySet().stream().filter(k -> k.startsWith("identify.guessGroup."))
        .forEach(k -> guessGroups.put(k.substring("identify.guessGroup.".length()), ui.text(k)));
    s.put("guessGroups", guessGroups);
    try {
      return ApiJson.MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
