// The hover card of an argument or a relation.
import { t } from "./strings.js";
import { el } from "./dom.js";

export const KIND_NAMES = { support: "supports", attack: "attacks", undercut: "undercuts", same_as: "is the same as" };  // keys of strings.js

export function Tooltip(host) {
  this.host = host;
  this.box = el("div", { class: "map-tooltip", role: "tooltip" });
  this.box.hidden = true;
  host.appendChild(this.box);
}
Tooltip.prototype.showNode = function (node) {
  var d = node.data();
  var who = [d.speaker_name || t("unnamed author"), d.year || t("year unknown")].join(" · ");
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
  var kids = [el("strong", { class: "kind " + d.kind, text: KIND_NAMES[d.kind] ? t(KIND_NAMES[d.kind]) : d.kind })];
  kids.push(el("span", { class: "ends", text: t("“{text}”", { text: src }) + " → " + t("“{text}”", { text: tgt }) }));
  if (d.note) { kids.push(el("span", { class: "note", text: d.note })); }
  if (d.evidence) { kids.push(el("span", { class: "note", text: t("Evidence: {evidence}", { evidence: d.evidence }) })); }
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
