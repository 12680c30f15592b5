// The interactive argument map (/map) and the small neighbourhood maps embedded in
// argument pages (.map-embed). Needs cytoscape.min.js, loaded before this file. The
// server lays the map out (app/layout.py) for the room the canvas has; this file draws
// it, folds and unfolds, selects, and keeps the state in the URL. Works under a strict
// CSP: no inline styles in markup, positions are set through the CSSOM only.
(function () {
  "use strict";

  // ---------------------------------------------------------------- constants
  // The layout measures labels in DejaVu Sans; Verdana has nearly the same widths.
  var FONT_FAMILY = '"DejaVu Sans", Verdana, "Bitstream Vera Sans", sans-serif';
  var FILTER_KEYS = ["debate", "around", "depth", "author", "year", "from", "to", "document", "origin", "kind", "off",
                     "expand", "fold"];
  var REPEATED = { author: true, year: true, kind: true, off: true, expand: true, fold: true };
  var LINE_HEIGHT = 1.3;
  var READABLE_PX = 11;     // no label is drawn smaller (Cytoscape's min-zoomed-font-size)
  var MARGIN = 16;          // room kept around the map when it is fitted, CSS px
  var KIND_NAMES = { support: "supports", attack: "attacks", undercut: "undercuts", same_as: "is the same as" };

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function palette() {
    return {
      ink: cssVar("--ink", "#1f2328"),
      muted: cssVar("--muted", "#59636e"),
      line: cssVar("--line", "#d8dee4"),
      accent: cssVar("--accent", "#0b5cad"),
      support: cssVar("--support", "#1a7f37"),
      attack: cssVar("--attack", "#cf222e"),
      paper: cssVar("--paper", "#ffffff"),
      border: "#8c959f",
      mainFill: "#eef4fb",
      extractedFill: "#fbf8ff",
      extractedBorder: "#8250df",
      sameAs: "#8c959f",
      in: "#e9f6ec",
      out: "#f3f4f6",
      undec: "#fff6d6",
    };
  }

  // ---------------------------------------------------------------- elements
  // The server lays the map out (app/layout.py): each drawn box comes with its place,
  // its size and its label already broken into lines, measured in DejaVu Sans.
  function boxElement(box, data) {
    var d = Object.assign({}, data || {}, {
      id: box.id, display: box.lines.join("\n"), w: box.w, h: box.h, font: box.font,
      weight: box.bold ? 600 : 400,
    });
    var classes = [box.kind === "main" || box.kind === "arg" ? "arg" : box.kind];
    if (box.kind === "main") { classes.push("main"); }
    if (data && data.origin) { classes.push(data.origin); }
    if (box.of) { d.of = box.of; d.counts = box.counts; classes.push("toggle"); }
    return { group: "nodes", data: d, classes: classes.join(" "), position: { x: box.x, y: box.y } };
  }

  // The API's answer → Cytoscape elements: the boxes the layout drew, and the relations
  // between drawn arguments. An undercut is drawn from the undercutter to an invisible
  // helper node kept at the middle of the edge it attacks.
  function toElements(api) {
    var out = [];
    var byId = {};
    ((api.elements && api.elements.nodes) || []).forEach(function (n) { byId[n.data.id] = n.data; });
    var present = {};
    (api.layout.boxes || []).forEach(function (b) {
      var data = b.kind === "arg" || b.kind === "main" ? byId[b.id] : null;
      if ((b.kind === "arg" || b.kind === "main") && !data) { return; }
      present[b.id] = true;
      out.push(boxElement(b, data));
    });
    var edges = ((api.elements && api.elements.edges) || []).filter(function (e) {
      return present[e.data.source] && present[e.data.target];
    });
    var byEnds = {};
    edges.forEach(function (e) {
      if (e.data.kind !== "undercut") { byEnds[e.data.source + "->" + e.data.target] = e.data.id; }
    });
    edges.forEach(function (e) {
      var d = e.data;
      var classes = [d.kind, d.origin || "curated"];
      if (d.kind === "undercut") {
        var attacked = d.undercuts ? byEnds[d.undercuts] : null;
        if (attacked) {
          var helper = "mid:" + d.id;
          out.push({ group: "nodes", data: { id: helper, attacked: attacked }, classes: "helper" });
          out.push({ group: "edges", data: Object.assign({}, d, { id: "draw:" + d.id, target: helper, conclusion: d.target }),
                     classes: classes.concat("drawn").join(" ") });
          return;
        }
      }
      out.push({ group: "edges", data: d, classes: classes.join(" ") });
    });
    return out;
  }

  function percent(x) {
    return Math.round((Number(x) || 0) * 100) + "%";
  }

  // ---------------------------------------------------------------- style
  function stylesheet() {
    var c = palette();
    return [
      { selector: "node.arg, node.badge, node.group", style: {
        "width": "data(w)", "height": "data(h)",
        "label": "data(display)",
        "text-wrap": "wrap", "text-max-width": 2000,
        "text-valign": "center", "text-halign": "center", "text-justification": "center",
        "font-family": FONT_FAMILY, "font-size": "data(font)", "font-weight": "data(weight)",
        "line-height": LINE_HEIGHT, "min-zoomed-font-size": READABLE_PX,
        "color": c.ink,
      } },
      { selector: "node.arg", style: {
        "shape": "round-rectangle", "background-color": c.paper,
        "border-width": 1.5, "border-color": c.border,
        "corner-radius": 8,
        "transition-property": "opacity", "transition-duration": 150,
      } },
      { selector: "node.main", style: {
        "shape": "cut-rectangle",
        "background-color": c.mainFill, "border-width": 2.5, "border-color": c.accent,
      } },
      { selector: "node.badge", style: {
        "shape": "round-rectangle", "corner-radius": 11, "background-color": "#eaeef2",
        "border-width": 1, "border-color": c.border, "color": c.ink,
      } },
      { selector: "node.group", style: {
        "shape": "rectangle", "background-opacity": 0, "border-width": 0, "text-halign": "center",
        "color": c.accent,
      } },
      { selector: "node.toggle.hover, node.toggle.chosen", style: { "border-color": c.accent, "border-width": 2 } },
      { selector: "node.extracted", style: {
        "border-style": "dashed", "border-color": c.extractedBorder, "background-color": c.extractedFill,
      } },
      { selector: 'node[grounded = "IN"]', style: { "background-color": c.in } },
      { selector: 'node[grounded = "OUT"]', style: { "background-color": c.out, "color": c.muted } },
      { selector: 'node[grounded = "UNDEC"]', style: { "background-color": c.undec } },
      { selector: "node[?off]", style: {
        "opacity": 0.45, "border-style": "dashed", "border-color": c.muted, "background-color": c.paper,
      } },
      { selector: "node.helper", style: {
        "width": 1, "height": 1, "opacity": 0, "events": "no", "label": "",
      } },
      { selector: "edge", style: {
        "width": 2, "curve-style": "bezier", "line-color": c.support,
        "target-arrow-shape": "triangle", "target-arrow-color": c.support, "arrow-scale": 1.1,
        "transition-property": "opacity", "transition-duration": 150,
      } },
      { selector: "edge.attack", style: {
        "line-color": c.attack, "target-arrow-color": c.attack, "target-arrow-shape": "triangle-tee",
      } },
      { selector: "edge.undercut", style: {
        "line-color": c.attack, "target-arrow-color": c.attack, "line-style": "dashed",
        "line-dash-pattern": [7, 4], "target-arrow-shape": "tee", "arrow-scale": 1.3,
      } },
      { selector: "edge.same_as", style: {
        "line-color": c.sameAs, "line-style": "dotted", "target-arrow-shape": "none", "width": 1.5,
      } },
      { selector: "edge.extracted", style: { "line-style": "dashed", "line-dash-pattern": [3, 3] } },
      { selector: "node.arg.chosen", style: {
        "border-width": 3, "border-color": c.accent,
        "underlay-color": c.accent, "underlay-opacity": 0.18, "underlay-padding": 7, "underlay-shape": "round-rectangle",
      } },
      { selector: "node.arg.near", style: { "border-color": c.ink } },
      { selector: "node.arg.match", style: { "underlay-color": "#ffd84d", "underlay-opacity": 0.6, "underlay-padding": 5 } },
      { selector: "node.arg.hover", style: { "border-color": c.accent } },
      { selector: ".faded", style: { "opacity": 0.16 } },
      { selector: "edge.chosen-edge", style: { "width": 3 } },
    ];
  }

  // ---------------------------------------------------------------- view
  // The free part of the canvas (CSS px): less the toolbar on top and the panel on the
  // right, when they cover it. The server lays the map out for this room.
  function freeArea(cy, covers) {
    var top = covers && covers.top || 0;
    var right = covers && covers.right || 0;
    var bottom = covers && covers.bottom || 0;
    return { x: MARGIN, y: top + MARGIN, w: Math.max(200, cy.width() - right - 2 * MARGIN),
             h: Math.max(200, cy.height() - top - bottom - 2 * MARGIN) };
  }

  // Show the laid-out map (width × height, model px) whole in the free area, at the
  // fit zoom the layout chose for it, centred.
  function fitLayout(cy, layout, area) {
    var z = Math.min(1.25, area.w / Math.max(layout.width, 1), area.h / Math.max(layout.height, 1));
    z = Math.max(z, cy.minZoom());
    cy.zoom(z);
    cy.pan({ x: area.x + (area.w - layout.width * z) / 2, y: area.y + (area.h - layout.height * z) / 2 });
    return z;
  }

  // Keep each undercut's helper node at the middle of the edge it attacks.
  function placeHelpers(cy) {
    cy.nodes(".helper").forEach(function (helper) {
      var edge = cy.getElementById(helper.data("attacked"));
      if (!edge.length) { return; }
      var mid = edge.midpoint();
      if (mid && isFinite(mid.x) && isFinite(mid.y)) {
        helper.position({ x: mid.x, y: mid.y });
      } else {
        var a = edge.source().position();
        var b = edge.target().position();
        helper.position({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
      }
    });
  }

  // ---------------------------------------------------------------- helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return node;
  }

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }


  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var field = el("textarea", { readonly: "", class: "visually-hidden" });
      field.value = text;
      document.body.appendChild(field);
      field.select();
      try { document.execCommand("copy") ? resolve() : reject(); } catch (e) { reject(e); }
      field.remove();
    });
  }

  // Canonical filter query (fixed key order) from URLSearchParams.
  function filterQuery(params) {
    var out = new URLSearchParams();
    FILTER_KEYS.forEach(function (key) {
      var values = params.getAll(key).filter(function (v) { return v !== "" && !(key === "origin" && v === "all"); });
      if (!REPEATED[key]) { values = values.slice(0, 1); }
      values.forEach(function (v) { out.append(key, v); });
    });
    return out.toString();
  }

  function stateFromLocation() {
    var params = new URLSearchParams(window.location.search);
    return { query: filterQuery(params), focus: params.get("focus") || null };
  }

  // `path` with `query` less the parameters `keys`.
  function urlWithout(path, query, keys) {
    var params = new URLSearchParams(query);
    keys.forEach(function (k) { params.delete(k); });
    var q = params.toString();
    return path + (q ? "?" + q : "");
  }

  function urlFor(state) {
    var params = new URLSearchParams(state.query);
    if (state.focus) { params.set("focus", state.focus); }
    var q = params.toString();
    return window.location.pathname + (q ? "?" + q : "");
  }

  // ---------------------------------------------------------------- tooltip
  function Tooltip(host) {
    this.host = host;
    this.box = el("div", { class: "map-tooltip", role: "tooltip" });
    this.box.hidden = true;
    host.appendChild(this.box);
  }
  Tooltip.prototype.showNode = function (node) {
    var d = node.data();
    var who = [d.speaker_name || "unnamed commenter", d.year || "year unknown"].join(" · ");
    this.box.replaceChildren(
      el("q", { lang: "fr", text: d.quote || d.label }),
      el("span", { class: "who", text: who })
    );
    this.place(node.renderedBoundingBox({ includeLabels: false }));
  };
  Tooltip.prototype.showEdge = function (edge) {
    var d = edge.data();
    var src = edge.source().data("label");
    var tgt = d.conclusion ? edge.cy().getElementById(d.conclusion).data("label") : edge.target().data("label");
    var kids = [el("strong", { class: "kind " + d.kind, text: (KIND_NAMES[d.kind] || d.kind) })];
    kids.push(el("span", { class: "ends", text: "“" + src + "” → “" + tgt + "”" }));
    if (d.note) { kids.push(el("span", { class: "note", text: d.note })); }
    if (d.evidence) { kids.push(el("span", { class: "note", text: "Evidence: " + d.evidence })); }
    this.box.replaceChildren.apply(this.box, kids);
    var m = edge.renderedMidpoint();
    this.place({ x1: m.x - 4, x2: m.x + 4, y1: m.y - 4, y2: m.y + 4 });
  };
  Tooltip.prototype.place = function (bb) {
    var box = this.box;
    box.hidden = false;
    var hostW = this.host.clientWidth;
    var hostH = this.host.clientHeight;
    var w = box.offsetWidth;
    var h = box.offsetHeight;
    var x = Math.min(Math.max(8, (bb.x1 + bb.x2) / 2 - w / 2), Math.max(8, hostW - w - 8));
    var y = bb.y2 + 10;
    if (y + h > hostH - 8 && bb.y1 - h - 10 > 8) { y = bb.y1 - h - 10; }
    box.style.left = Math.round(x) + "px";
    box.style.top = Math.round(Math.max(8, y)) + "px";
  };
  Tooltip.prototype.hide = function () { this.box.hidden = true; };

  // ---------------------------------------------------------------- cytoscape
  function makeCy(container, readOnly) {
    return cytoscape({
      container: container,
      style: stylesheet(),
      elements: [],
      minZoom: 0.04,
      maxZoom: 3,
      boxSelectionEnabled: false,
      autounselectify: true,
      autoungrabify: !!readOnly,
      userZoomingEnabled: !readOnly,
      pixelRatio: "auto",
    });
  }

  function wireHover(cy, tooltip) {
    cy.on("mouseover", "node.arg", function (evt) { evt.target.addClass("hover"); tooltip.showNode(evt.target); });
    cy.on("mouseout", "node.arg", function (evt) { evt.target.removeClass("hover"); tooltip.hide(); });
    cy.on("mouseover", "edge", function (evt) { tooltip.showEdge(evt.target); });
    cy.on("mouseout", "edge", function () { tooltip.hide(); });
    cy.on("viewport drag", function () { tooltip.hide(); });
    cy.on("drag", "node.arg", function () { placeHelpers(cy); });
  }

  // The argument plus what it is linked to (undercuts included, both ways).
  function neighbourhood(node) {
    var cy = node.cy();
    var near = node.closedNeighborhood();
    cy.edges(".drawn").forEach(function (e) {
      var attacked = cy.getElementById(e.target().data("attacked"));
      if (e.source().same(node) || near.contains(attacked) || e.data("conclusion") === node.id()) {
        near = near.union(e).union(e.source()).union(e.target());
      }
    });
    return near;
  }

  // ---------------------------------------------------------------- the map page
  function MapPage(root) {
    this.root = root;
    this.canvas = root.querySelector("#map-canvas");
    this.stage = root.querySelector(".map-stage");
    this.panel = root.querySelector("#map-panel");
    this.form = root.querySelector("#map-filters");
    this.status = root.querySelector("#map-status");
    this.count = root.querySelector("#map-count");
    this.list = root.querySelector("#map-list");
    this.search = root.querySelector("#map-search");
    this.results = root.querySelector("#map-search-results");
    this.message = root.querySelector("#map-message");
    this.cy = makeCy(this.canvas, false);
    this.tooltip = new Tooltip(this.stage);
    this.state = { query: null, focus: null };
    this.seq = 0;
    this.renders = 0;
    this.data = null;
    this.ready = Promise.resolve();
  }

  MapPage.prototype.start = function () {
    var self = this;
    var cy = this.cy;
    root_ready(this.root);
    wireHover(cy, this.tooltip);
    // A click or tap also gives the map keyboard focus: arrow keys work right away.
    cy.on("tap", "node.arg", function (evt) {
      self.tooltip.hide();
      self.canvas.focus({ preventScroll: true });
      self.select(evt.target.id(), { push: true });
    });
    cy.on("tap", "node.toggle", function (evt) {
      self.canvas.focus({ preventScroll: true });
      self.toggle(evt.target.data("of"));
    });
    cy.on("dbltap", "node.arg", function (evt) { self.focusOn(evt.target.id()); });
    cy.on("tap", function (evt) { if (evt.target === cy) { self.canvas.focus({ preventScroll: true }); self.select(null, { push: true }); } });
    this.canvas.addEventListener("keydown", function (e) { self.onKey(e); });
    this.wireToolbar();
    this.wireFilters();
    this.wireSearch();
    window.addEventListener("popstate", function (e) { self.restore(e.state || stateFromLocation()); });
    var initial = stateFromLocation();
    history.replaceState(initial, "", urlFor(initial));
    this.ready = this.restore(initial);
    return this.ready;
  };

  function root_ready(root) {
    root.classList.add("js");
    var list = root.querySelector("#map-list");
    if (list) { list.open = false; }
  }

  // Bring the page to `state`: reload the graph if the filters changed, then the selection.
  MapPage.prototype.restore = function (state) {
    var self = this;
    var focus = state.focus;
    var work = state.query === this.state.query ? Promise.resolve(true)
      : this.load(state.query, { focus: focus, reveal: focus });
    this.ready = work.then(function (ok) {
      if (!ok) { return; }
      self.syncForm(state.query);
      self.select(focus && self.cy.getElementById(focus).length ? focus : null, { push: false, zoom: !!focus, replace: true });
    });
    return this.ready;
  };

  // What of the canvas the toolbar and the panel cover (CSS px).
  MapPage.prototype.covers = function (withPanel) {
    var toolbar = this.root.querySelector(".map-toolbar");
    var top = toolbar ? toolbar.offsetTop + toolbar.offsetHeight : 0;
    // On a small screen the canvas may run below the window: lay out for what is seen.
    var rect = this.canvas.getBoundingClientRect();
    var below = Math.max(0, Math.min(rect.bottom - window.innerHeight, rect.height / 2));
    return { top: top, right: withPanel ? this.panelWidth() : 0, bottom: below };
  };

  // Fetch /api/graph for `query`, laid out for the room the map has, and draw it.
  // Resolves false if a newer load overtook it.
  MapPage.prototype.load = function (query, opts) {
    var self = this;
    opts = opts || {};
    var seq = ++this.seq;
    this.root.dataset.state = "loading";
    this.showMessage(null);
    var area = freeArea(this.cy, this.covers(!!opts.focus));
    var params = new URLSearchParams(query || "");
    params.set("vw", String(Math.round(area.w)));
    params.set("vh", String(Math.round(area.h)));
    if (opts.reveal) { params.set("reveal", opts.reveal); }
    return fetch("/api/graph?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (res) {
        return res.json().then(function (body) {
          if (!res.ok) { throw new Error(body && body.detail ? (typeof body.detail === "string" ? body.detail : "These filters are not valid.") : "The map could not be loaded."); }
          return body;
        });
      })
      .then(function (data) {
        if (seq !== self.seq) { return false; }
        self.pendingQuery = query;
        return self.draw(data, { area: area, anchor: opts.anchor }).then(function () {
          self.state = { query: query, focus: null };
          return seq === self.seq;
        });
      })
      .catch(function (err) {
        if (seq !== self.seq) { return false; }
        self.root.dataset.state = "error";
        self.showMessage(err && err.message ? err.message : "The map could not be loaded.");
        return false;
      });
  };

  MapPage.prototype.draw = function (data, opts) {
    var self = this;
    var cy = this.cy;
    opts = opts || {};
    this.data = data;
    this.tooltip.hide();
    var started = performance.now();
    var before = opts.anchor ? cy.getElementById(opts.anchor) : null;
    var anchorAt = before && before.length ? before.renderedPosition() : null;
    cy.batch(function () {
      cy.elements().remove();
      cy.add(toElements(data));
    });
    placeHelpers(cy);
    var area = opts.area || freeArea(cy, this.covers(false));
    var after = opts.anchor ? cy.getElementById(opts.anchor) : null;
    var readable = data.layout.min_zoom;
    if (anchorAt && after && after.length && Math.min(area.w / data.layout.width, area.h / data.layout.height) < readable) {
      // Unfolding made the map bigger than the screen: keep what was clicked where it was.
      var z = Math.max(readable, Math.min(cy.zoom(), 1));
      var p = after.position();
      cy.zoom(z);
      cy.pan({ x: anchorAt.x - p.x * z, y: anchorAt.y - p.y * z });
    } else {
      fitLayout(cy, data.layout, area);
    }
    this.drawMs = performance.now() - started;
    this.renders += 1;
    this.root.dataset.renders = String(this.renders);
    this.root.dataset.state = "ready";
    var n = data.count.nodes;
    var m = data.count.edges;
    var shown = cy.nodes(".arg").length;
    this.count.textContent = (data.truncated ? n + " of " + data.total + " arguments" : n + (n === 1 ? " argument" : " arguments")) +
      " · " + m + (m === 1 ? " relation" : " relations") + (shown < n ? " · " + shown + " drawn" : "");
    this.renderFacets(data.facets, new URLSearchParams(filterQuery(new URLSearchParams(this.formQuery()))));
    this.renderList(data.elements.nodes);
    var grounded = data.elements.nodes.some(function (nd) { return nd.data.grounded; });
    this.root.querySelectorAll(".legend .grounded").forEach(function (li) { li.hidden = !grounded; });
    this.syncExports();
    if (!n) { this.showMessage("No argument matches these filters."); }
    else if (data.truncated) { this.showMessage("Only the first " + n + " of " + data.total + " arguments are drawn: filter by author, year or document, or open a debate, to see the rest.", true); }
    return Promise.resolve();
  };

  // Unfold (or fold again) an argument's answers or a group's claims. What is unfolded
  // lives in the URL (`expand=`, repeated), so a shared link shows the same map; folding
  // the last unfolded part leaves `fold=` so that the overview does not unfold it again.
  MapPage.prototype.toggle = function (id) {
    if (!id || !this.data) { return this.ready; }
    // a badge for answers outside a neighbourhood re-centres the map on that argument
    if (id.indexOf("around:") === 0) { return this.focusOn(id.slice(7)); }
    // `ID~k` (the first k answers shown) gives way to the whole of them, or to none
    var unfolded = this.data.layout.unfolded.filter(function (u) { return u.indexOf(id + "~") !== 0; });
    var at = unfolded.indexOf(id);
    var params = new URLSearchParams(this.state.query || "");
    params.delete("expand");
    params.delete("fold");
    if (at === -1) {
      unfolded.push(id);
    } else {
      unfolded.splice(at, 1);
    }
    if (unfolded.length) {
      unfolded.forEach(function (u) { params.append("expand", u); });
    } else {
      params.append("fold", id);
    }
    var anchor = id.indexOf("group:") === 0 ? "group:" + id.slice(6) : id.replace(/^root:/, "");
    this.announce((at === -1 ? "Unfolded" : "Folded") + ".");
    return this.changeFilters(filterQuery(params), { anchor: anchor, reveal: null });
  };

  // Draw an argument that is folded away: unfold what leads to it. The unfolded set
  // goes into the current history entry, which keeps its selection.
  MapPage.prototype.showArgument = function (id) {
    var self = this;
    if (this.cy.getElementById(id).length || !this.data) { return Promise.resolve(); }
    var focus = this.state.focus;
    return this.load(this.state.query, { reveal: id, focus: id }).then(function (ok) {
      if (!ok) { return; }
      var params = new URLSearchParams(self.state.query || "");
      params.delete("expand");
      params.delete("fold");
      self.data.layout.unfolded.forEach(function (u) { params.append("expand", u); });
      self.state = { query: filterQuery(params), focus: focus };
      self.pendingQuery = self.state.query;
      self.syncExports();
      history.replaceState({ query: self.state.query, focus: focus }, "", urlFor(self.state));
      if (focus && self.cy.getElementById(focus).length) { self.select(focus, { push: false }); }
    });
  };

  // Is this argument (or group) unfolded, and does it have anything to unfold?
  MapPage.prototype.foldState = function (id) {
    if (!this.data) { return null; }
    var unfolded = this.data.layout.unfolded.indexOf(id) !== -1;
    var badge = this.cy.getElementById("badge:" + id);
    if (badge.length) {
      var of = badge.data("of");
      return { unfolded: false, of: of, label: of.indexOf("around:") === 0 ? "Around it: " + badge.data("display")
                                                                            : "Unfold: " + badge.data("display") };
    }
    return unfolded ? { unfolded: true, of: id, label: "Fold its answers" } : null;
  };

  // A message over the map; a notice sits at the bottom and leaves the map usable.
  MapPage.prototype.showMessage = function (text, notice) {
    if (!this.message) { return; }
    this.message.hidden = !text;
    this.message.textContent = text || "";
    this.message.classList.toggle("notice", !!notice);
  };

  // ---- selection
  // Focus: redraw the map with only the argument and its neighbours (`?around=`), laid
  // out on their own, so that a claim answered from all over the debate fits on screen.
  MapPage.prototype.focusOn = function (id) {
    var params = new URLSearchParams(this.state.query || "");
    params.set("around", id);
    var query = filterQuery(params);
    this.state.focus = id;
    if (query === this.state.query) {
      this.select(id, { push: false, zoom: true });
      return this.ready;
    }
    return this.changeFilters(query);
  };

  MapPage.prototype.select = function (id, opts) {
    opts = opts || {};
    var cy = this.cy;
    var node = id ? cy.getElementById(id) : null;
    if (node && !node.length) { node = null; id = null; }
    cy.batch(function () {
      cy.elements().removeClass("chosen near faded chosen-edge");
      if (node) {
        var near = neighbourhood(node);
        node.addClass("chosen");
        near.nodes(".arg").not(node).addClass("near");
        near.edges().addClass("chosen-edge");
        cy.elements().not(near).addClass("faded");
      }
    });
    this.state.focus = id || null;
    this.root.dataset.focus = id || "";
    this.renderPanel(node);
    if (node) {
      cy.stop(true, false);
      if (opts.zoom) {
        this.zoomTo(node, opts.push === false && opts.replace ? 0 : 250);
      } else {
        this.reveal(node);
      }
      this.announce("Selected: " + node.data("label"));
    }
    var wanted = urlFor(this.state);
    if (opts.push && wanted !== window.location.pathname + window.location.search) {
      history.pushState({ query: this.state.query, focus: this.state.focus }, "", wanted);
    } else if (opts.replace) {
      history.replaceState({ query: this.state.query, focus: this.state.focus }, "", wanted);
    }
  };

  // Fit the node's neighbourhood beside the panel; if that would make labels unreadable
  // (a claim answered from all over the map), centre the node at a readable zoom instead.
  MapPage.prototype.zoomTo = function (node, duration) {
    var cy = this.cy;
    var readable = this.data ? this.data.layout.min_zoom : 0.9;
    var bb = neighbourhood(node).boundingBox();
    var area = freeArea(cy, this.covers(true));
    var fit = Math.min(area.w / Math.max(bb.w, 1), area.h / Math.max(bb.h, 1), 1.25);
    var z = fit >= readable ? fit : Math.max(readable, Math.min(cy.zoom(), 1));
    var c = fit >= readable ? { x: (bb.x1 + bb.x2) / 2, y: (bb.y1 + bb.y2) / 2 } : node.position();
    cy.animate({ zoom: z, pan: { x: area.x + area.w / 2 - c.x * z, y: area.y + area.h / 2 - c.y * z } }, { duration: duration });
  };

  // Pan so that the node is in view (and not under the panel).
  MapPage.prototype.reveal = function (node) {
    var cy = this.cy;
    var bb = node.renderedBoundingBox();
    var area = freeArea(cy, this.covers(true));
    if (bb.x1 >= area.x - MARGIN + 4 && bb.x2 <= area.x + area.w + MARGIN - 4 && bb.y1 >= area.y - MARGIN + 4 &&
        bb.y2 <= area.y + area.h + MARGIN - 4) { return; }
    var pos = node.renderedPosition();
    cy.animate({ panBy: { x: area.x + area.w / 2 - pos.x, y: area.y + area.h / 2 - pos.y }, duration: 250 });
  };

  // Width of the map covered by the floating panel (0 when the panel is not beside the map).
  MapPage.prototype.panelWidth = function () {
    if (getComputedStyle(this.panel).position !== "absolute") { return 0; }
    var was = this.panel.hidden;
    this.panel.hidden = false;
    var w = this.panel.offsetWidth + 16;
    this.panel.hidden = was;
    return w;
  };

  MapPage.prototype.announce = function (text) {
    if (this.status) { this.status.textContent = text; }
  };

  MapPage.prototype.relations = function (node) {
    var cy = this.cy;
    var groups = { supporters: [], attackers: [], supports: [], attacks: [] };
    node.connectedEdges().not(".proxy").forEach(function (e) {
      var kind = e.data("kind");
      var incoming = e.data("conclusion") ? e.data("conclusion") === node.id() : e.target().same(node);
      var other = incoming ? e.source() : (e.data("conclusion") ? cy.getElementById(e.data("conclusion")) : e.target());
      if (!other.hasClass("arg")) { return; }
      var entry = { node: other, kind: kind, note: e.data("note") };
      if (kind === "same_as") { groups[incoming ? "supporters" : "supports"].push(entry); return; }
      if (incoming) { groups[kind === "support" ? "supporters" : "attackers"].push(entry); } else { groups[kind === "support" ? "supports" : "attacks"].push(entry); }
    });
    // Undercuts aimed at an inference this argument draws or receives.
    cy.edges(".drawn").forEach(function (e) {
      var attacked = cy.getElementById(e.target().data("attacked"));
      if (attacked.length && attacked.source().same(node)) {
        groups.attackers.push({ node: e.source(), kind: "undercut", note: e.data("note") });
      }
    });
    return groups;
  };

  MapPage.prototype.renderPanel = function (node) {
    var self = this;
    var panel = this.panel;
    if (!node) {
      panel.hidden = true;
      panel.replaceChildren();
      return;
    }
    var d = node.data();
    var badges = el("p", { class: "badges" });
    if (d.main) { badges.appendChild(el("span", { class: "badge", text: "main claim" })); }
    badges.appendChild(el("span", { class: "badge " + d.origin, text: d.origin === "extracted" ? "extracted · " + percent(d.confidence) + " confidence" : "curated" }));
    if (d.grounded) { badges.appendChild(el("span", { class: "badge grounded-" + d.grounded, text: { IN: "accepted", OUT: "rejected", UNDEC: "undecided" }[d.grounded] || d.grounded })); }
    if (d.off) { badges.appendChild(el("span", { class: "badge switched-off", text: "switched off" })); }

    var who = el("footer", {}, [
      d.speaker ? el("a", { href: "/authors/" + encodeURIComponent(d.speaker), text: d.speaker_name || d.speaker }) : el("span", { text: "unnamed commenter" }),
      " · " + (d.year || "year unknown"),
    ]);
    var rel = this.relations(node);
    var lists = [
      ["Supported by", rel.supporters, "support"], ["Attacked by", rel.attackers, "attack"],
      ["Supports", rel.supports, "support"], ["Attacks", rel.attacks, "attack"],
    ].filter(function (g) { return g[1].length; }).map(function (g) {
      return el("section", { class: "panel-rel " + g[2] }, [
        el("h3", { text: g[0] + " " }, [el("span", { class: "count", text: String(g[1].length) })]),
        el("ul", {}, g[1].map(function (entry) {
          var button = el("button", { type: "button", class: "link", "data-id": entry.node.id(), text: entry.node.data("label") });
          button.addEventListener("click", function () { self.select(entry.node.id(), { push: true }); });
          button.addEventListener("mouseenter", function () { entry.node.addClass("hover"); });
          button.addEventListener("mouseleave", function () { entry.node.removeClass("hover"); });
          return el("li", { class: entry.kind }, [button, entry.kind === "undercut" ? el("span", { class: "note", text: " (undercuts the inference)" }) : null]);
        })),
      ]);
    });
    var permalink = window.location.origin + (d.url || "/arguments/" + d.id);
    var copy = el("button", { type: "button", class: "secondary copy", text: "Copy link" });
    copy.addEventListener("click", function () {
      copyText(permalink).then(function () {
        copy.textContent = "Link copied";
        setTimeout(function () { copy.textContent = "Copy link"; }, 1800);
      }, function () { copy.textContent = "Copy failed"; });
    });
    var folding = this.foldState(d.id);
    var foldButton = null;
    if (folding) {
      foldButton = el("button", { type: "button", class: "secondary fold", "aria-keyshortcuts": "Space",
                                  text: folding.label });
      foldButton.addEventListener("click", function () { self.toggle(folding.of); });
    }
    var focusButton = el("button", { type: "button", class: "secondary", text: "Focus" });
    focusButton.addEventListener("click", function () { self.focusOn(d.id); });
    var offButton = null;
    if (d.grounded || d.off) {
      offButton = el("button", { type: "button", class: "secondary", text: d.off ? "Switch on" : "Switch off",
                                 title: "See which arguments stand " + (d.off ? "with" : "without") + " this one" });
      offButton.addEventListener("click", function () { self.toggleOff(d.id); });
    }
    var close = el("button", { type: "button", class: "close", "aria-label": "Close", text: "×" });
    close.addEventListener("click", function () { self.select(null, { push: true }); self.canvas.focus(); });

    panel.replaceChildren.apply(panel, [
      close,
      badges,
      el("h2", { id: "panel-title", text: d.label }),
      d.label_fr && d.label_fr !== d.label ? el("p", { class: "label-fr", lang: "fr", text: d.label_fr }) : null,
      el("blockquote", { lang: "fr" }, [el("p", { text: "“" + d.quote + "”" }), who]),
      el("p", { class: "doc" }, [
        "In ",
        el("a", { href: "/documents/" + encodeURIComponent(d.document) + "#arg-" + encodeURIComponent(d.id), text: d.document_title || d.document }),
      ]),
      el("div", { class: "panel-actions" }, [
        el("a", { class: "button", href: d.url || "/arguments/" + d.id, text: "Open" }),
        this.outlineLink(d.id),
        foldButton, focusButton, offButton, copy,
      ].filter(Boolean)),
      el("p", { class: "permalink small muted", text: permalink }),
    ].concat(lists).filter(Boolean));
    panel.hidden = false;
    panel.setAttribute("aria-labelledby", "panel-title");
  };

  // The same argument in its debate's pro/con outline, when the map knows its debate.
  MapPage.prototype.outlineLink = function (id) {
    var group = this.data && this.data.layout.group_of ? this.data.layout.group_of[id] : null;
    var debate = group && group !== "rest" && group !== "around" ? group : null;
    if (!debate) { return null; }
    var e = encodeURIComponent;
    return el("a", { class: "button secondary outline", href: "/debates/" + e(debate) + "/outline?focus=" + e(id) + "#arg-" + e(id),
                     text: "Outline" });
  };

  // ---- keyboard: arrows walk along relations, Enter opens, Escape clears
  MapPage.prototype.onKey = function (e) {
    var cy = this.cy;
    var current = this.state.focus ? cy.getElementById(this.state.focus) : null;
    var key = e.key;
    if (key === "Escape") {
      if (current) { this.select(null, { push: true }); e.preventDefault(); }
      return;
    }
    if (key === "Enter" && current && current.length) {
      window.location.href = current.data("url");
      return;
    }
    if (key === "+" || key === "=") { this.zoomBy(1.25); e.preventDefault(); return; }
    if (key === "-") { this.zoomBy(0.8); e.preventDefault(); return; }
    if (key === "f" && current) { this.select(current.id(), { push: false, zoom: true }); return; }
    var folding = key === " " && current && current.length ? this.foldState(current.id()) : null;
    if (folding) {
      e.preventDefault();
      this.toggle(folding.of);
      return;
    }
    if (["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"].indexOf(key) === -1) { return; }
    e.preventDefault();
    if (!current || !current.length) {
      var first = cy.nodes(".arg").sort(function (a, b) {
        return (a.position("y") - b.position("y")) || (a.position("x") - b.position("x"));
      })[0];
      if (first) { this.select(first.id(), { push: true }); }
      return;
    }
    var pos = current.position();
    var candidates;
    if (key === "ArrowUp" || key === "ArrowDown") {
      var up = key === "ArrowUp";
      candidates = current.connectedEdges().filter(function (edge) { return !edge.hasClass("drawn"); })
        .map(function (edge) { return edge.source().same(current) ? edge.target() : edge.source(); })
        .filter(function (n) { return n.hasClass("arg") && (up ? n.position("y") < pos.y - 1 : n.position("y") > pos.y + 1); });
      // Undercuts: their target is the middle of an edge.
      cy.edges(".drawn").forEach(function (edge) {
        if (edge.source().same(current) && up) { candidates.push(cy.getElementById(edge.data("conclusion"))); }
        if (edge.data("conclusion") === current.id() && !up) { candidates.push(edge.source()); }
      });
    } else {
      var left = key === "ArrowLeft";
      var h = current.data("h");
      candidates = cy.nodes(".arg").filter(function (n) {
        return Math.abs(n.position("y") - pos.y) < h && (left ? n.position("x") < pos.x - 1 : n.position("x") > pos.x + 1);
      }).toArray();
    }
    if (!candidates.length) { return; }
    candidates.sort(function (a, b) {
      return Math.hypot(a.position("x") - pos.x, a.position("y") - pos.y) - Math.hypot(b.position("x") - pos.x, b.position("y") - pos.y);
    });
    this.select(candidates[0].id(), { push: true });
  };

  MapPage.prototype.zoomBy = function (factor) {
    var cy = this.cy;
    cy.animate({ zoom: { level: Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor)),
                         renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }, duration: 150 });
  };

  // ---- toolbar
  MapPage.prototype.wireToolbar = function () {
    var self = this;
    var cy = this.cy;
    var on = function (action, fn) {
      var button = self.root.querySelector('[data-action="' + action + '"]');
      if (button) { button.addEventListener("click", fn); }
    };
    on("fit", function () { self.fit(); });
    on("zoom-in", function () { self.zoomBy(1.25); });
    on("zoom-out", function () { self.zoomBy(0.8); });
    on("focus", function () {
      if (self.state.focus) { self.focusOn(self.state.focus); } else { self.announce("Select an argument first."); self.canvas.focus(); }
    });
  };

  // "Fit": the whole map if it can be read whole, else back to the overview.
  MapPage.prototype.fit = function () {
    var layout = this.data && this.data.layout;
    if (!layout) { return this.ready; }
    var area = freeArea(this.cy, this.covers(!this.panel.hidden));
    if (Math.min(area.w / layout.width, area.h / layout.height) >= layout.min_zoom) {
      fitLayout(this.cy, layout, area);
      return this.ready;
    }
    var params = new URLSearchParams(this.state.query || "");
    params.delete("expand");
    params.delete("fold");
    return this.changeFilters(filterQuery(params));
  };

  // The whole-map downloads follow the filters shown.
  MapPage.prototype.syncExports = function () {
    var query = this.pendingQuery || "";
    this.root.querySelectorAll("a[data-export]").forEach(function (a) {
      a.setAttribute("href", urlWithout("/map." + a.getAttribute("data-export"), query, ["expand", "fold"]));
    });
  };


  // ---- filters
  MapPage.prototype.formQuery = function () {
    var params = new URLSearchParams();
    new FormData(this.form).forEach(function (value, key) { params.append(key, value); });
    return params.toString();
  };

  MapPage.prototype.wireFilters = function () {
    var self = this;
    var submit = this.form.querySelector(".apply");
    if (submit) { submit.hidden = true; }
    this.form.addEventListener("change", function (e) {
      if (e.target === self.search) { return; }
      self.applyFilters();
    });
    this.form.addEventListener("submit", function (e) { e.preventDefault(); self.applyFilters(); });
    this.root.addEventListener("click", function (e) {
      var link = e.target.closest("a[data-filters]");
      if (!link) { return; }
      e.preventDefault();
      var params = new URLSearchParams(link.getAttribute("href").split("?")[1] || "");
      self.changeFilters(filterQuery(params));
    });
  };

  MapPage.prototype.applyFilters = function () {
    var params = new URLSearchParams(this.formQuery());
    // Switched-off arguments are not in the form: they stay off while filters change.
    new URLSearchParams(this.state.query || "").getAll("off").forEach(function (v) { params.append("off", v); });
    this.changeFilters(filterQuery(params));
  };

  // Switch an argument off (or back on): the server labels the map again without it.
  MapPage.prototype.toggleOff = function (id) {
    var params = new URLSearchParams(this.state.query || "");
    var off = params.getAll("off");
    params.delete("off");
    var at = off.indexOf(id);
    if (at === -1) { off.push(id); } else { off.splice(at, 1); }
    off.forEach(function (v) { params.append("off", v); });
    this.state.focus = id;
    return this.changeFilters(filterQuery(params));
  };

  MapPage.prototype.changeFilters = function (query, opts) {
    var self = this;
    if (query === this.state.query) { return this.ready; }
    var focus = this.state.focus;
    this.ready = this.load(query, Object.assign({ focus: focus, reveal: focus }, opts || {})).then(function (ok) {
      if (!ok) { return; }
      self.syncForm(query);
      var keep = focus && self.cy.getElementById(focus).length ? focus : null;
      self.select(keep, { push: false });
      history.pushState({ query: query, focus: keep }, "", urlFor({ query: query, focus: keep }));
    });
    return this.ready;
  };

  // Set the form's controls to `query` (after back/forward).
  MapPage.prototype.syncForm = function (query) {
    var params = new URLSearchParams(query);
    this.form.querySelectorAll("input[name]").forEach(function (input) {
      var values = params.getAll(input.name);
      if (input.type === "checkbox") { input.checked = values.indexOf(input.value) !== -1; }
      if (input.type === "radio") {
        input.checked = values.length ? values[0] === input.value : (input.value === "" || input.value === "all");
      }
      if (input.type === "hidden") {
        input.value = values[0] || "";
        input.disabled = !values.length;
      }
    });
    var debate = this.root.querySelector(".map-debate");
    if (debate) { debate.hidden = !params.get("debate"); }
    var download = this.root.querySelector(".map-download a");
    if (download) {
      download.setAttribute("href", urlWithout("/export", query, ["around", "depth", "off"]));
    }
    var switched = this.root.querySelector(".map-off");
    if (switched) {
      var offIds = params.getAll("off");
      switched.hidden = !offIds.length;
      switched.querySelector(".off-count").textContent = offIds.length + (offIds.length === 1 ? " argument" : " arguments");
      switched.querySelector(".all-on").setAttribute("href", urlWithout("/map", query, ["off"]));
    }
    var around = this.root.querySelector(".map-around");
    if (around) {
      var centre = params.get("around");
      var node = centre ? this.cy.getElementById(centre) : null;
      around.hidden = !centre;
      around.querySelector(".around-label").textContent = node && node.length ? node.data("label") : (centre || "");
      around.querySelector(".whole").setAttribute("href", urlWithout("/map", query, ["around", "depth"]));
    }
    var clear = this.root.querySelector(".map-clear");
    if (clear) {
      var scope = ["debate", "around", "depth"];
      var anyFilter = Array.from(params.keys()).some(function (k) { return scope.indexOf(k) === -1; });
      clear.hidden = !anyFilter;
      var kept = new URLSearchParams();
      scope.forEach(function (k) { if (params.get(k)) { kept.set(k, params.get(k)); } });
      clear.setAttribute("href", "/map" + (kept.toString() ? "?" + kept.toString() : ""));
    }
  };

  // Redraw the facet lists with the counts of the current view; checked values stay.
  MapPage.prototype.renderFacets = function (facets, params) {
    var self = this;
    var fill = function (name, items) {
      var list = self.form.querySelector('[data-facet="' + name + '"] ul');
      if (!list) { return; }
      var chosen = params.getAll(name);
      var seen = {};
      items.forEach(function (it) { seen[it.value] = true; });
      var names = {};
      self.form.querySelectorAll('[data-facet="' + name + '"] input').forEach(function (input) {
        names[input.value] = input.getAttribute("data-name") || input.value;
      });
      chosen.forEach(function (v) { if (!seen[v]) { items.push({ value: v, name: names[v] || v, count: 0 }); } });
      var type = list.getAttribute("data-type") || "checkbox";
      var rows = items.map(function (it) {
        var input = el("input", { type: type, name: name, value: String(it.value), "data-name": it.name });
        input.checked = chosen.indexOf(String(it.value)) !== -1;
        return el("li", {}, [el("label", {}, [input, " ", el("span", { class: "facet-name", text: it.name }), " ",
                                              el("span", { class: "count", text: String(it.count) })])]);
      });
      if (type === "radio") {
        var any = el("input", { type: "radio", name: name, value: name === "origin" ? "all" : "" });
        any.checked = !chosen.length;
        if (name === "document") { any.setAttribute("data-empty", ""); }
        rows.unshift(el("li", {}, [el("label", {}, [any, " ", el("span", { class: "facet-name", text: name === "origin" ? "All" : "All documents" })])]));
      }
      list.replaceChildren.apply(list, rows);
      var empty = self.form.querySelector('[data-facet="' + name + '"] .facet-empty');
      if (empty) { empty.hidden = rows.length > 0; }
    };
    fill("author", (facets.author || []).map(function (a) { return { value: a.id, name: a.name, count: a.count }; }));
    fill("year", (facets.year || []).map(function (y) { return { value: String(y.value), name: String(y.value), count: y.count }; }));
    fill("origin", (facets.origin || []).map(function (o) { return { value: o.value, name: o.value, count: o.count }; }));
    fill("document", (facets.document || []).map(function (d) { return { value: d.id, name: d.title, count: d.count }; }));
    var unnamed = this.form.querySelector('[data-facet="author"] .facet-note');
    if (unnamed) {
      unnamed.textContent = facets.unnamed_speakers ? facets.unnamed_speakers + " by unnamed commenters" : "";
      unnamed.hidden = !facets.unnamed_speakers;
    }
  };

  MapPage.prototype.renderList = function (nodes) {
    var ul = this.list && this.list.querySelector("ul");
    if (!ul) { return; }
    ul.replaceChildren.apply(ul, nodes.map(function (n) {
      return el("li", { class: n.data.origin }, [el("a", { href: n.data.url, text: n.data.label })]);
    }));
    var summary = this.list.querySelector(".list-count");
    if (summary) { summary.textContent = String(nodes.length); }
  };

  // ---- search
  MapPage.prototype.wireSearch = function () {
    var self = this;
    var input = this.search;
    var results = this.results;
    if (!input || !results) { return; }
    input.closest(".map-search").hidden = false;
    var active = -1;
    var matches = [];
    var render = function () {
      var q = fold(input.value.trim());
      self.cy.nodes(".match").removeClass("match");
      matches = [];
      if (q.length >= 2) {
        // folded arguments are found too: picking one unfolds what leads to it
        ((self.data && self.data.elements.nodes) || []).forEach(function (n) {
          var d = n.data;
          var hay = fold([d.label, d.label_fr, d.quote, d.speaker_name, d.id].join(" "));
          if (hay.indexOf(q) !== -1) { matches.push(d); }
        });
      }
      active = matches.length ? 0 : -1;
      results.replaceChildren.apply(results, matches.slice(0, 8).map(function (n, i) {
        var li = el("li", { role: "option", id: "map-result-" + i, "data-id": n.id, "aria-selected": i === active ? "true" : "false",
                            text: n.label });
        li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(n); });
        return li;
      }));
      if (q.length >= 2 && !matches.length) { results.appendChild(el("li", { class: "none", text: "No argument on the map matches." })); }
      results.hidden = q.length < 2;
      input.setAttribute("aria-expanded", results.hidden ? "false" : "true");
      input.setAttribute("aria-activedescendant", active >= 0 ? "map-result-" + active : "");
      matches.slice(0, 8).forEach(function (d) { self.cy.getElementById(d.id).addClass("match"); });
    };
    var pick = function (n) {
      results.hidden = true;
      input.setAttribute("aria-expanded", "false");
      self.cy.nodes(".match").removeClass("match");
      self.showArgument(n.id).then(function () {
        var node = self.cy.getElementById(n.id);
        self.select(n.id, { push: true });
        self.cy.animate({ center: { eles: node }, zoom: Math.max(self.cy.zoom(), self.data.layout.min_zoom), duration: 250 });
      });
    };
    var move = function (delta) {
      var items = results.querySelectorAll("li[role=option]");
      if (!items.length) { return; }
      active = (active + delta + items.length) % items.length;
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", "map-result-" + active);
    };
    input.addEventListener("input", render);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { move(1); e.preventDefault(); }
      else if (e.key === "ArrowUp") { move(-1); e.preventDefault(); }
      else if (e.key === "Enter") {
        e.preventDefault();
        if (active >= 0 && matches[active]) { pick(matches[active]); }
      } else if (e.key === "Escape") {
        input.value = "";
        render();
      }
    });
    input.addEventListener("blur", function () { setTimeout(function () { results.hidden = true; }, 150); });
    input.addEventListener("focus", function () { if (input.value.trim().length >= 2) { render(); } });
  };

  // ---------------------------------------------------------------- embedded maps
  function setUpEmbed(host) {
    var url = host.getAttribute("data-graph-url");
    var focus = host.getAttribute("data-focus");
    if (!url) { return Promise.resolve(); }
    var cy = makeCy(host, true);
    var tooltip = new Tooltip(host);
    wireHover(cy, tooltip);
    cy.on("tap", "node.arg", function (evt) {
      var target = evt.target.data("url");
      if (target && evt.target.id() !== focus) { window.location.href = target; }
    });
    cy.on("tap", "node.toggle", function (evt) {
      var of = evt.target.data("of");
      window.location.href = of.indexOf("around:") === 0 ? "/map?around=" + encodeURIComponent(of.slice(7))
        : "/map?around=" + encodeURIComponent(focus) + "&expand=" + encodeURIComponent(of);
    });
    host.classList.add("ready-pending");
    var area = freeArea(cy, { top: 0, right: 0 });
    var sep = url.indexOf("?") === -1 ? "?" : "&";
    return fetch(url + sep + "vw=" + Math.round(area.w) + "&vh=" + Math.round(area.h), { headers: { Accept: "application/json" } })
      .then(function (res) { if (!res.ok) { throw new Error("map unavailable"); } return res.json(); })
      .then(function (data) {
        cy.add(toElements(data));
        placeHelpers(cy);
        fitLayout(cy, data.layout, area);
        var node = focus ? cy.getElementById(focus) : null;
        if (node && node.length) { node.addClass("chosen"); }
        host.dataset.state = "ready";
        host.classList.remove("ready-pending");
        host.argmapCy = cy;
      })
      .catch(function () {
        cy.destroy();
        host.classList.remove("ready-pending");
        host.dataset.state = "error";
        host.appendChild(el("p", { class: "map-unavailable", text: "The map of this neighbourhood could not be loaded." }));
      });
  }

  // ---------------------------------------------------------------- start
  function start() {
    if (typeof window.cytoscape !== "function") { return; }
    var api = { version: 1, embeds: [] };
    window.argmap = api;
    var root = document.getElementById("argmap");
    if (root) {
      var page = new MapPage(root);
      api.page = page;
      api.cy = page.cy;
      api.nodeIds = function () { return page.cy.nodes(".arg").map(function (n) { return n.id(); }); };
      api.edgeIds = function () { return page.cy.edges().not(".proxy").map(function (e) { return e.data("kind") === "undercut" ? e.id().replace(/^draw:/, "") : e.id(); }); };
      api.select = function (id) { page.select(id, { push: true }); };
      api.show = function (id) { return page.showArgument(id); };
      // Every argument of the selection, drawn or folded.
      api.allIds = function () { return page.data ? page.data.elements.nodes.map(function (n) { return n.data.id; }) : []; };
      // For bench/: draw an /api/graph answer and report how long it took.
      api.drawAnswer = function (answer) {
        return page.draw(answer).then(function () { return { drawMs: page.drawMs }; });
      };
      page.start();
      Object.defineProperty(api, "ready", { get: function () { return page.ready; } });
    }
    document.querySelectorAll(".map-embed[data-graph-url]").forEach(function (host) {
      api.embeds.push(setUpEmbed(host));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
