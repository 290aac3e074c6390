// Zoom and pan for the maps the server draws (svg.map[data-zoom]): wheel or +/− to zoom, a click on the map to zoom
// in there, drag to pan. Progressive enhancement only: without this script the page's map is already drawn at its
// scale. The SVG is in plate carrée degrees (x = longitude, y = −latitude), so zooming is changing the viewBox;
// after each change the layers for the new view (states, rivers, lakes, names, at the right detail) come from
// /map/layers on this node and replace the drawn ones.
(function () {
  "use strict";
  var lang = document.body.getAttribute("data-lang") || "en";
  var words = lang === "ru"
    ? { zoomIn: "Приблизить", zoomOut: "Отдалить", reset: "Исходный вид" }
    : { zoomIn: "Zoom in", zoomOut: "Zoom out", reset: "Reset view" };
  var MIN_WIDTH = 0.05;

  function setup(svg) {
    var vb = svg.viewBox.baseVal;
    var home = [vb.x, vb.y, vb.width, vb.height];
    var view = home.slice();
    var figure = svg.parentNode;
    var inset = figure.querySelector("svg.inset rect.inset-view");
    var land = svg.querySelector("use.land");
    var scaled = [];
    svg.querySelectorAll("circle.dot, circle.marker").forEach(function (c) {
      scaled.push([c, parseFloat(c.getAttribute("r"))]);
    });
    var timer = null, seq = 0;

    function clamp() {
      view[2] = Math.max(MIN_WIDTH, Math.min(360, view[2]));
      view[3] = view[2] / 2;
      view[0] = Math.max(-180, Math.min(180 - view[2], view[0]));
      view[1] = Math.max(-90, Math.min(90 - view[3], view[1]));
    }

    function apply() {
      clamp();
      svg.setAttribute("viewBox", view.join(" "));
      var k = view[2] / home[2];
      scaled.forEach(function (s) { s[0].setAttribute("r", s[1] * k); });
      if (land) land.setAttribute("href", "/assets/land-" + (view[2] < 60 ? "50m" : "110m") + ".svg#land");
      if (inset) {
        var w = Math.max(view[2], 3), h = Math.max(view[3], 1.5);
        inset.setAttribute("x", view[0] + view[2] / 2 - w / 2);
        inset.setAttribute("y", view[1] + view[3] / 2 - h / 2);
        inset.setAttribute("width", w);
        inset.setAttribute("height", h);
      }
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    }

    function load() {
      var mine = ++seq;
      var url = "/map/layers?west=" + view[0] + "&north=" + (-view[1]) + "&width=" + view[2] + "&locale=" + lang;
      fetch(url).then(function (r) { return r.ok ? r.text() : null; }).then(function (text) {
        if (!text || mine !== seq) return;
        var g = new DOMParser().parseFromString(text, "image/svg+xml").querySelector("g.layers");
        var old = svg.querySelector("g.layers");
        if (g && old) {
          old.replaceWith(document.importNode(g, true));
          svg.setAttribute("data-layers-for", view[2]);
        }
      }).catch(function () { /* the drawn layers stay */ });
    }

    function at(e) { return new DOMPoint(e.clientX, e.clientY).matrixTransform(svg.getScreenCTM().inverse()); }

    function zoom(factor, cx, cy) {
      var w = Math.max(MIN_WIDTH, Math.min(360, view[2] * factor));
      var k = w / view[2];
      view = [cx - (cx - view[0]) * k, cy - (cy - view[1]) * k, w, w / 2];
      apply();
    }

    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      var p = at(e);
      zoom(e.deltaY < 0 ? 0.8 : 1.25, p.x, p.y);
    }, { passive: false });

    var down = null, dragged = false;
    svg.addEventListener("pointerdown", function (e) {
      down = { x: e.clientX, y: e.clientY, view: view.slice(), id: e.pointerId };
      dragged = false;
    });
    svg.addEventListener("pointermove", function (e) {
      if (!down) return;
      var dx = e.clientX - down.x, dy = e.clientY - down.y;
      if (!dragged && Math.abs(dx) + Math.abs(dy) < 5) return;
      if (!dragged) { dragged = true; svg.setPointerCapture(down.id); svg.classList.add("dragging"); }
      var perPixel = down.view[2] / svg.getBoundingClientRect().width;
      view = [down.view[0] - dx * perPixel, down.view[1] - dy * perPixel, down.view[2], down.view[3]];
      apply();
    });
    function up() { down = null; svg.classList.remove("dragging"); }
    svg.addEventListener("pointerup", up);
    svg.addEventListener("pointercancel", up);
    svg.addEventListener("click", function (e) {
      if (dragged) { e.preventDefault(); e.stopPropagation(); dragged = false; return; } // a pan, not a click
      if (e.target.closest("a")) return; // a dot or cell: its search
      var p = at(e);
      zoom(0.5, p.x, p.y);
    }, true);

    var bar = document.createElement("div");
    bar.className = "mapzoom";
    [["+", words.zoomIn, function () { zoom(0.5, view[0] + view[2] / 2, view[1] + view[3] / 2); }],
      ["−", words.zoomOut, function () { zoom(2, view[0] + view[2] / 2, view[1] + view[3] / 2); }],
      ["⟲", words.reset, function () { view = home.slice(); apply(); }]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b[0];
      button.title = b[1];
      button.setAttribute("aria-label", b[1]);
      button.addEventListener("click", b[2]);
      bar.appendChild(button);
    });
    figure.appendChild(bar);
    figure.classList.add("zoomable");
  }

  document.querySelectorAll("svg.map[data-zoom]").forEach(setup);
})();
