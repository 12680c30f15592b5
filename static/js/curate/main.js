// Curation controls, added to a page only when a curator is logged in: pages are the same
// for every reader (and cached), so the controls come from the page's <template>s.
import { currentSession } from "./api.js";
import { curateArgument } from "./argument.js";
import { curateDebate, curateDebates } from "./debates.js";
import { curateDocument } from "./document.js";
import { curateTopic } from "./topic.js";

currentSession().then(function (session) {
  if (!session.curator) { return; }
  document.body.classList.add("curating");
  var doc = document.querySelector("article.document[data-document]");
  if (doc) { curateDocument(doc); }
  var argument = document.querySelector("article.argument[data-id]");
  if (argument) { curateArgument(argument); }
  var debates = document.querySelector("section.debates");
  if (debates) { curateDebates(debates); }
  var intro = document.querySelector("section.intro");
  if (intro) { curateTopic(intro); }
  var debate = document.querySelector("article.debate[data-debate]");
  if (debate) { curateDebate(debate); }
});
