// Drawing the laid-out map with Cytoscape: elements from the server's boxes, the
// stylesheet, fitting the map into the free part of the canvas.
import { cssVar } from "./dom.js";

// The layout measures labels in DejaVu Sans; Verdana has nearly the same widths.
export const FONT_FAMILY = '"DejaVu Sans", Verdana, "Bitstream Vera Sans", sans-serif';
export const LINE_HEIGHT = 1.3;
export const READABLE_PX = 11;     // no label is drawn smaller (see levelOfDetail)
export const MARGIN = 16;          // room kept around the map when it is fitted, CSS px

export function palette() {
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
export function boxElement(box, data) {
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
export function toElements(api) {
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

// ---------------------------------------------------------------- style
export function stylesheet() {
  var c = palette();
  return [
    { selector: "node.arg, node.badge, node.group", style: {
      "width": "data(w)", "height": "data(h)",
      "label": "data(display)",
      "text-wrap": "wrap", "text-max-width": 2000,
      "text-valign": "center", "text-halign": "center", "text-justification": "center",
      "font-family": FONT_FAMILY, "font-size": "data(font)", "font-weight": "data(weight)",
      "line-height": LINE_HEIGHT,
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
    { selector: "node.tiny", style: { "label": "" } },
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
export function freeArea(cy, covers) {
  var top = covers && covers.top || 0;
  var right = covers && covers.right || 0;
  var bottom = covers && covers.bottom || 0;
  return { x: MARGIN, y: top + MARGIN, w: Math.max(200, cy.width() - right - 2 * MARGIN),
           h: Math.max(200, cy.height() - top - bottom - 2 * MARGIN) };
}

// Show the laid-out map (width × height, model px) whole in the free area, at the
// fit zoom the layout chose for it, centred.
export function fitLayout(cy, layout, area) {
  var z = Math.min(1.25, area.w / Math.max(layout.width, 1), area.h / Math.max(layout.height, 1));
  z = Math.max(z, cy.minZoom());
  cy.zoom(z);
  cy.pan({ x: area.x + (area.w - layout.width * z) / 2, y: area.y + (area.h - layout.height * z) / 2 });
  return z;
}

// Keep each undercut's helper node at the middle of the edge it attacks.
export function placeHelpers(cy) {
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

// ---------------------------------------------------------------- cytoscape
export function makeCy(container, readOnly) {
  var cy = cytoscape({
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
  cy.on("zoom", function () { levelOfDetail(cy, false); });
  return cy;
}

// Level of detail: a label that would be drawn smaller than READABLE_PX is not drawn.
// Zoomed out, details (13 px) go first, then main claims and group titles (15 px);
// they come back as the reader zooms in. (Cytoscape's own min-zoomed-font-size
// rounds the zoom to a power of two, so it lets 13 px labels shrink to 7 px.)
// `force` after new elements were added (the zoom may not have changed). Labels come
// in a few font sizes: nodes are restyled only when the set of hidden sizes changes.
export function levelOfDetail(cy, force) {
  var limit = READABLE_PX / cy.zoom();  // labels in a font smaller than this are hidden
  if (force || !cy.scratch("fonts")) {
    var fonts = {};
    cy.nodes(".arg, .badge, .group").forEach(function (n) { fonts[n.data("font")] = true; });
    cy.scratch("fonts", Object.keys(fonts).map(Number));
  }
  var hidden = cy.scratch("fonts").filter(function (f) { return f < limit; }).join(",");
  if (!force && cy.scratch("hiddenFonts") === hidden) { return; }
  cy.scratch("hiddenFonts", hidden);
  cy.batch(function () {
    cy.nodes(".arg, .badge, .group").forEach(function (n) {
      if (n.data("font") < limit) { n.addClass("tiny"); } else { n.removeClass("tiny"); }
    });
  });
}

// Cytoscape caches where its canvas sits on the page: whatever moves it (what is above
// it wrapping anew once the fonts arrive) must say so, or taps land beside their target.
export function keepPlaced(cy, above) {
  var relocate = function () { cy.resize(); };
  if (window.ResizeObserver) { new ResizeObserver(relocate).observe(above); }
  if (document.fonts) { document.fonts.ready.then(relocate); }
}

export function wireHover(cy, tooltip) {
  cy.on("mouseover", "node.arg", function (evt) { evt.target.addClass("hover"); tooltip.showNode(evt.target); });
  cy.on("mouseout", "node.arg", function (evt) { evt.target.removeClass("hover"); tooltip.hide(); });
  cy.on("mouseover", "edge", function (evt) { tooltip.showEdge(evt.target); });
  cy.on("mouseout", "edge", function () { tooltip.hide(); });
  cy.on("viewport drag", function () { tooltip.hide(); });
  cy.on("drag", "node.arg", function () { placeHelpers(cy); });
}

// The argument plus what it is linked to (undercuts included, both ways).
export function neighbourhood(node) {
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
