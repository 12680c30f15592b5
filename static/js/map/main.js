// The interactive argument map (/map) and the small neighbourhood maps embedded in
// argument pages (.map-embed). Needs cytoscape.min.js, loaded before this module. The
// server lays the map out (app/layout.py) for the room the canvas has; these modules
// draw it, fold and unfold, select, and keep the state in the URL. Works under a strict
// CSP: no inline styles in markup, positions are set through the CSSOM only.
import { MapPage } from "./page.js";
import { setUpEmbed } from "./embed.js";

export function start() {
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
