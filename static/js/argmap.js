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

  document.addEventListener("DOMContentLoaded", function () {
    setUpOpenAll();
    setUpCopyButtons();
    highlightTarget();
    if (document.querySelector("details")) { openTarget(); }
    window.addEventListener("hashchange", function () { highlightTarget(); openTarget(); });
  });
})();
