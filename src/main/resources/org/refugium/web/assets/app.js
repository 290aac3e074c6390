// Refugium pages: progressive enhancement only. Every page works without this script; it adds name
// autocomplete (from /v1/taxa/autocomplete on this node) and drawing a search rectangle on the map.
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

  document.querySelectorAll("input[data-autocomplete]").forEach(autocomplete);
  document.querySelectorAll("[data-boxpicker]").forEach(boxPicker);
})();
