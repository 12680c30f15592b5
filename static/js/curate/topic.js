// The home page: "Edit the topic", what the documents argue about (the page's heading).
import { fresh, reason, send } from "./api.js";
import { clone, openDialog, reloadAt, say, strings } from "./ui.js";

export function curateTopic(intro) {
  var button = clone("curate-topic-button");
  intro.querySelector(".actions").appendChild(button);
  button.addEventListener("click", function () { fresh("/api/corpus").then(topicForm); });
}

function topicForm(record) {
  var form = clone("curate-topic-form");
  var version = record.version;
  var fill = function (r) {
    form.elements.topic.value = r.topic || "";
    form.elements.topic_fr.value = r.topic_fr || "";
  };
  fill(record);
  var dialog = openDialog(form);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var body = { version: version, topic: form.elements.topic.value.trim(), topic_fr: form.elements.topic_fr.value.trim() };
    send("PATCH", "/api/corpus", body).then(function (answer) {
      if (answer.status === 409 && answer.data.current) {
        // someone saved first: show theirs, keep nothing silently
        version = answer.data.current.version;
        fill(answer.data.current.entry);
        say(form, strings().topicConflict, true);
        return;
      }
      if (!answer.ok) { say(form, strings().failed + " " + reason(answer), true); return; }
      dialog.close();
      reloadAt("");
    });
  });
}
