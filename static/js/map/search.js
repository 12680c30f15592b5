// Finding an argument by a word of its label, quote or speaker, folded ones too.
import { t } from "./strings.js";
import { el, fold, startsWords } from "./dom.js";

export function addSearch(MapPage) {
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
          if (startsWords(hay, q)) { matches.push(d); }
        });
      }
      active = matches.length ? 0 : -1;
      results.replaceChildren.apply(results, matches.slice(0, 8).map(function (n, i) {
        var li = el("li", { role: "option", id: "map-result-" + i, "data-id": n.id, "aria-selected": i === active ? "true" : "false",
                            text: n.label });
        li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(n); });
        return li;
      }));
      if (q.length >= 2 && !matches.length) { results.appendChild(el("li", { class: "none", role: "option", "aria-disabled": "true", text: t("No argument on the map matches.") })); }
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

}
