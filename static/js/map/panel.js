// The details panel of the selected argument.
import { t } from "./strings.js";
import { copyText, el, percent } from "./dom.js";

export function addPanel(MapPage) {
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
    if (d.main) { badges.appendChild(el("span", { class: "badge", text: t("main claim") })); }
    badges.appendChild(el("span", { class: "badge " + d.origin, text: d.origin === "extracted" ? t("extracted · {percent} confidence", { percent: percent(d.confidence) }) : t("curated") }));
    if (d.grounded) { badges.appendChild(el("span", { class: "badge grounded-" + d.grounded, text: { IN: t("accepted"), OUT: t("rejected"), UNDEC: t("undecided") }[d.grounded] || d.grounded })); }
    if (d.off) { badges.appendChild(el("span", { class: "badge switched-off", text: t("switched off") })); }

    var who = el("footer", {}, [
      d.speaker ? el("a", { href: "/authors/" + encodeURIComponent(d.speaker), text: d.speaker_name || d.speaker }) : el("span", { text: t("unnamed author") }),
      " · " + (d.year || t("year unknown")),
    ]);
    var rel = this.relations(node);
    var lists = [
      [t("Supported by, on this map:"), rel.supporters, "support"], [t("Attacked by, on this map:"), rel.attackers, "attack"],
      [t("Supports, on this map:"), rel.supports, "support"], [t("Attacks, on this map:"), rel.attacks, "attack"],
    ].filter(function (g) { return g[1].length; }).map(function (g) {
      return el("section", { class: "panel-rel " + g[2] }, [
        el("h3", { text: g[0] + " " }, [el("span", { class: "count", text: String(g[1].length) })]),
        el("ul", {}, g[1].map(function (entry) {
          var button = el("button", { type: "button", class: "link", "data-id": entry.node.id(), text: entry.node.data("label") });
          button.addEventListener("click", function () { self.select(entry.node.id(), { push: true }); });
          button.addEventListener("mouseenter", function () { entry.node.addClass("hover"); });
          button.addEventListener("mouseleave", function () { entry.node.removeClass("hover"); });
          return el("li", { class: entry.kind }, [button, entry.kind === "undercut" ? el("span", { class: "note", text: " " + t("(undercuts the inference)") }) : null]);
        })),
      ]);
    });
    var permalink = window.location.origin + (d.url || "/arguments/" + d.id);
    var copy = el("button", { type: "button", class: "secondary copy", text: t("Copy link") });
    copy.addEventListener("click", function () {
      copyText(permalink).then(function () {
        copy.textContent = t("Link copied");
        setTimeout(function () { copy.textContent = t("Copy link"); }, 1800);
      }, function () { copy.textContent = t("Copy failed"); });
    });
    var folding = this.foldState(d.id);
    var foldButton = null;
    if (folding) {
      foldButton = el("button", { type: "button", class: "secondary fold", "aria-keyshortcuts": "Space",
                                  text: folding.label });
      foldButton.addEventListener("click", function () { self.toggle(folding.of); });
    }
    var focusButton = el("button", { type: "button", class: "secondary", text: t("Focus") });
    focusButton.addEventListener("click", function () { self.focusOn(d.id); });
    var offButton = null;
    if (d.grounded || d.off) {
      offButton = el("button", { type: "button", class: "secondary", text: d.off ? t("Switch on") : t("Switch off"),
                                 title: d.off ? t("See which arguments stand with this one") : t("See which arguments stand without this one") });
      offButton.addEventListener("click", function () { self.toggleOff(d.id); });
    }
    var close = el("button", { type: "button", class: "close", "aria-label": t("Close"), text: "×" });
    close.addEventListener("click", function () { self.select(null, { push: true }); self.canvas.focus(); });

    panel.replaceChildren.apply(panel, [
      close,
      badges,
      el("h2", { id: "panel-title", text: d.label }),
      d.label_fr && d.label_fr !== d.label ? el("p", { class: "label-fr", lang: "fr", text: d.label_fr }) : null,
      d.label_en && d.label_en !== d.label ? el("p", { class: "label-fr", lang: "en", text: d.label_en }) : null,
      el("blockquote", { lang: "fr" }, [el("p", { text: t("“{text}”", { text: d.quote }) }), who]),
      // the tally every page shows, in the server's words; the lists below are what this map draws
      d.tally_text ? el("p", { class: "tally-line", text: d.tally_text }) : null,
      el("p", { class: "doc" }, [
        t("In") + " ",
        el("a", { href: d.document_url || "/documents/" + encodeURIComponent(d.document) + "#arg-" + encodeURIComponent(d.id), text: d.document_title || d.document }),
      ]),
      el("div", { class: "panel-actions" }, [
        el("a", { class: "button", href: d.url || "/arguments/" + d.id, text: t("Open") }),
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
                     text: t("Outline") });
  };

}
