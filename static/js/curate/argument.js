// An argument page: relations to other arguments (search-as-you-type target), edit, delete
// (after listing what goes with it), and the suggested relations' Accept / Reject.
import { fresh, reason, send } from "./api.js";
import { attachPicker } from "./picker.js";
import { clone, openDialog, reloadAt, say, strings, tagsOf } from "./ui.js";

export function curateArgument(article) {
  var id = article.dataset.id;
  if (article.dataset.origin === "curated") {
    var bar = clone("curate-argument-actions");
    article.querySelector(".actions").after(bar);
    bar.querySelectorAll(".curate-relate").forEach(function (b) {
      b.addEventListener("click", function () { relationForm(id, b.dataset.kind); });
    });
    bar.querySelector(".curate-edit").addEventListener("click", function () { editForm(id); });
    bar.querySelector(".curate-delete").addEventListener("click", function () { deleteForm(id); });
  } else {
    var note = document.createElement("p");
    note.className = "muted small curate-note";
    note.textContent = strings().extractedNote;
    article.querySelector(".actions").after(note);
  }
  article.querySelectorAll("li.suggestion").forEach(suggestionActions);
}

function relationForm(id, kind) {
  var form = clone("curate-relation-form");
  form.querySelector(".curate-title").textContent = document.getElementById("curate-kind-titles").dataset[kind];
  form.elements.kind.value = kind;
  var picked = null;
  var input = form.elements.q;
  var shown = form.querySelector(".curate-picked");
  var inference = form.elements.inference;
  attachPicker(input, form.querySelector(".curate-results"), function (row) {
    picked = row;
    input.value = row.label;
    shown.textContent = row.document_title;
    if (kind === "undercut") { inferencesOf(row.id, inference, form); }
  }, strings().noMatch, [id]);
  var dialog = openDialog(form);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!picked) { say(form, strings().pickTarget, true); input.focus(); return; }
    var to = kind === "undercut" ? inference.value : picked.id;
    if (!to) { say(form, strings().pickTarget, true); return; }
    var body = { from: id, kind: kind, to: to };
    if (form.elements.note.value.trim()) { body.note = form.elements.note.value.trim(); }
    send("POST", "/api/relations", body).then(function (answer) {
      if (!answer.ok) { say(form, strings().failed + " " + reason(answer), true); return; }
      dialog.close();
      reloadAt("");
    });
  });
}

// An undercut attacks an inference into the argument picked: one of its supports or attacks.
function inferencesOf(target, select, form) {
  fresh("/arguments/" + target + ".json").then(function (data) {
    var a = data.argument;
    select.replaceChildren();
    a.supporters.concat(a.attackers).forEach(function (r) {
      var option = document.createElement("option");
      option.value = r.id + "->" + target;
      option.textContent = (r.relation.kind === "support" ? "+ " : "− ") + r.label;
      select.appendChild(option);
    });
    form.querySelector(".curate-undercut-pick").hidden = false;
  });
}

function editForm(id) {
  fresh("/arguments/" + id + ".json").then(function (data) {
    var a = data.argument;
    var form = clone("curate-argument-form");
    form.querySelector(".curate-title").textContent = a.label;
    form.querySelector(".curate-quote").textContent = "“" + a.quote + "”";
    form.elements.label.value = a.label;
    form.elements.label_fr.value = a.label_fr || "";
    form.elements.speaker.value = a.speaker || "";
    form.elements.tags.value = a.tags.join(" ");
    var version = a.version;
    var dialog = openDialog(form);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var body = {
        version: version,
        label: form.elements.label.value.trim(),
        label_fr: form.elements.label_fr.value.trim() || null,
        tags: tagsOf(form.elements.tags.value),
      };
      if ((form.elements.speaker.value.trim() || null) !== a.speaker) { body.speaker = form.elements.speaker.value.trim() || null; }
      send("PATCH", "/api/arguments/" + id, body).then(function (answer) {
        if (answer.status === 409 && answer.data.current) {
          // someone saved first: show their version, keep nothing silently
          var entry = answer.data.current.entry;
          version = answer.data.current.version;
          form.elements.label.value = entry.label;
          form.elements.label_fr.value = entry.label_fr || "";
          form.elements.tags.value = (entry.tags || []).join(" ");
          say(form, strings().conflict, true);
          return;
        }
        if (!answer.ok) { say(form, strings().failed + " " + reason(answer), true); return; }
        dialog.close();
        reloadAt("");
      });
    });
  });
}

function deleteForm(id) {
  var url = "/api/arguments/" + id;
  Promise.all([fresh("/arguments/" + id + ".json"), send("GET", url + "/links")]).then(function (got) {
    var argument = got[0].argument;
    var form = clone("curate-delete-form");
    form.querySelector(".curate-title").textContent += " " + argument.label;
    // what goes with it is listed before the curator confirms anything
    if (got[1].ok && got[1].data.links.length) { listLinks(form, got[1].data.links); }
    var dialog = openDialog(form);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      send("DELETE", url + "?confirm=true&version=" + encodeURIComponent(argument.version)).then(function (answer) {
        if (!answer.ok) { say(form, strings().failed + " " + reason(answer), true); return; }
        dialog.close();
        location.assign("/arguments/" + id);
      });
    });
  });
}

function listLinks(form, links) {
  var list = form.querySelector(".curate-links");
  list.replaceChildren();
  links.forEach(function (link) {
    var li = document.createElement("li");
    var words = document.getElementById("curate-link-words").dataset;
    li.textContent = link.debate
      ? words.debate + " “" + link.title + "”"
      : "“" + link.from_label + "” " + words[link.kind] + " “" + link.to_label + "”";
    list.appendChild(li);
  });
  form.querySelector(".curate-links-intro").hidden = false;
}

function suggestionActions(li) {
  var actions = clone("curate-suggestion-actions");
  var pair = { from: li.dataset.from, kind: li.dataset.kind, to: li.dataset.to };
  if (li.hasAttribute("data-in-map")) { actions.querySelector(".curate-accept").remove(); }
  li.appendChild(actions);
  actions.querySelector(".curate-accept") && actions.querySelector(".curate-accept").addEventListener("click", function () {
    send("POST", "/api/suggestions/accept", pair).then(function (answer) { settle(li, answer); });
  });
  actions.querySelector(".curate-reject").addEventListener("click", function () {
    send("POST", "/api/suggestions/reject", pair).then(function (answer) { settle(li, answer); });
  });
}

function settle(li, answer) {
  if (!answer.ok) {
    var p = document.createElement("p");
    p.className = "curate-message error";
    p.textContent = strings().failed + " " + reason(answer);
    li.appendChild(p);
    return;
  }
  reloadAt("suggestions-title");
}
