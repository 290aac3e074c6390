// Refugium pages: progressive enhancement only. Every page works without this script; it adds name
// autocomplete (from /v1/taxa/autocomplete on this node), drawing a search rectangle on the map, and the
// identify page (a point on the map; the photo sent to score_image and the suggestions rendered in place).
(function () {
  "use strict";
  var lang = document.body.getAttribute("data-lang") || "en";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function autocomplete(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var mode = input.getAttribute("data-autocomplete");
    var target = input.getAttribute("data-target") ? document.getElementById(input.getAttribute("data-target")) : null;
    var items = [], active = -1, timer = null, seq = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      var lis = list.children;
      for (var k = 0; k < lis.length; k++) lis[k].setAttribute("aria-selected", k === i ? "true" : "false");
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", lis[i].id);
        lis[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(t) {
      if (mode === "navigate") {
        window.location.href = "/taxa/" + t.id;
        return;
      }
      input.value = t.name;
      if (target) target.value = t.id;
      close();
    }

    function render(results) {
      items = results;
      list.textContent = "";
      results.forEach(function (t, i) {
        var li = el("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("data-taxon-id", t.id);
        if (t.preferred_common_name) li.appendChild(el("span", "common", t.preferred_common_name));
        li.appendChild(el("span", "sci" + (t.rank_level <= 20 ? " italic" : ""), t.name));
        li.appendChild(el("span", "rank", t.rank || ""));
        if (t.matched_term && t.matched_term !== t.name && t.matched_term !== t.preferred_common_name) {
          li.appendChild(el("span", "matched", t.matched_term));
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(t); });
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      active = -1;
    }

    function lookup() {
      var q = input.value.trim();
      var mine = seq;
      if (q.length < 2) { settle(mine, []); return; }
      fetch("/v1/taxa/autocomplete?per_page=8&locale=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (body) { settle(mine, body.results || []); })
        .catch(function () { settle(mine, []); });
    }

    // Only the answer for the latest text is shown: each keystroke counts in seq, so an answer for an older text
    // (arriving late, or before the latest keystroke's lookup has even started) is dropped. From a keystroke until
    // that answer is shown the list is aria-busy, as the identify page's answer is: the list on screen may still be
    // the previous text's (a browser test waits for this, and so can assistive technology).
    function settle(mine, results) {
      if (mine !== seq) return;
      list.removeAttribute("aria-busy");
      render(results);
    }

    input.addEventListener("input", function () {
      seq++;
      list.setAttribute("aria-busy", "true");
      if (target) target.value = "";
      clearTimeout(timer);
      timer = setTimeout(lookup, 120);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(items.length - 1, active + 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(-1, active - 1)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(items[active]); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  // Drag a rectangle on the world map to fill swlat/swlng/nelat/nelng.
  function boxPicker(box) {
    var form = box.closest("form");
    var svg = box.querySelector("svg");
    if (!form || !svg) return;
    box.hidden = false;
    var ns = "http://www.w3.org/2000/svg";
    var rect = document.createElementNS(ns, "rect");
    rect.setAttribute("class", "pick");
    svg.appendChild(rect);
    var start = null;
    function field(n) { return form.querySelector("input[name=" + n + "]"); }
    function at(e) {
      var p = new DOMPoint(e.clientX, e.clientY).matrixTransform(svg.getScreenCTM().inverse());
      return { lng: Math.max(-180, Math.min(180, p.x)), lat: Math.max(-90, Math.min(90, -p.y)) };
    }
    function draw(a, b) {
      rect.setAttribute("x", Math.min(a.lng, b.lng));
      rect.setAttribute("y", -Math.max(a.lat, b.lat));
      rect.setAttribute("width", Math.abs(a.lng - b.lng));
      rect.setAttribute("height", Math.abs(a.lat - b.lat));
    }
    var sw = { lat: parseFloat(field("swlat").value), lng: parseFloat(field("swlng").value) };
    var ne = { lat: parseFloat(field("nelat").value), lng: parseFloat(field("nelng").value) };
    if (!isNaN(sw.lat) && !isNaN(sw.lng) && !isNaN(ne.lat) && !isNaN(ne.lng)) draw(sw, ne);
    svg.addEventListener("pointerdown", function (e) { start = at(e); svg.setPointerCapture(e.pointerId); draw(start, start); });
    svg.addEventListener("pointermove", function (e) { if (start) draw(start, at(e)); });
    svg.addEventListener("pointerup", function (e) {
      if (!start) return;
      var end = at(e);
      function r(v) { return Math.round(v * 1000) / 1000; }
      field("swlat").value = r(Math.min(start.lat, end.lat));
      field("nelat").value = r(Math.max(start.lat, end.lat));
      field("swlng").value = r(Math.min(start.lng, end.lng));
      field("nelng").value = r(Math.max(start.lng, end.lng));
      start = null;
    });
  }

  // Identify: click the world map to place the point. The server drew it in plate carrée degrees
  // (x = longitude, y = -latitude), so the SVG's own coordinates are the answer.
  function pointPicker(box) {
    var form = box.closest("form");
    var svg = box.querySelector("svg");
    if (!form || !svg) return;
    box.hidden = false;
    var lat = form.querySelector("input[name=lat]"), lng = form.querySelector("input[name=lng]");
    var marker = svg.querySelector("circle.marker");
    if (!marker) {
      marker = document.createElementNS("http://www.w3.org/2000/svg", "circle");
      marker.setAttribute("class", "marker");
      marker.setAttribute("r", svg.viewBox.baseVal.width / 70); // as the server sizes it
      svg.appendChild(marker);
    }
    function show() {
      var a = parseFloat(lat.value), o = parseFloat(lng.value);
      var ok = !isNaN(a) && !isNaN(o) && Math.abs(a) <= 90 && Math.abs(o) <= 180;
      marker.setAttribute("visibility", ok ? "visible" : "hidden");
      if (ok) { marker.setAttribute("cx", o); marker.setAttribute("cy", -a); }
    }
    svg.addEventListener("click", function (e) {
      var p = new DOMPoint(e.clientX, e.clientY).matrixTransform(svg.getScreenCTM().inverse());
      function r(v) { return Math.round(v * 1000) / 1000; }
      lat.value = r(Math.max(-90, Math.min(90, -p.y)));
      lng.value = r(Math.max(-180, Math.min(180, p.x)));
      show();
      lat.dispatchEvent(new Event("change", { bubbles: true }));
    });
    lat.addEventListener("input", show);
    lng.addEventListener("input", show);
    show();
  }

  // A minimal EXIF reader: DateTimeOriginal (or DateTime) and the GPS position of a JPEG, from its APP1
  // segment (TIFF, either byte order). Returns {date: "YYYY-MM-DD", lat, lng} with what it found, or null.
  function exif(v) {
    if (v.getUint16(0) !== 0xFFD8) return null;
    var off = 2;
    while (off + 4 <= v.byteLength) {
      var marker = v.getUint16(off), size = v.getUint16(off + 2);
      if (marker === 0xFFE1 && v.getUint32(off + 4) === 0x45786966) return tiff(v, off + 10); // "Exif\0\0"
      if (marker === 0xFFDA || (marker & 0xFF00) !== 0xFF00) return null; // start of scan: no EXIF
      off += 2 + size;
    }
    return null;
  }
  function tiff(v, base) {
    var le = v.getUint16(base) === 0x4949;
    function u16(o) { return v.getUint16(base + o, le); }
    function u32(o) { return v.getUint32(base + o, le); }
    function entries(ifd) {
      var out = {}, n = u16(ifd);
      for (var i = 0; i < n; i++) {
        var e = ifd + 2 + i * 12;
        out[u16(e)] = { type: u16(e + 2), count: u32(e + 4), at: e + 8 };
      }
      return out;
    }
    function ascii(e) {
      var o = e.count > 4 ? u32(e.at) : e.at, s = "";
      for (var i = 0; i < e.count - 1; i++) s += String.fromCharCode(v.getUint8(base + o + i));
      return s;
    }
    function degrees(e) { // three unsigned rationals: degrees, minutes, seconds
      var o = u32(e.at), r = [];
      for (var i = 0; i < 3; i++) r.push(u32(o + 8 * i) / (u32(o + 8 * i + 4) || 1));
      return r[0] + r[1] / 60 + r[2] / 3600;
    }
    var ifd0 = entries(u32(4)), out = {};
    var sub = ifd0[0x8769] ? entries(u32(ifd0[0x8769].at)) : {};
    var when = sub[0x9003] || ifd0[0x0132];
    var m = when && /^(\d{4}):(\d{2}):(\d{2})/.exec(ascii(when));
    if (m && m[1] !== "0000") out.date = m[1] + "-" + m[2] + "-" + m[3];
    if (ifd0[0x8825]) {
      var gps = entries(u32(ifd0[0x8825].at));
      if (gps[2] && gps[4]) {
        var lat = degrees(gps[2]), lng = degrees(gps[4]);
        if (gps[1] && String.fromCharCode(v.getUint8(base + gps[1].at)) === "S") lat = -lat;
        if (gps[3] && String.fromCharCode(v.getUint8(base + gps[3].at)) === "W") lng = -lng;
        if (Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && (lat !== 0 || lng !== 0)) {
          out.lat = Math.round(lat * 1e5) / 1e5;
          out.lng = Math.round(lng * 1e5) / 1e5;
        }
      }
    }
    return out;
  }

  // Identify: post the photo to score_image and render the suggestions in place (the form's plain
  // post to /identify renders the same answer on the server when this script does not run).
  function identify(form) {
    var t = JSON.parse(form.getAttribute("data-strings"));
    var answer = document.getElementById("identify-answer");
    var inputs = [form.querySelector("#image"), form.querySelector("#camera")];
    var preview = form.querySelector(".preview");
    var zone = form.querySelector("[data-dropzone]");
    var file = null, seq = 0;

    function pct(v) { // as the server formats it (IdentifyPage.percent)
      var f = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
      var n = v > 0 && v < 0.05 ? "<" + (0.1).toLocaleString(lang, f) : v.toLocaleString(lang, f);
      return t["identify.percent"].replace("{0}", n);
    }
    function placeholder(text, url) {
      var s = el("span", "placeholder");
      s.setAttribute("role", "img");
      s.setAttribute("aria-label", text);
      s.appendChild(el("span", null, text));
      if (url) s.appendChild(el("small", null, url));
      return s;
    }
    // Only images from this node; a photo the mirror lacks becomes the placeholder, as on the other pages.
    function photo(p, alt) {
      if (!p) return placeholder(t["photo.none"]);
      var url = p.medium_url || p.url;
      if (!url || url.charAt(0) !== "/") return placeholder(t["photo.missing"], url);
      var img = el("img");
      img.alt = alt;
      img.addEventListener("error", function () {
        if (p.square_url && img.getAttribute("src") !== p.square_url) img.src = p.square_url;
        else img.replaceWith(placeholder(t["photo.missing"]));
      });
      img.src = url;
      return img;
    }
    function common(taxon) {
      var c = taxon.preferred_common_name;
      return c && (lang === "en" || !inArchive(taxon) || c !== taxon.english_common_name) ? c : null;
    }
    // A taxon of this archive has a page; a model's label the archive lacks has a negative id and no page.
    function inArchive(taxon) { return taxon.id != null && taxon.id > 0 && taxon.in_archive !== false; }
    function name(taxon, cls) {
      var box = el(inArchive(taxon) ? "a" : "span", cls);
      if (inArchive(taxon)) box.href = "/taxa/" + taxon.id;
      var c = common(taxon);
      if (c) {
        var s = el("span", "common", c);
        if (!inArchive(taxon) && lang !== "en") s.lang = "en"; // the model's own (English) label
        box.appendChild(s);
        box.appendChild(document.createTextNode(" "));
      }
      box.appendChild(el("span", "sci" + (taxon.rank_level != null && taxon.rank_level <= 20 ? " italic" : ""), taxon.name));
      return box;
    }
    function rank(r) { return r ? (t.ranks[r] || r) : ""; }
    // The nearest taxon of the archive above a suggestion the archive lacks: its page, count and observations.
    function archiveLink(a) {
      var box = el("span", "archive-link", t["identify.inArchive"].replace("{0}", ""));
      var link = el("a");
      link.href = "/taxa/" + a.id;
      link.appendChild(el("span", "rank", rank(a.rank)));
      link.appendChild(document.createTextNode(" "));
      var c = a.preferred_common_name;
      if (c && (lang === "en" || c !== a.english_common_name)) link.appendChild(document.createTextNode(c + " "));
      link.appendChild(el("span", "sci" + (a.rank_level <= 20 ? " italic" : ""), a.name));
      box.appendChild(link);
      box.appendChild(document.createTextNode(" (" + t["identify.observationsCount"].replace("{0}",
        Number(a.observations_count).toLocaleString(lang)) + ") · "));
      var search = el("a", null, t["identify.searchArchive"]);
      search.href = "/?taxon_id=" + a.id;
      box.appendChild(search);
      return box;
    }
    function card(r) {
      var taxon = r.taxon, li = el("li", "idcard");
      var label = (common(taxon) ? common(taxon) + " (" + taxon.name + ")" : taxon.name);
      var thumb = el(inArchive(taxon) ? "a" : "span", "thumb");
      if (inArchive(taxon)) thumb.href = "/taxa/" + taxon.id;
      thumb.appendChild(photo(taxon.default_photo, label));
      li.appendChild(thumb);
      var meta = el("div", "meta");
      meta.appendChild(name(taxon, "taxon"));
      meta.appendChild(el("span", "rank", rank(taxon.rank)));
      var score = el("div", "score"), meter = el("meter", null, pct(r.combined_score));
      meter.min = 0; meter.max = 100; meter.value = r.combined_score;
      score.appendChild(meter);
      score.appendChild(document.createTextNode(" "));
      score.appendChild(el("strong", null, pct(r.combined_score)));
      score.appendChild(document.createTextNode(" "));
      score.appendChild(el("small", null, t["identify.vision"].replace("{0}", pct(r.vision_score))));
      meta.appendChild(score);
      var badges = el("div", "badges");
      if (r.frequency_score > 0) badges.appendChild(el("span", "badge nearby", t["identify.nearby"]));
      if (!inArchive(taxon)) badges.appendChild(el("span", "badge outside", t["identify.notInArchive"]));
      meta.appendChild(badges);
      if (!inArchive(taxon) && taxon.archive_ancestor) {
        var box = el("div", "inarchive");
        box.appendChild(archiveLink(taxon.archive_ancestor));
        meta.appendChild(box);
      }
      li.appendChild(meta);
      return li;
    }
    function render(body, groupNamed) {
      answer.textContent = "";
      var h = el("h2", null, t["identify.results"] + " ");
      h.id = "answer-title";
      h.tabIndex = -1;
      h.appendChild(el("small", null, file.name));
      answer.appendChild(h);
      var a = body.common_ancestor;
      if (a) {
        var p = el("p", "ancestor", t["identify.ancestor"] + " ");
        var link = el(inArchive(a.taxon) ? "a" : "span", inArchive(a.taxon) ? null : "outside");
        if (inArchive(a.taxon)) link.href = "/taxa/" + a.taxon.id;
        link.appendChild(el("span", "rank", rank(a.taxon.rank)));
        link.appendChild(document.createTextNode(" "));
        var c = common(a.taxon);
        if (c) link.appendChild(document.createTextNode(c + " "));
        link.appendChild(el("span", "sci" + (a.taxon.rank_level <= 20 ? " italic" : ""), a.taxon.name));
        p.appendChild(link);
        p.appendChild(document.createTextNode(" "));
        p.appendChild(el("small", null, pct(a.score)));
        if (!inArchive(a.taxon) && a.taxon.archive_ancestor) {
          p.appendChild(document.createTextNode(" "));
          p.appendChild(archiveLink(a.taxon.archive_ancestor));
        }
        answer.appendChild(p);
      }
      var species = (body.bundles || []).filter(function (b) { return b.role !== "gate"; });
      species.forEach(function (b) {
        if (b.applied && b.gate_agrees === false) { // the caller forced the group: guesses, not an answer
          var g = b.covers && t.guessGroups[b.covers.taxon_id] || (b.covers && b.covers.name) || b.name;
          var w = el("p", "warning", t["identify.guesses"].split("{0}").join(g));
          w.setAttribute("role", "note");
          answer.appendChild(w);
        }
      });
      var results = body.results || [];
      if (!results.length) {
        var applied = species.some(function (b) { return b.applied; });
        if (applied || body.archive) answer.appendChild(el("p", "empty", t["identify.none"]));
        else if (groupNamed) answer.appendChild(el("p", "empty", t["identify.noModelFor"].replace("{0}", t.knows)));
        else declined();
      } else {
        var ol = el("ol", "idlist");
        results.forEach(function (r) { ol.appendChild(card(r)); });
        answer.appendChild(ol);
      }
      evidence(body.archive);
    }
    // The archived observations the archive's vote rests on (score_image's "archive" extension).
    function evidence(archive) {
      if (!archive || !archive.evidence || !archive.evidence.length) return;
      var h = el("h3", null, t["identify.evidence"]);
      h.id = "evidence-title";
      answer.appendChild(h);
      answer.appendChild(el("p", "help", t["identify.evidenceHelp"]));
      var ol = el("ol", "idlist evidence");
      archive.evidence.forEach(function (e) {
        var li = el("li", "idcard"), taxon = e.taxon;
        var label = taxon.preferred_common_name ? taxon.preferred_common_name + " (" + taxon.name + ")" : taxon.name;
        var thumb = el("a", "thumb");
        thumb.href = "/observations/" + e.observation_id;
        thumb.appendChild(photo({ medium_url: e.photo.url, square_url: e.photo.square_url }, label || ""));
        li.appendChild(thumb);
        var meta = el("div", "meta");
        meta.appendChild(name({ id: taxon.id, name: taxon.name, preferred_common_name: taxon.preferred_common_name,
          rank_level: null }, "taxon"));
        meta.appendChild(el("span", "rank", rank(taxon.rank)));
        var score = el("div", "score");
        score.appendChild(el("strong", null, t["identify.similarity"].replace("{0}",
          e.similarity.toLocaleString(lang, { maximumFractionDigits: 2 }))));
        meta.appendChild(score);
        var sub = el("div", "sub"), when = el("a", null, e.observed_on || t["obs.noDate"]);
        when.href = "/observations/" + e.observation_id;
        sub.appendChild(when);
        if (e.location) sub.appendChild(document.createTextNode(" \u00b7 " + e.location));
        meta.appendChild(sub);
        li.appendChild(meta);
        ol.appendChild(li);
      });
      answer.appendChild(ol);
    }
    // The gate declined: say what the node knows and offer to try the photo as each group.
    function declined() {
      var box = el("div", "declined");
      box.appendChild(el("p", "empty", t["identify.noModelApplies"] + (t.knows ? " " + t["identify.knowsSentence"] : "")));
      if (t.tryAs.length) {
        box.appendChild(el("p", null, t["identify.declined"]));
        var p = el("p", "tryas");
        t.tryAs.forEach(function (k) {
          var b = el("button", "secondary", k.label);
          b.type = "button";
          b.value = k.taxon_id;
          b.addEventListener("click", function () { form.elements.taxon_id.value = String(k.taxon_id); run(); });
          p.appendChild(b);
          p.appendChild(document.createTextNode(" "));
        });
        box.appendChild(p);
      }
      answer.appendChild(box);
    }
    // On a phone the answer is below the fold: bring it into view and give it the focus.
    function reveal() {
      if (!window.matchMedia || !window.matchMedia("(max-width: 720px)").matches) return;
      var h = document.getElementById("answer-title") || answer.firstElementChild;
      if (!h) return;
      if (!h.hasAttribute("tabindex")) h.tabIndex = -1;
      answer.scrollIntoView({ block: "start" });
      h.focus({ preventScroll: true });
    }
    function refusal(status) {
      return t["identify.error." + status] || t["identify.error.other"].replace("{0}", status);
    }
    function fail(message) {
      answer.textContent = "";
      var p = el("p", "error", t["identify.failed"].replace("{0}", message));
      p.setAttribute("role", "alert");
      answer.appendChild(p);
    }
    function run() {
      if (!file) { fail(t["identify.noImage"]); return; }
      var data = new FormData();
      data.append("image", file);
      if (placed()) {
        data.append("lat", form.elements.lat.value.trim());
        data.append("lng", form.elements.lng.value.trim());
      } // half a point (lat typed, lng not yet) is not sent: it would be refused and wipe a good answer
      ["observed_on", "taxon_id"].forEach(function (n) {
        var v = form.elements[n] ? form.elements[n].value.trim() : "";
        if (v) data.append(n, v);
      });
      var groupNamed = !!(form.elements.taxon_id && form.elements.taxon_id.value);
      data.append("locale", lang);
      var mine = ++seq;
      answer.setAttribute("aria-busy", "true");
      answer.textContent = "";
      answer.appendChild(el("p", "working", t["identify.working"]));
      fetch("/v1/computervision/score_image", { method: "POST", body: data })
        .then(function (r) {
          return r.json().then(function (b) { return { ok: r.ok, body: b }; },
            function () { return { ok: false, status: r.status, body: {} }; })
            .then(function (res) { res.status = r.status; return res; });
        })
        .then(function (res) {
          if (mine !== seq) return;
          answer.removeAttribute("aria-busy");
          // the API's messages are English: the page says it in its own language, by status
          if (res.ok) render(res.body, groupNamed); else fail(refusal(res.status));
          reveal();
        })
        .catch(function () { if (mine === seq) { answer.removeAttribute("aria-busy"); fail(t["identify.error.network"]); } });
    }
    // Both coordinates, or neither.
    function placed() {
      return form.elements.lat.value.trim() !== "" && form.elements.lng.value.trim() !== "";
    }
    function half() {
      return (form.elements.lat.value.trim() === "") !== (form.elements.lng.value.trim() === "");
    }
    // Date and place from the photo's EXIF (as iNaturalist's uploader does), only into empty fields.
    function fromExif(f, then) {
      if (!/jpe?g$/i.test(f.type || f.name)) { then(); return; }
      var r = new FileReader();
      r.onload = function () {
        var meta = null;
        try { meta = exif(new DataView(r.result)); } catch (e) { meta = null; }
        var used = [];
        if (meta && meta.lat != null && meta.lng != null && !form.elements.lat.value && !form.elements.lng.value) {
          form.elements.lat.value = meta.lat;
          form.elements.lng.value = meta.lng;
          form.elements.lat.dispatchEvent(new Event("input", { bubbles: true })); // the map's marker
          used.push(meta.lat + ", " + meta.lng);
        }
        if (meta && meta.date && !form.elements.observed_on.value) {
          form.elements.observed_on.value = meta.date;
          used.push(meta.date);
        }
        var note = form.querySelector(".exif-note");
        if (note) note.textContent = used.length ? t["identify.exif"].replace("{0}", used.join(" · ")) : "";
        then();
      };
      r.onerror = function () { then(); };
      r.readAsArrayBuffer(f.slice(0, 256 * 1024)); // EXIF lives in the first 64 KB (APP1)
    }
    function choose(f) {
      file = f;
      preview.hidden = false;
      preview.querySelector("figcaption").textContent = f.name;
      var img = preview.querySelector("img");
      img.removeAttribute("src");
      if (/^image\//.test(f.type)) { // a data: URL (the CSP allows data: images, not blob:)
        var reader = new FileReader();
        reader.onload = function () { img.src = reader.result; };
        reader.readAsDataURL(f);
      }
      fromExif(f, run);
    }
    inputs.forEach(function (input) {
      if (!input) return;
      input.addEventListener("change", function () { if (input.files.length) choose(input.files[0]); });
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    ["lat", "lng", "observed_on", "taxon_id"].forEach(function (n) {
      if (!form.elements[n]) return;
      form.elements[n].addEventListener("change", function () { if (file && !half()) run(); });
    });
    zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("over");
      if (e.dataTransfer.files.length) choose(e.dataTransfer.files[0]);
    });
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(autocomplete);
  document.querySelectorAll("[data-boxpicker]").forEach(boxPicker);
  document.querySelectorAll("[data-pointpicker]").forEach(pointPicker);
  document.querySelectorAll("form[data-identify]").forEach(identify);
})();
