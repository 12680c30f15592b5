// Shared pieces of the curation controls: the page's strings, cloned templates, dialogs.
export function strings() {
  var el = document.getElementById("curate-strings");
  return el ? el.dataset : {};
}

export function clone(id) {
  var t = document.getElementById(id);
  return t.content.firstElementChild.cloneNode(true);
}

// A form shown in a modal dialog; resolves nothing, the form's own handlers do the work.
export function openDialog(form) {
  var dialog = document.createElement("dialog");
  dialog.className = "curate-dialog";
  dialog.appendChild(form);
  document.body.appendChild(dialog);
  form.querySelectorAll(".curate-cancel").forEach(function (b) {
    b.addEventListener("click", function () { dialog.close(); });
  });
  dialog.addEventListener("close", function () { dialog.remove(); });
  dialog.showModal();
  // a confirmation of a deletion starts on "Cancel": Enter alone never deletes
  var first = form.classList.contains("curate-delete-confirm")
    ? form.querySelector(".curate-cancel")
    : form.querySelector("input:not([type=hidden]), textarea, select, button[type=submit]");
  if (first) { first.focus(); }
  return dialog;
}

export function say(form, text, isError) {
  var p = form.querySelector(".curate-message");
  p.textContent = text;
  p.classList.toggle("error", !!isError);
}

// Show the edited page as every reader now sees it (revalidated: pages are cached for a minute).
export function reloadAt(hash) {
  if (hash) { history.replaceState(null, "", location.pathname + location.search + "#" + hash); }
  location.reload();
}

export function tagsOf(text) {
  return text.split(/[\s,]+/).map(function (t) { return t.trim().toLowerCase(); }).filter(Boolean);
}
