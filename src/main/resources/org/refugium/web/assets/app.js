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
      if (q.length < 2) { render([]); return; }
      var mine = ++seq;
      fetch("/v1/taxa/autocomplete?per_page=8&locale=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (body) { if (mine === seq) render(body.results || []); })
        .catch(function () { render([]); });
    }

    input.addEventListener("input", function () {
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
      return c && (lang === "en" || taxon.id == null || c !== taxon.english_common_name) ? c : null;
    }
    function name(taxon, cls) {
      var box = el(taxon.id != null ? "a" : "span", cls);
      if (taxon.id != null) box.href = "/taxa/" + taxon.id;
      var c = common(taxon);
      if (c) {
        var s = el("span", "common", c);
        if (taxon.id == null && lang !== "en") s.lang = "en"; // the model's own (English) label
        box.appendChild(s);
        box.appendChild(document.createTextNode(" "));
      }
      box.appendChild(el("span", "sci" + (taxon.rank_level != null && taxon.rank_level <= 20 ? " italic" : ""), taxon.name));
      return box;
    }
    function rank(r) { return r ? (t.ranks[r] || r) : ""; }
    function card(r) {
      var taxon = r.taxon, li = el("li", "idcard");
      var label = (common(taxon) ? common(taxon) + " (" + taxon.name + ")" : taxon.name);
      var thumb = el(taxon.id != null ? "a" : "span", "thumb");
      if (taxon.id != null) thumb.href = "/taxa/" + taxon.id;
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
      if (taxon.id == null) badges.appendChild(el("span", "badge outside", t["identify.notInArchive"]));
      meta.appendChild(badges);
      li.appendChild(meta);
      return li;
    }
    function render(body) {
      answer.textContent = "";
      var h = el("h2", null, t["identify.results"] + " ");
      h.id = "answer-title";
      h.appendChild(el("small", null, file.name));
      answer.appendChild(h);
      var a = body.common_ancestor;
      if (a) {
        var p = el("p", "ancestor", t["identify.ancestor"] + " ");
        var link = el("a");
        link.href = "/taxa/" + a.taxon.id;
        link.appendChild(el("span", "rank", rank(a.taxon.rank)));
        link.appendChild(document.createTextNode(" "));
        var c = common(a.taxon);
        if (c) link.appendChild(document.createTextNode(c + " "));
        link.appendChild(el("span", "sci" + (a.taxon.rank_level <= 20 ? " italic" : ""), a.taxon.name));
        p.appendChild(link);
        p.appendChild(document.createTextNode(" "));
        p.appendChild(el("small", null, pct(a.score)));
        answer.appendChild(p);
      }
      var results = body.results || [];
      if (!results.length) {
        var applied = (body.bundles || []).some(function (b) { return b.role !== "gate" && b.applied; });
        answer.appendChild(el("p", "empty", t[applied || body.archive ? "identify.none" : "identify.noModelApplies"]));
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
      ["lat", "lng", "observed_on"].forEach(function (n) {
        var v = form.elements[n].value.trim();
        if (v) data.append(n, v);
      });
      data.append("locale", lang);
      var mine = ++seq;
      answer.setAttribute("aria-busy", "true");
      answer.textContent = "";
      answer.appendChild(el("p", "working", t["identify.working"]));
      fetch("/v1/computervision/score_image", { method: "POST", body: data })
        .then(function (r) {
          return r.json().then(function (b) { return { ok: r.ok, body: b }; },
            function () { return { ok: false, body: { error: r.status + " " + r.statusText } }; });
        })
        .then(function (res) {
          if (mine !== seq) return;
          answer.removeAttribute("aria-busy");
          if (res.ok) render(res.body); else fail(res.body.error || String(res.body));
        })
        .catch(function (e) { if (mine === seq) { answer.removeAttribute("aria-busy"); fail(e.message); } });
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
      run();
    }
    inputs.forEach(function (input) {
      if (!input) return;
      input.addEventListener("change", function () { if (input.files.length) choose(input.files[0]); });
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    ["lat", "lng", "observed_on"].forEach(function (n) {
      form.elements[n].addEventListener("change", function () { if (file) run(); });
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
