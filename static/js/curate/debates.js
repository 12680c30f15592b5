// The home page: a "New debate" form (title, question, two sides with their main claims).
import { reason, send } from "./api.js";
import { attachPicker } from "./picker.js";
import { clone, openDialog, say, strings } from "./ui.js";

export function curateDebates(section) {
  var button = clone("curate-debate-button");
  section.querySelector("h2").after(button);
  button.addEventListener("click", debateForm);
}

function debateForm() {
  var form = clone("curate-debate-form");
  var removeLabel = document.getElementById("curate-remove-label").dataset.text;
  form.querySelectorAll(".curate-side").forEach(function (side) {
    var claims = side.querySelector(".curate-claims");
    var input = side.querySelector(".curate-claim-search");
    attachPicker(input, side.querySelector(".curate-results"), function (row) {
      if (claims.querySelector('[data-id="' + row.id + '"]')) { return; }
      var li = document.createElement("li");
      li.dataset.id = row.id;
      li.textContent = row.label + " ";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "small secondary";
      remove.textContent = removeLabel;
      remove.addEventListener("click", function () { li.remove(); });
      li.appendChild(remove);
      claims.appendChild(li);
      input.value = "";
    }, strings().noMatch);
  });
  var dialog = openDialog(form);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var sides = Array.prototype.map.call(form.querySelectorAll(".curate-side"), function (side) {
      return {
        name: side.querySelector("[name=side]").value.trim(),
        name_fr: side.querySelector("[name=side_fr]").value.trim() || null,
        claims: Array.prototype.map.call(side.querySelectorAll(".curate-claims li"), function (li) { return li.dataset.id; }),
      };
    });
    var body = {
      title: form.elements.title.value.trim(),
      title_fr: form.elements.title_fr.value.trim() || null,
      question: form.elements.question.value.trim(),
      question_fr: form.elements.question_fr.value.trim() || null,
      sides: sides,
    };
    send("POST", "/api/debates", body).then(function (answer) {
      if (!answer.ok) { say(form, strings().failed + " " + reason(answer), true); return; }
      dialog.close();
      location.assign(answer.data.url);
    });
  });
}
