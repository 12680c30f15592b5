// Debates: a "New debate" form on the home page; on a debate's page, "Edit this debate"
// (title, question, both in French too, and the sides with their main claims) and "Delete".
import { fresh, reason, send } from "./api.js";
import { attachPicker } from "./picker.js";
import { clone, openDialog, reloadAt, say, strings } from "./ui.js";

export function curateDebates(section) {
  var button = clone("curate-debate-button");
  section.querySelector("h2").after(button);
  button.addEventListener("click", function () { debateForm(null); });
}

export function curateDebate(article) {
  var actions = clone("curate-debate-actions");
  article.querySelector(".actions").appendChild(actions);
  var url = "/api/debates/" + encodeURIComponent(article.dataset.debate);
  // the debate as it is now; deleted meanwhile, the page is loaded again to say so
  var current = function (then) {
    fresh(url).then(function (record) { if (record.version) { then(record); } else { location.reload(); } });
  };
  actions.querySelector(".curate-edit-debate").addEventListener("click", function () {
    current(debateForm);
  });
  actions.querySelector(".curate-delete-debate").addEventListener("click", function () {
    current(function (record) { deleteForm(record, article.querySelector("h1").textContent); });
  });
}

// Deleting takes the debate only: its arguments stay, and its link says it was deleted.
function deleteForm(record, title) {
  var form = clone("curate-debate-delete-form");
  form.querySelector(".curate-debate-name").textContent = title;
  var dialog = openDialog(form);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var url = "/api/debates/" + encodeURIComponent(record.id) + "?version=" + encodeURIComponent(record.version);
    send("DELETE", url).then(function (answer) {
      if (!answer.ok) { say(form, strings().failed + " " + reason(answer), true); return; }
      dialog.close();
      location.assign("/");
    });
  });
}

// The form, empty for a new debate or filled with `record` (GET /api/debates/{id}) to edit it.
function debateForm(record) {
  var form = clone("curate-debate-form");
  var sides = form.querySelectorAll(".curate-side");
  // a debate of more than two sides keeps them all: one more fieldset each
  for (var k = sides.length; record && k < record.sides.length; k++) {
    var more = sides[sides.length - 1].cloneNode(true);
    more.querySelector("legend").textContent = strings().otherSide;
    form.querySelector(".curate-message").before(more);
  }
  form.querySelectorAll(".curate-side").forEach(function (side) {
    var input = side.querySelector(".curate-claim-search");
    attachPicker(input, side.querySelector(".curate-results"), function (row) {
      addClaim(side, row.id, row.label);
      input.value = "";
    }, strings().noMatch);
  });
  var version = record && record.version;
  if (record) {
    form.querySelector(".curate-title").textContent = strings().editDebate;
    form.querySelector("button[type=submit]").textContent = strings().saveDebate;
    fill(form, record);
  }
  var dialog = openDialog(form);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    // editing, an emptied French text is sent as "" (remove it), not null (leave it)
    var body = read(form, record ? "" : null);
    var asked = record
      ? send("PATCH", "/api/debates/" + encodeURIComponent(record.id), Object.assign({ version: version }, body))
      : send("POST", "/api/debates", body);
    asked.then(function (answer) {
      if (answer.status === 409 && record) {
        // someone saved first: show their version, keep nothing silently
        fresh("/api/debates/" + encodeURIComponent(record.id)).then(function (current) {
          if (!current.version) { location.reload(); return; }  // deleted meanwhile: the page says so
          version = current.version;
          fill(form, current);
          say(form, strings().debateConflict, true);
        });
        return;
      }
      if (!answer.ok) { say(form, strings().failed + " " + reason(answer), true); return; }
      dialog.close();
      if (record) { reloadAt(""); } else { location.assign(answer.data.url); }
    });
  });
}

function fill(form, record) {
  form.elements.title.value = record.title;
  form.elements.title_fr.value = record.title_fr || "";
  form.elements.question.value = record.question;
  form.elements.question_fr.value = record.question_fr || "";
  form.querySelectorAll(".curate-side").forEach(function (side, k) {
    var wanted = record.sides[k] || { name: "", name_fr: null, claims: [] };
    side.querySelector("[name=side]").value = wanted.name;
    side.querySelector("[name=side_fr]").value = wanted.name_fr || "";
    side.querySelector(".curate-claims").replaceChildren();
    wanted.claims.forEach(function (id) { addClaim(side, id, record.labels[id] || id); });
  });
}

function addClaim(side, id, label) {
  var claims = side.querySelector(".curate-claims");
  if (claims.querySelector('[data-id="' + CSS.escape(id) + '"]')) { return; }
  var li = document.createElement("li");
  li.dataset.id = id;
  li.textContent = label + " ";
  var remove = document.createElement("button");
  remove.type = "button";
  remove.className = "small secondary";
  remove.textContent = document.getElementById("curate-remove-label").dataset.text;
  remove.addEventListener("click", function () { li.remove(); });
  li.appendChild(remove);
  claims.appendChild(li);
}

function read(form, noFrench) {
  return {
    title: form.elements.title.value.trim(),
    title_fr: form.elements.title_fr.value.trim() || noFrench,
    question: form.elements.question.value.trim(),
    question_fr: form.elements.question_fr.value.trim() || noFrench,
    sides: Array.prototype.map.call(form.querySelectorAll(".curate-side"), function (side) {
      return {
        name: side.querySelector("[name=side]").value.trim(),
        name_fr: side.querySelector("[name=side_fr]").value.trim() || null,
        claims: Array.prototype.map.call(side.querySelectorAll(".curate-claims li"), function (li) { return li.dataset.id; }),
      };
    }),
  };
}
