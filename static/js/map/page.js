// The map page (/map): loading, drawing, folding, selection, keyboard and toolbar.
import { number, t, tn } from "./strings.js";
import { filterQuery, stateFromLocation, urlFor, urlWithout } from "./url.js";
import { MARGIN, fitLayout, freeArea, levelOfDetail, makeCy, neighbourhood, keepPlaced, placeHelpers, toElements,
         wireHover } from "./draw.js";
import { Tooltip } from "./tooltip.js";
import { addPanel } from "./panel.js";
import { addFilters } from "./filters.js";
import { addSearch } from "./search.js";

export function MapPage(root) {
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
  this.loading = null;  // the query of the load in flight, if any
  this.renders = 0;
  this.data = null;
  this.ready = Promise.resolve();
}

MapPage.prototype.start = function () {
  var self = this;
  var cy = this.cy;
  root_ready(this.root);
  wireHover(cy, this.tooltip);
  keepPlaced(cy, this.root.querySelector(".map-head") || this.root);
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
  // Cytoscape calls any two quick taps a double tap, even on two arguments: only the
  // same argument tapped twice focuses the map on it.
  var taps = [null, null];
  cy.on("tap", function (evt) { taps = [taps[1], evt.target === cy ? null : evt.target.id()]; });
  cy.on("dbltap", "node.arg", function (evt) {
    if (taps[0] === evt.target.id()) { self.focusOn(evt.target.id()); }
  });
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
  var work = this.shows(state.query) ? Promise.resolve(true) : this.load(state.query, { focus: focus, reveal: focus });
  this.ready = work.then(function (ok) {
    if (!ok) { return; }
    self.syncForm(state.query);
    self.select(focus && self.cy.getElementById(focus).length ? focus : null, { push: false, zoom: !!focus, replace: true });
  });
  return this.ready;
};

// Does the map already show `query`? A load still in flight for other filters is
// dropped: back, forward or a filter change made meanwhile is what the reader wants now.
MapPage.prototype.shows = function (query) {
  if (query !== this.state.query) { return false; }
  if (this.loading !== null) {
    this.seq += 1;
    this.loading = null;
    this.root.dataset.state = "ready";
  }
  return true;
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
  this.loading = query || "";
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
        if (!res.ok) { throw new Error(body && body.detail ? (typeof body.detail === "string" ? body.detail : t("These filters are not valid.")) : t("The map could not be loaded.")); }
        return body;
      });
    })
    .then(function (data) {
      if (seq !== self.seq) { return false; }
      self.loading = null;
      self.pendingQuery = query;
      return self.draw(data, { area: area, anchor: opts.anchor }).then(function () {
        self.state = { query: query, focus: null };
        return seq === self.seq;
      });
    })
    .catch(function (err) {
      if (seq !== self.seq) { return false; }
      self.loading = null;
      self.root.dataset.state = "error";
      self.showMessage(err && err.message ? err.message : t("The map could not be loaded."));
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
  levelOfDetail(cy, true);
  this.drawMs = performance.now() - started;
  this.renders += 1;
  this.root.dataset.renders = String(this.renders);
  this.root.dataset.state = "ready";
  var n = data.count.nodes;
  var m = data.count.edges;
  var shown = cy.nodes(".arg").length;
  this.count.textContent = (data.truncated ? t("{n} of {total} arguments", { n: number(n), total: number(data.total) }) : tn(n, "{n} argument", "{n} arguments")) +
    " · " + tn(m, "{n} relation", "{n} relations") + (shown < n ? " · " + tn(shown, "{n} drawn", "{n} drawn") : "");
  this.renderFacets(data.facets, new URLSearchParams(filterQuery(new URLSearchParams(this.formQuery()))));
  this.renderList(data.elements.nodes);
  var grounded = data.elements.nodes.some(function (nd) { return nd.data.grounded; });
  this.root.querySelectorAll(".legend .grounded").forEach(function (li) { li.hidden = !grounded; });
  this.syncExports();
  if (!n) { this.showMessage(t("No argument matches these filters.")); }
  else if (data.truncated) { this.showMessage(t("Only the first {n} of {total} arguments are drawn: filter by author, year or document, or open a debate, to see the rest.", { n: number(n), total: number(data.total) }), true); }
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
  this.announce(at === -1 ? t("Unfolded.") : t("Folded."));
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
    return { unfolded: false, of: of, label: of.indexOf("around:") === 0 ? t("Around it: {badge}", { badge: badge.data("display") })
                                                                          : t("Unfold: {badge}", { badge: badge.data("display") }) };
  }
  return unfolded ? { unfolded: true, of: id, label: t("Fold its answers") } : null;
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
  if (this.shows(query)) {
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
    this.announce(t("Selected: {label}", { label: node.data("label") }));
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
    if (self.state.focus) { self.focusOn(self.state.focus); } else { self.announce(t("Select an argument first.")); self.canvas.focus(); }
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

addPanel(MapPage);
addFilters(MapPage);
addSearch(MapPage);
