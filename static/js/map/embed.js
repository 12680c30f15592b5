// The small neighbourhood maps embedded in argument pages (.map-embed).
import { t } from "./strings.js";
import { el } from "./dom.js";
import { fitLayout, freeArea, keepPlaced, levelOfDetail, makeCy, placeHelpers, toElements, wireHover } from "./draw.js";
import { Tooltip } from "./tooltip.js";

export function setUpEmbed(host) {
  var url = host.getAttribute("data-graph-url");
  var focus = host.getAttribute("data-focus");
  if (!url) { return Promise.resolve(); }
  var cy = makeCy(host, true);
  var tooltip = new Tooltip(host);
  wireHover(cy, tooltip);
  keepPlaced(cy, document.body);
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
      levelOfDetail(cy, true);
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
      host.appendChild(el("p", { class: "map-unavailable", text: t("The map of this neighbourhood could not be loaded.") }));
    });
}
