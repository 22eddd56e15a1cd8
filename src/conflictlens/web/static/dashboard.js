// The overview's map (clusters from /api/v1/map, offline basemap) and timelines (SVG from embedded JSON).
// Every string from the store goes into the page through textContent, never as markup.
(function () {
  "use strict";
  var TYPE_COLOURS = {
    armed_assault: "#c0392b", armed_clash: "#8e44ad", bombing: "#d35400", shelling: "#7f8c8d",
    air_strike: "#2c3e50", assassination: "#16a085", abduction: "#2980b9", execution: "#6d214f",
    security_operation: "#27ae60", attack_on_property: "#b7950b"
  };
  var LINE_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#7f7f7f"];
  var SVG_NS = "http://www.w3.org/2000/svg";

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  // ---------- map ----------
  function popupFor(p) {
    var box = el("div", null, "popup");
    var link = el("a", p.event_type + " · " + (p.date_start || "undated"));
    link.href = "/events/" + encodeURIComponent(p.event_id);
    box.appendChild(link);
    box.appendChild(el("div", p.location || "unnamed place"));
    box.appendChild(el("div", p.killed === null || p.killed === undefined ? "killed: —" : "killed: " + p.killed));
    return box;
  }

  function drawMap() {
    var node = document.getElementById("map");
    if (!node || !window.L) { return; }
    var status = document.getElementById("map-status");
    var query = node.getAttribute("data-query") || "";
    var map = window.L.map(node, { preferCanvas: true, worldCopyJump: true, minZoom: 2, maxZoom: 14 });
    map.setView([15, 30], 2);
    var renderer = window.L.canvas({ padding: 0.3 });
    var layer = window.L.layerGroup().addTo(map);
    fetch("/static/report/ne-countries-50m-world-atlas-2.0.2.geojson")
      .then(function (r) { return r.json(); })
      .then(function (geo) {
        window.L.geoJSON(geo, { renderer: renderer, interactive: false,
          style: { color: "#9aa5b1", weight: 0.8, fillColor: "#eef1f4", fillOpacity: 1 } }).addTo(map).bringToBack();
      })
      .catch(function () { status.textContent = "basemap not loaded"; });
    var seq = 0;
    var first = true;
    function load() {
      var b = map.getBounds();
      var west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
      var south = Math.max(-90, b.getSouth()), north = Math.min(90, b.getNorth());
      var url = "/api/v1/map?" + (query ? query + "&" : "") + "west=" + west.toFixed(3) + "&south=" + south.toFixed(3) +
        "&east=" + east.toFixed(3) + "&north=" + north.toFixed(3) + "&zoom=" + map.getZoom();
      var mine = ++seq;
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (mine !== seq) { return; }
          layer.clearLayers();
          var bounds = [];
          (data.points || []).forEach(function (p) {
            var m = window.L.circleMarker([p.lat, p.lon], {
              renderer: renderer, radius: 4 + Math.sqrt(Math.max(0, p.killed || 0)) * 2,
              color: "#222", weight: 0.6, fillColor: TYPE_COLOURS[p.event_type] || "#444", fillOpacity: 0.8,
              className: "cl-incident"
            });
            m.bindPopup(popupFor(p));
            m.addTo(layer);
            bounds.push([p.lat, p.lon]);
          });
          (data.cells || []).forEach(function (c) {
            var m = window.L.circleMarker([c[0], c[1]], {
              renderer: renderer, radius: 6 + Math.log(c[2]) * 3, color: "#1b4f72", weight: 1,
              fillColor: "#5dade2", fillOpacity: 0.55, className: "cl-cluster"
            });
            m.bindTooltip(String(c[2]), { permanent: true, direction: "center", className: "cluster-label" });
            m.on("click", function () { map.setView([c[0], c[1]], Math.min(map.getZoom() + 2, 14)); });
            m.addTo(layer);
            bounds.push([c[0], c[1]]);
          });
          var n = (data.points || []).length, k = (data.cells || []).length;
          node.setAttribute("data-points", String(n));
          node.setAttribute("data-clusters", String(k));
          status.textContent = data.total + " located event(s) in view: " +
            (k ? k + " cluster(s); zoom in or click one to split it." : n + " shown one by one.");
          document.documentElement.setAttribute("data-map-ready", "1");
          if (first && bounds.length) { map.fitBounds(bounds, { maxZoom: 8, padding: [20, 20] }); }
          first = false;
        })
        .catch(function () { status.textContent = "events not loaded"; });
    }
    map.on("moveend", load);
    load();
  }

  // ---------- timelines ----------
  function drawChart(box) {
    var rows = JSON.parse(document.getElementById(box.getAttribute("data-series")).textContent);
    if (!rows.length) { box.appendChild(el("p", "No dated events.", "note")); return; }
    var totals = new Map(), periods = [];
    rows.forEach(function (r) {
      totals.set(r.key, (totals.get(r.key) || 0) + r.count);
      if (periods.indexOf(r.period) < 0) { periods.push(r.period); }
    });
    periods.sort();
    var keys = Array.from(totals.keys()).sort(function (a, b) { return totals.get(b) - totals.get(a); });
    var shown = keys.slice(0, 6), rest = keys.length > 6;
    var index = new Map(periods.map(function (p, i) { return [p, i]; }));
    var lines = new Map();
    shown.concat(rest ? ["other"] : []).forEach(function (k) { lines.set(k, periods.map(function () { return 0; })); });
    rows.forEach(function (r) {
      var line = lines.get(shown.indexOf(r.key) >= 0 ? r.key : "other");
      line[index.get(r.period)] += r.count;
    });
    var W = 420, H = 200, L0 = 34, R0 = 8, T0 = 8, B0 = 22, maxY = 1;
    lines.forEach(function (ys) { ys.forEach(function (y) { maxY = Math.max(maxY, y); }); });
    var sx = function (i) { return L0 + (periods.length === 1 ? (W - L0 - R0) / 2 : i * (W - L0 - R0) / (periods.length - 1)); };
    var sy = function (y) { return T0 + (H - T0 - B0) * (1 - y / maxY); };
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img" });
    root.appendChild(svg("line", { x1: L0, y1: sy(0), x2: W - R0, y2: sy(0), class: "axis" }));
    [0, maxY].forEach(function (y) {
      var t = svg("text", { x: L0 - 4, y: sy(y) + 4, class: "tick", "text-anchor": "end" });
      t.textContent = String(y);
      root.appendChild(t);
    });
    [0, periods.length - 1].forEach(function (i) {
      var t = svg("text", { x: sx(i), y: H - 6, class: "tick", "text-anchor": i ? "end" : "start" });
      t.textContent = String(periods[i]);
      root.appendChild(t);
    });
    var legend = el("ul", null, "legend");
    var n = 0;
    lines.forEach(function (ys, key) {
      var colour = LINE_COLOURS[n++ % LINE_COLOURS.length];
      var d = ys.map(function (y, i) { return (i ? "L" : "M") + sx(i).toFixed(1) + " " + sy(y).toFixed(1); }).join(" ");
      var path = svg("path", { d: d, stroke: colour, class: "series" });
      var title = svg("title", {});
      title.textContent = key;
      path.appendChild(title);
      root.appendChild(path);
      var item = el("li", key + " (" + ys.reduce(function (a, b) { return a + b; }, 0) + ")");
      var swatch = el("span", null, "swatch");
      swatch.style.backgroundColor = colour;
      item.insertBefore(swatch, item.firstChild);
      legend.appendChild(item);
    });
    box.appendChild(root);
    box.appendChild(legend);
  }

  document.querySelectorAll(".chart-box").forEach(drawChart);
  drawMap();
  document.documentElement.setAttribute("data-ready", "1");
})();
