// Progressive enhancements for every page; each page works without them.
(function () {
  "use strict";

  // "Copy link" buttons copy their data-copy value, falling back to selecting it.
  function setUpCopyButtons() {
    document.querySelectorAll("button.copy-link").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-copy");
        var done = function () {
          var label = button.textContent;
          button.textContent = "Link copied";
          setTimeout(function () { button.textContent = label; }, 1800);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { selectPermalink(); });
        } else {
          selectPermalink();
          try { document.execCommand("copy"); done(); } catch (e) { /* the field stays selected */ }
        }
      });
    });
  }

  function selectPermalink() {
    var field = document.querySelector("input.permalink");
    if (field) { field.focus(); field.select(); }
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

  document.addEventListener("DOMContentLoaded", function () {
    setUpCopyButtons();
    highlightTarget();
    window.addEventListener("hashchange", highlightTarget);
  });
})();
