/* conflictlens report: draws the map, timelines, surges, claims and event table from the embedded JSON.
   Report text only ever reaches the page through textContent / createTextNode, never innerHTML. */
(function () {
  "use strict";
  var t0 = performance.now();
  var SVGNS = "http://www.w3.org/2000/svg";
  var PAGE_SIZE = 100;
  var TYPE_COLOURS = {
    armed_assault: "#d62728", armed_clash: "#ff7f0e", bombing: "#8c564b", shelling: "#9467bd",
    air_strike: "#1f77b4", assassination: "#e377c2", abduction: "#bcbd22", execution: "#7f0000",
    security_operation: "#2ca02c", attack_on_property: "#7f7f7f"
  };
  var SERIES_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"];
  var MAX_SERIES = 8;

  function data(id) { return JSON.parse(document.getElementById(id).textContent); }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    var key;
    for (key in attrs || {}) {
      if (key === "className") { node.className = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    }
    for (var i = 2; i < arguments.length; i++) { append(node, arguments[i]); }
    return node;
  }
  function append(node, child) {
    if (child === null || child === undefined) { return; }
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  function svg(tag, attrs) {
    var node = document.createElementNS(SVGNS, tag);
    for (var key in attrs || {}) { node.setAttribute(key, attrs[key]); }
    return node;
  }
  function fmt(n) { return n === null || n === undefined ? "\u2014" : Number(n).toLocaleString("en-US"); }
  function fmtP(p) { return p === null || p === undefined ? "\u2014" : (p < 0.001 ? Number(p).toExponential(1) : Number(p).toFixed(3)); }
  function colour(type) { return TYPE_COLOURS[type] || "#444"; }

  /* ---------- events ---------- */
  var E = data("cl-events");
  var C = E.cols, D = E.dict;
  // columns that are mostly null come as {i: rows, v: values}
  Object.keys(C).forEach(function (name) {
    var col = C[name];
    if (col && !Array.isArray(col)) {
      var full = new Array(E.n).fill(null);
      col.i.forEach(function (row, k) { full[row] = col.v[k]; });
      C[name] = full;
    }
  });
  var rowById = new Map();
  C.id.forEach(function (id, i) { rowById.set(id, i); });

  function value(name, i) { var code = C[name][i]; return code === null || code === undefined ? null : D[name][code]; }
  function event(i) {
    var ds = C.ds[i] || "";
    var parts = ds.split("/");
    return {
      event_id: C.id[i], date_start: parts[0] || null, date_end: parts[1] || parts[0] || null,
      date_precision: value("date_precision", i), event_type: value("event_type", i),
      perpetrator: value("perpetrator", i), perpetrator_attribution: value("perpetrator_attribution", i),
      target: value("target", i), target_type: value("target_type", i), location: value("location", i),
      admin1: value("admin1", i), admin1_code: value("admin1_code", i), admin2: value("admin2", i),
      country: value("country", i), lat: C.lat[i], lon: C.lon[i], geo_precision: C.geo_precision[i],
      killed: C.killed[i], killed_low: C.killed_low[i], killed_high: C.killed_high[i],
      wounded: C.wounded[i], kidnapped: C.kidnapped[i], evidence: C.ev[i],
      sources: C.src[i].map(function (s) { return D.sources[s]; }), doc_ids: C.doc ? C.doc[i] : null
    };
  }
  function killedText(e) {
    if (e.killed === null) { return "\u2014"; }
    var range = e.killed_low !== null || e.killed_high !== null ? " (" + (e.killed_low === null ? "?" : e.killed_low) + "\u2013" + (e.killed_high === null ? "?" : e.killed_high) + ")" : "";
    return String(e.killed) + range;
  }
  function dateText(e) { return e.date_end && e.date_end !== e.date_start ? e.date_start + " \u2013 " + e.date_end : (e.date_start || "\u2014"); }

  function sourceItem(src) {
    if (/^https?:\/\//i.test(src)) {
      var a = el("a", { target: "_blank", rel: "noopener noreferrer" }, src);
      a.href = src;
      return el("li", null, a);
    }
    return el("li", null, src);
  }

  function popupFor(i) {
    var e = event(i);
    var fields = [
      ["Event id", e.event_id], ["Date", dateText(e) + (e.date_precision ? " (" + e.date_precision + ")" : "")],
      ["Perpetrator", (e.perpetrator || "unknown") + (e.perpetrator_attribution ? " (" + e.perpetrator_attribution + ")" : "")],
      ["Target", (e.target || "\u2014") + (e.target_type ? " (" + e.target_type + ")" : "")],
      ["Location", e.location || "\u2014"], ["Admin 2", e.admin2 || "\u2014"],
      ["Admin 1", (e.admin1 || "\u2014") + (e.admin1_code ? " (" + e.admin1_code + ")" : "")],
      ["Country", e.country || "\u2014"],
      ["Coordinates", e.lat === null ? "\u2014" : e.lat + ", " + e.lon + " (precision " + (e.geo_precision === null ? "?" : e.geo_precision) + ")"],
      ["Killed", killedText(e)], ["Wounded", fmt(e.wounded)], ["Kidnapped", fmt(e.kidnapped)]
    ];
    var dl = el("dl");
    fields.forEach(function (f) { dl.appendChild(el("dt", null, f[0])); dl.appendChild(el("dd", null, f[1])); });
    return el("div", { className: "popup", "data-event-id": e.event_id },
      el("h4", null, (e.event_type || "event").replace(/_/g, " ") + " \u00b7 " + (e.date_start || "")),
      dl,
      el("strong", null, "Evidence"),
      el("ul", { className: "evidence" }, e.evidence.map(function (s) { return el("li", null, s); })),
      el("strong", null, "Sources"),
      el("ul", { className: "sources" }, e.sources.map(sourceItem)),
      e.doc_ids && e.doc_ids.length ? el("div", { className: "muted" }, "Documents: " + e.doc_ids.join(", ")) : null
    );
  }

  /* ---------- map ---------- */
  var map = null, markers = new Map();
  function radius(killed) { return 4 + Math.sqrt(Math.max(0, killed || 0)) * 2.2; }

  function drawMap() {
    map = L.map("map", { preferCanvas: false, worldCopyJump: false, minZoom: 2, maxZoom: 12 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth");
    var bins = data("cl-bins");
    var points = [];
    if (bins) {
      bins.cells.forEach(function (b) { points.push([b[0], b[1]]); });
    } else {
      for (var i = 0; i < E.n; i++) { if (C.lat[i] !== null) { points.push([C.lat[i], C.lon[i]]); } }
    }
    // Leaflet defers adding layers until the map has a view, so set it before drawing.
    if (points.length) {
      map.fitBounds(L.latLngBounds(points).pad(0.15), { maxZoom: 9 });
    } else {
      map.setView([25, 30], 3);
    }
    var canvas = L.canvas({ padding: 0.2 });
    L.geoJSON(data("cl-countries"), {
      renderer: canvas, interactive: false,
      style: { color: "#7c8a99", weight: 0.8, fillColor: "#f2efe6", fillOpacity: 1 }
    }).addTo(map);
    L.geoJSON(data("cl-admin1"), {
      renderer: canvas, interactive: false,
      style: { color: "#a9b3bd", weight: 0.6, dashArray: "2 2", fill: false }
    }).addTo(map);
    if (bins) { drawBins(bins, canvas); } else { drawPoints(); }
    drawLegend();
  }

  function drawPoints() {
    var renderer = L.svg({ padding: 0.2 });
    for (var i = 0; i < E.n; i++) {
      if (C.lat[i] === null) { continue; }
      var type = value("event_type", i);
      var m = L.circleMarker([C.lat[i], C.lon[i]], {
        renderer: renderer, radius: radius(C.killed[i]), color: "#222", weight: 0.8,
        fillColor: colour(type), fillOpacity: 0.75, className: "cl-incident"
      });
      m.bindPopup(popupFor.bind(null, i), { maxWidth: 420 });
      m.addTo(map);
      m.getElement().setAttribute("data-event-id", C.id[i]);
      markers.set(i, m);
    }
  }

  function binPopup(b, deg) {
    var rows = b[5].map(function (i) {
      var e = event(i);
      return el("li", null, e.date_start + " \u00b7 " + (e.event_type || "") + " \u00b7 " + (e.location || "") + " \u00b7 killed " + fmt(e.killed));
    });
    var show = el("button", { type: "button" }, "Show these " + fmt(b[2]) + " events in the table");
    show.addEventListener("click", function () { filterToCell(b, deg); });
    return el("div", { className: "popup" },
      el("h4", null, fmt(b[2]) + (b[2] === 1 ? " event, " : " events, ") + fmt(b[3]) + " killed"),
      el("div", { className: "muted" }, "Cell around " + b[0] + ", " + b[1] + "; most common type: " + (D.event_type[b[4]] || "?")),
      el("ul", { className: "evidence" }, rows), show);
  }

  function drawBins(bins, renderer) {
    var deg = bins.deg;
    bins.cells.forEach(function (b) {
      var m = L.circleMarker([b[0], b[1]], {
        renderer: renderer, radius: 3 + Math.sqrt(b[2]) * 1.5, color: "#222", weight: 0.5,
        fillColor: colour(D.event_type[b[4]]), fillOpacity: 0.6
      });
      m.bindPopup(binPopup.bind(null, b, deg), { maxWidth: 420 });
      m.addTo(map);
    });
  }

  function drawLegend() {
    var legend = document.getElementById("map-legend");
    var present = new Set(D.event_type);
    Object.keys(TYPE_COLOURS).forEach(function (type) {
      if (!present.has(type)) { return; }
      var sw = el("span", { className: "swatch" });
      sw.style.background = TYPE_COLOURS[type];
      legend.appendChild(el("span", null, sw, type.replace(/_/g, " ")));
    });
  }

  function showOnMap(i) {
    var m = markers.get(i);
    if (!m) { return; }
    document.getElementById("map-section").scrollIntoView();
    map.setView(m.getLatLng(), Math.max(map.getZoom(), 7));
    m.openPopup();
  }

  /* ---------- timelines ---------- */
  var metric = "count";
  function drawChart(containerId, rows) {
    var box = document.getElementById(containerId);
    box.textContent = "";
    if (!rows.length) { box.appendChild(el("p", { className: "empty" }, "No series.")); return; }
    var totals = new Map(), periods = new Set();
    rows.forEach(function (r) { totals.set(r.key, (totals.get(r.key) || 0) + (r[metric] || 0)); periods.add(String(r.period)); });
    var keys = Array.from(totals.keys()).sort(function (a, b) { return totals.get(b) - totals.get(a); });
    var shown = keys.slice(0, MAX_SERIES), other = keys.length > MAX_SERIES;
    var xs = Array.from(periods).sort();
    var index = new Map(xs.map(function (p, i) { return [p, i]; }));
    var lines = new Map(shown.concat(other ? ["other"] : []).map(function (k) { return [k, xs.map(function () { return 0; })]; }));
    rows.forEach(function (r) {
      var k = lines.has(r.key) ? r.key : "other";
      lines.get(k)[index.get(String(r.period))] += r[metric] || 0;
    });
    var W = 1100, H = 260, L0 = 48, R0 = 190, T0 = 10, B0 = 40;
    var maxY = 1;
    lines.forEach(function (ys) { ys.forEach(function (y) { maxY = Math.max(maxY, y); }); });
    maxY = Math.ceil(maxY / 4) * 4;
    var sx = function (i) { return L0 + (xs.length === 1 ? (W - L0 - R0) / 2 : i * (W - L0 - R0) / (xs.length - 1)); };
    var sy = function (y) { return T0 + (H - T0 - B0) * (1 - y / maxY); };
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img" });
    root.appendChild(svg("title")).textContent = (metric === "count" ? "Events" : "Fatalities") + " per period";
    for (var g = 0; g <= 4; g++) {
      var gy = maxY * g / 4;
      root.appendChild(svg("line", { x1: L0, x2: W - R0, y1: sy(gy), y2: sy(gy), "class": "grid" }));
      var lab = root.appendChild(svg("text", { x: L0 - 6, y: sy(gy) + 4, "text-anchor": "end" }));
      lab.textContent = fmt(Math.round(gy));
    }
    root.appendChild(svg("line", { x1: L0, x2: W - R0, y1: sy(0), y2: sy(0), "class": "axis" }));
    var step = Math.max(1, Math.ceil(xs.length / 10));
    xs.forEach(function (p, i) {
      if (i % step !== 0) { return; }
      var tx = root.appendChild(svg("text", { x: sx(i), y: H - B0 + 16, "text-anchor": "middle" }));
      tx.textContent = p;
    });
    var n = 0;
    lines.forEach(function (ys, key) {
      var c = TYPE_COLOURS[key] || SERIES_COLOURS[n % SERIES_COLOURS.length];
      var d = ys.map(function (y, i) { return (i ? "L" : "M") + sx(i).toFixed(1) + " " + sy(y).toFixed(1); }).join(" ");
      var path = root.appendChild(svg("path", { d: d, fill: "none", stroke: c, "stroke-width": 2, "class": "series" }));
      path.appendChild(svg("title")).textContent = key;
      ys.forEach(function (y, i) {
        var dot = root.appendChild(svg("circle", { cx: sx(i), cy: sy(y), r: 2.5, fill: c }));
        dot.appendChild(svg("title")).textContent = key + " \u00b7 " + xs[i] + ": " + fmt(y);
      });
      root.appendChild(svg("rect", { x: W - R0 + 12, y: T0 + n * 18, width: 10, height: 10, fill: c }));
      var lt = root.appendChild(svg("text", { x: W - R0 + 28, y: T0 + n * 18 + 9 }));
      lt.textContent = key.length > 26 ? key.slice(0, 25) + "\u2026" : key;
      n += 1;
    });
    box.appendChild(root);
  }
  var seriesType = data("cl-series-type"), seriesActor = data("cl-series-actor");
  function drawCharts() { drawChart("chart-type", seriesType); drawChart("chart-actor", seriesActor); }
  document.querySelectorAll(".metric-toggle button").forEach(function (b) {
    b.addEventListener("click", function () {
      metric = b.getAttribute("data-metric");
      document.querySelectorAll(".metric-toggle button").forEach(function (o) { o.classList.toggle("active", o === b); });
      drawCharts();
    });
  });

  /* ---------- surges ---------- */
  function drawSurges() {
    var box = document.getElementById("surges");
    var surges = data("cl-surges");
    if (!surges.length) { box.appendChild(el("p", { className: "muted" }, "No surge alerts.")); return; }
    surges.forEach(function (s) {
      var ids = s.incident_ids || [];
      var rows = ids.map(function (id) { return rowById.get(id); }).filter(function (i) { return i !== undefined; });
      var items = rows.slice(0, 10).map(function (i) {
        var e = event(i);
        return el("li", null, e.date_start + " \u00b7 " + (e.event_type || "") + " \u00b7 " + (e.location || e.admin1 || "") + " \u00b7 killed " + fmt(e.killed) + " \u00b7 " + (e.evidence[0] || ""));
      });
      var show = el("button", { type: "button" }, "Show all " + fmt(ids.length) + " incidents in the table");
      show.addEventListener("click", function () { filterToIds(ids, "surge " + s.key); });
      box.appendChild(el("div", { className: "surge" },
        el("h4", null, String(s.key) + " \u00b7 " + (s.period_start || "") + " \u2013 " + (s.period_end || "")),
        el("div", { className: "figures" },
          "observed " + fmt(s.observed) + " vs expected " + (s.expected === null || s.expected === undefined ? "\u2014" : Number(s.expected).toFixed(1)) +
          " \u00b7 ratio " + (s.ratio === null || s.ratio === undefined ? "\u2014" : Number(s.ratio).toFixed(2)) +
          " \u00b7 p " + fmtP(s.p_value) + " \u00b7 q " + fmtP(s.q_value) + " \u00b7 " + (s.method || "")),
        el("ul", null, items), rows.length > 10 ? el("div", { className: "muted" }, "\u2026 and " + fmt(rows.length - 10) + " more") : null,
        show));
    });
  }

  /* ---------- claims ---------- */
  function drawClaims() {
    var box = document.getElementById("claims");
    var claims = data("cl-claims");
    if (!claims.length) { box.appendChild(el("p", { className: "muted" }, "No claims.")); return; }
    var head = ["Quantity", "Claimed", "Subject", "Region", "Period", "Said by", "Store count", "Store / claim", "Evidence"];
    var body = claims.map(function (c) {
      var claimed = c.low !== null && c.low !== undefined ? fmt(c.low) + "\u2013" + fmt(c.high) : fmt(c.value);
      var period = (c.period || "") + (c.period_start ? " (" + c.period_start + " \u2013 " + (c.period_end || "") + ")" : "");
      return el("tr", null,
        el("td", null, c.quantity || ""), el("td", { className: "num" }, claimed), el("td", null, c.subject || ""),
        el("td", null, c.region || ""), el("td", null, period), el("td", null, c.attributed_to || ""),
        el("td", { className: "num" }, fmt(c.counted)),
        el("td", { className: "num" }, c.ratio === null || c.ratio === undefined ? "\u2014" : Number(c.ratio).toFixed(2)),
        el("td", { className: "evidence" }, c.evidence || ""));
    });
    box.appendChild(el("table", { id: "claims-table" },
      el("thead", null, el("tr", null, head.map(function (h) { return el("th", null, h); }))), el("tbody", null, body)));
  }

  /* ---------- event table ---------- */
  var COLUMNS = [
    ["Date", function (i) { return C.ds[i] || ""; }, false],
    ["Type", function (i) { return value("event_type", i) || ""; }, false],
    ["Perpetrator", function (i) { return value("perpetrator", i) || ""; }, false],
    ["Target", function (i) { return value("target", i) || value("target_type", i) || ""; }, false],
    ["Location", function (i) { return value("location", i) || ""; }, false],
    ["Admin 1", function (i) { return value("admin1", i) || ""; }, false],
    ["Country", function (i) { return value("country", i) || ""; }, false],
    ["Killed", function (i) { return C.killed[i]; }, true],
    ["Wounded", function (i) { return C.wounded[i]; }, true],
    ["Kidnapped", function (i) { return C.kidnapped[i]; }, true],
    ["Evidence", function (i) { return C.ev[i][0] || ""; }, false],
    ["Id", function (i) { return C.id[i]; }, false]
  ];
  var order = [], view = [], page = 0, sortCol = 0, sortDir = -1, haystack = null, idFilter = null;
  for (var r = 0; r < E.n; r++) { order.push(r); }

  function searchText(i) {
    return [C.id[i], C.ds[i], value("event_type", i), value("perpetrator", i), value("target", i),
      value("location", i), value("admin1", i), value("admin2", i), value("country", i)].concat(C.ev[i]).join(" \u0001 ").toLowerCase();
  }
  function sortRows() {
    var get = COLUMNS[sortCol][1], numeric = COLUMNS[sortCol][2];
    var keys = new Array(E.n);
    for (var i = 0; i < E.n; i++) { keys[i] = get(i); }
    order.sort(function (a, b) {
      var x = keys[a], y = keys[b];
      if (numeric) { x = x === null ? -1 : x; y = y === null ? -1 : y; return (x - y) * sortDir || a - b; }
      return (x < y ? -1 : x > y ? 1 : a - b) * sortDir;
    });
  }
  function applyFilter() {
    var q = document.getElementById("event-search").value.trim().toLowerCase();
    if (q && !haystack) { haystack = new Array(E.n); for (var i = 0; i < E.n; i++) { haystack[i] = searchText(i); } }
    view = order.filter(function (i) { return (!idFilter || idFilter.has(i)) && (!q || haystack[i].indexOf(q) !== -1); });
    page = 0;
    drawTable();
  }
  function drawTable() {
    var box = document.getElementById("event-table");
    box.textContent = "";
    var pages = Math.max(1, Math.ceil(view.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    var heads = COLUMNS.map(function (c, k) {
      var th = el("th", { scope: "col", className: k === sortCol ? (sortDir > 0 ? "sorted-asc" : "sorted-desc") : "" }, c[0]);
      th.addEventListener("click", function () {
        sortDir = k === sortCol ? -sortDir : (c[2] ? -1 : 1);
        sortCol = k;
        sortRows();
        applyFilter();
      });
      return th;
    });
    var rows = view.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map(function (i) {
      var tr = el("tr", { className: "event-row", "data-event-id": C.id[i] }, COLUMNS.map(function (c) {
        var v = c[1](i);
        return el("td", { className: c[2] ? "num" : (c[0] === "Evidence" ? "evidence" : "") }, c[2] ? fmt(v) : v);
      }));
      tr.addEventListener("click", function () { showOnMap(i); });
      return tr;
    });
    box.appendChild(el("table", { id: "events-table" }, el("thead", null, el("tr", null, heads)), el("tbody", null, rows)));
    document.getElementById("page-info").textContent = "Page " + fmt(page + 1) + " of " + fmt(pages) + " \u00b7 " + fmt(view.length) + " of " + fmt(E.n) + " events";
  }
  function filterToIds(ids, label) {
    idFilter = new Set(ids.map(function (id) { return rowById.get(id); }).filter(function (i) { return i !== undefined; }));
    setFilterNote("Showing " + label);
  }
  function filterToCell(b, deg) {
    idFilter = new Set();
    for (var i = 0; i < E.n; i++) {
      if (C.lat[i] !== null && Math.floor(C.lat[i] / deg) === b[6] && Math.floor(C.lon[i] / deg) === b[7]) { idFilter.add(i); }
    }
    setFilterNote("Showing the " + fmt(idFilter.size) + " events of the map cell around " + b[0] + ", " + b[1]);
  }
  function setFilterNote(text) {
    document.getElementById("event-filter-note").textContent = text;
    document.getElementById("event-filter-clear").hidden = false;
    applyFilter();
    document.getElementById("event-section").scrollIntoView();
  }
  document.getElementById("event-filter-clear").addEventListener("click", function () {
    idFilter = null;
    document.getElementById("event-filter-note").textContent = "";
    document.getElementById("event-filter-clear").hidden = true;
    applyFilter();
  });
  var searchTimer = null;
  document.getElementById("event-search").addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(applyFilter, 200);
  });
  document.getElementById("page-prev").addEventListener("click", function () { if (page > 0) { page -= 1; drawTable(); } });
  document.getElementById("page-next").addEventListener("click", function () { page += 1; drawTable(); });

  /* ---------- start ---------- */
  drawMap();
  drawCharts();
  drawSurges();
  drawClaims();
  sortRows();
  applyFilter();
  window.__clReport = { map: map, showOnMap: showOnMap, rowById: rowById, readyMs: performance.now() - t0 };
  document.documentElement.setAttribute("data-ready", "1");
})();
