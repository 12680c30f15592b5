// A document page: make an argument of a selected passage; accept, edit or reject the
// extracted arguments.
import { send, reason } from "./api.js";
import { selectedSpan } from "./offsets.js";
import { clone, openDialog, reloadAt, say, strings, tagsOf } from "./ui.js";

export function curateDocument(article) {
  var docId = article.dataset.document;
  var bar = document.createElement("div");
  bar.className = "curate-selection-bar";
  bar.hidden = true;
  var button = clone("curate-make-button");
  bar.appendChild(button);
  document.body.appendChild(bar);
  var span = null;

  var update = function () {
    span = selectedSpan();
    bar.hidden = !span;
  };
  document.addEventListener("selectionchange", update);
  update();  // a passage selected before the controls came is offered too
  // the selection goes when the button takes focus on some browsers: keep the last one
  button.addEventListener("mousedown", function (e) { e.preventDefault(); });
  button.addEventListener("click", function () {
    if (span) { argumentForm(docId, span); }
  });

  article.querySelectorAll(".document-arguments li.arg.extracted").forEach(function (row) {
    extractedActions(row);
  });
}

function argumentForm(docId, span) {
  var form = clone("curate-argument-form");
  form.querySelector(".curate-quote").textContent = "“" + span.text.trim() + "”";
  var speaker = form.elements.speaker;
  speaker.value = span.segment.dataset.speaker || "";
  var dialog = openDialog(form);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!form.elements.label.value.trim()) { form.elements.label.focus(); return; }
    var body = {
      document: docId, start: span.start, end: span.end,
      label: form.elements.label.value.trim(),
      tags: tagsOf(form.elements.tags.value),
    };
    if (form.elements.label_fr.value.trim()) { body.label_fr = form.elements.label_fr.value.trim(); }
    if (speaker.value.trim() !== (span.segment.dataset.speaker || "")) { body.speaker = speaker.value.trim() || null; }
    send("POST", "/api/arguments", body).then(function (answer) {
      if (!answer.ok) { say(form, strings().failed + " " + reason(answer), true); return; }
      dialog.close();
      reloadAt("arg-" + answer.data.id);
    });
  });
}

function extractedActions(row) {
  var id = row.dataset.id;
  var actions = clone("curate-extracted-actions");
  row.querySelector(".arg-label").after(actions);
  actions.querySelector(".curate-accept").addEventListener("click", function () {
    send("POST", "/api/extracted/" + id + "/accept", {}).then(function (answer) { done(row, answer, "arg-" + (answer.data.id || "")); });
  });
  actions.querySelector(".curate-reject").addEventListener("click", function () {
    send("POST", "/api/extracted/" + id + "/reject").then(function (answer) { done(row, answer, ""); });
  });
  actions.querySelector(".curate-edit").addEventListener("click", function () {
    var form = clone("curate-argument-form");
    form.querySelector(".curate-quote").hidden = true;
    form.elements.label.value = row.querySelector(".arg-label").textContent.trim();
    form.elements.speaker.closest("label").hidden = true;  // the extraction's, kept
    var dialog = openDialog(form);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var body = { label: form.elements.label.value.trim(), tags: tagsOf(form.elements.tags.value) };
      if (form.elements.label_fr.value.trim()) { body.label_fr = form.elements.label_fr.value.trim(); }
      send("POST", "/api/extracted/" + id + "/accept", body).then(function (answer) {
        if (!answer.ok) { say(form, strings().failed + " " + reason(answer), true); return; }
        dialog.close();
        reloadAt("arg-" + answer.data.id);
      });
    });
  });
}

function done(row, answer, hash) {
  if (!answer.ok) {
    var p = document.createElement("p");
    p.className = "curate-message error";
    p.textContent = strings().failed + " " + reason(answer);
    row.appendChild(p);
    return;
  }
  reloadAt(hash);
}
