// Filters, facets and history: what the map shows.
import { number, t, tn } from "./strings.js";
import { el } from "./dom.js";
import { filterQuery, urlFor, urlWithout } from "./url.js";

export function addFilters(MapPage) {
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
    // The moment slider sets the form's `asof` before the form's change applies it; its
    // last step is the whole debate, no `asof` at all.
    this.form.querySelectorAll("[data-asof-slider] input[type=range]").forEach(function (range) {
      range.addEventListener("change", function () {
        var links = range.closest("[data-asof-slider]").querySelectorAll(".asof-steps a");
        var asof = self.form.querySelector('input[type=hidden][name="asof"]');
        asof.value = links[+range.value].getAttribute("data-asof");
        asof.disabled = !asof.value;
      });
    });
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
    if (this.shows(query)) { return this.ready; }
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
    var moment = this.root.querySelector(".map-moment");
    this.form.querySelectorAll("[data-asof-slider]").forEach(function (box) {
      var links = Array.prototype.slice.call(box.querySelectorAll(".asof-steps a"));
      var at = links.findIndex(function (a) { return a.getAttribute("data-asof") === (params.get("asof") || ""); });
      box.querySelector(".asof-range input").value = String(at === -1 ? links.length - 1 : at);
      if (window.argmapShowAsOf) { window.argmapShowAsOf(box); }
      if (moment && at !== -1) { moment.querySelector(".moment-name").textContent = links[at].getAttribute("data-name"); }
    });
    if (moment) {
      moment.hidden = !params.get("asof");
      moment.querySelector(".whole").setAttribute("href", urlWithout("/map", query, ["asof"]));
    }
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
      switched.querySelector(".off-count").textContent = tn(offIds.length, "{n} argument", "{n} arguments");
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
                                              el("span", { class: "count", text: number(it.count) })])]);
      });
      if (type === "radio") {
        var any = el("input", { type: "radio", name: name, value: name === "origin" ? "all" : "" });
        any.checked = !chosen.length;
        if (name === "document") { any.setAttribute("data-empty", ""); }
        var label = [any, " ", el("span", { class: "facet-name", text: name === "origin" ? t("Each argument once") : t("All documents") })];
        if (name === "origin") { label.push(" ", el("span", { class: "count", text: number(facets.once || 0) })); }
        rows.unshift(el("li", {}, [el("label", {}, label)]));
      }
      list.replaceChildren.apply(list, rows);
      var empty = self.form.querySelector('[data-facet="' + name + '"] .facet-empty');
      if (empty) { empty.hidden = rows.length > 0; }
    };
    fill("author", (facets.author || []).map(function (a) { return { value: a.id, name: a.name, count: a.count }; }));
    fill("year", (facets.year || []).map(function (y) { return { value: String(y.value), name: String(y.value), count: y.count }; }));
    fill("origin", (facets.origin || []).map(function (o) { return { value: o.value, name: t(o.value), count: o.count }; }));
    fill("document", (facets.document || []).map(function (d) { return { value: d.id, name: d.title, count: d.count }; }));
    var restating = this.form.querySelector(".facet-restating");
    if (restating) {
      restating.textContent = facets.restating ? tn(facets.restating, "{n} extracted argument restates a curated one", "{n} extracted arguments restate a curated one") : "";
      restating.hidden = !facets.restating;
    }
    var undated = this.form.querySelector(".facet-undated");
    if (undated) {
      // the words come from the page, in its language
      undated.textContent = undated.getAttribute("data-text").replace("{n}", String(facets.undated || 0));
      undated.hidden = !facets.undated;
    }
    var unnamed = this.form.querySelector('[data-facet="author"] .facet-note');
    if (unnamed) {
      unnamed.textContent = facets.unnamed_speakers ? tn(facets.unnamed_speakers, "{n} with no named author", "{n} with no named author") : "";
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

}
