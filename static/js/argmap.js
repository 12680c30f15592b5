// Progressive enhancements for every page; each page works without them.
(function () {
  "use strict";

  // "Copy link" buttons copy their data-copy value. Buttons rendered hidden need this
  // script, so it shows them; without the clipboard API the text is copied from a
  // temporary field (or left selected in the page's permalink field).
  function setUpCopyButtons() {
    document.querySelectorAll("button.copy-link").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-copy");
        var label = button.textContent;
        var done = function () {
          button.textContent = button.getAttribute("data-copied") || "Link copied";
          setTimeout(function () { button.textContent = label; }, 1800);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { copyBySelection(text) && done(); });
        } else if (copyBySelection(text)) {
          done();
        }
      });
    });
  }

  function copyBySelection(text) {
    var permalink = document.querySelector("input.permalink");
    var field = permalink || document.createElement("textarea");
    if (!permalink) {
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "offscreen";
      document.body.appendChild(field);
    }
    field.focus();
    field.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { /* the field stays selected */ }
    if (!permalink) { field.remove(); }
    return copied;
  }

  // On a document page, #arg-ID highlights every run of that argument's span.
  function highlightTarget() {
    document.querySelectorAll("mark.span.current").forEach(function (m) { m.classList.remove("current"); });
    var match = /^#arg-([a-z0-9-]+)$/.exec(window.location.hash);
    if (!match) { return; }
    document.querySelectorAll("mark.span").forEach(function (mark) {
      if ((" " + mark.getAttribute("data-args") + " ").indexOf(" " + match[1] + " ") !== -1) {
        mark.classList.add("current");
      }
    });
  }

  // In an outline, a link to #arg-ID opens the closed branches around that argument.
  function openTarget() {
    var id = window.location.hash.slice(1);
    var target = id && document.getElementById(id);
    if (!target) { return; }
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    target.scrollIntoView();
  }

  // In an outline, one button opens every branch, and closes them all again.
  function setUpOpenAll() {
    var button = document.querySelector("button.open-all");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-state") !== "open";
      document.querySelectorAll("details").forEach(function (d) { d.open = open; });
      button.setAttribute("data-state", open ? "open" : "closed");
      button.textContent = button.getAttribute(open ? "data-close" : "data-open");
    });
  }

  // The debate as it stood: a thread's steps (links without this script) become a slider.
  // Letting go of it opens the step's link, the same page at that moment (`asof` in the
  // URL), so that shared links, back and forward all work. On the map, the map's own
  // script applies the moment without reloading the page (static/js/map/filters.js).
  function setUpAsOfSliders() {
    document.querySelectorAll("[data-asof-slider]").forEach(function (box) {
      var links = Array.prototype.slice.call(box.querySelectorAll(".asof-steps a"));
      var range = box.querySelector(".asof-range input");
      if (!range || !links.length) { return; }
      box.querySelector(".asof-range").hidden = false;
      box.classList.add("js");
      range.addEventListener("input", function () { showAsOf(box); });
      if (!box.hasAttribute("data-in-map")) {
        range.addEventListener("change", function () { window.location.assign(links[+range.value].href); });
        // Back to this page from the cache: the slider is where the page's moment is, not
        // where it was moved to before leaving.
        window.addEventListener("pageshow", function () {
          var current = links.findIndex(function (a) { return a.hasAttribute("aria-current"); });
          range.value = String(current === -1 ? links.length - 1 : current);
          showAsOf(box);
        });
      }
      showAsOf(box);
    });
  }

  // Say which step the slider is at ("As of comment 3 (Steph)").
  function showAsOf(box) {
    var links = box.querySelectorAll(".asof-steps a");
    var range = box.querySelector(".asof-range input");
    var at = +range.value;
    var name = links[at].getAttribute("data-name");
    box.querySelector(".asof-now strong").textContent = name;
    box.querySelector(".asof-end").hidden = at !== links.length - 1;
    range.setAttribute("aria-valuetext", name);
  }
  window.argmapShowAsOf = showAsOf;

  document.addEventListener("DOMContentLoaded", function () {
    setUpAsOfSliders();
    setUpOpenAll();
    setUpCopyButtons();
    highlightTarget();
    if (document.querySelector("details")) { openTarget(); }
    window.addEventListener("hashchange", function () { highlightTarget(); openTarget(); });
  });
})();
