// The "Add a document" form: sends the file with the session's CSRF token, says at once
// when a file is too large, and shows the server's reason when it refuses one. Without
// this script the form posts itself and the server answers with a page.
const form = document.getElementById("add-form");
const error = document.getElementById("add-error");
const file = document.getElementById("add-file");
const maxBytes = Number(form.dataset.maxBytes);
const words = form.dataset; // in the page's language (templates/add_document.html)

function fail(message, link) {
  error.replaceChildren(message);
  if (link) {
    const a = document.createElement("a");
    a.href = link;
    a.textContent = words.open;
    error.append(" ", a);
  }
  error.hidden = false;
  error.focus?.();
}

async function csrfToken() {
  try {
    const res = await fetch("/api/session", { headers: { Accept: "application/json" }, cache: "no-store" });
    return res.ok ? (await res.json()).csrf_token : null;
  } catch {
    return null;
  }
}

file.addEventListener("change", () => {
  const chosen = file.files[0];
  if (chosen && chosen.size > maxBytes) fail(words.tooLarge);
  else error.hidden = true;
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const token = await csrfToken();
    const data = new FormData(form);
    if (token) data.set("csrf_token", token);
    const headers = { Accept: "application/json" };
    if (token) headers["X-CSRF-Token"] = token;
    const res = await fetch(form.action, { method: "POST", body: data, headers });
    const body = await res.json().catch(() => ({}));
    if (res.status === 202) {
      window.location.assign(body.url);
      return;
    }
    const message = body.errors?.[0]?.message ?? body.detail ?? words.answered.replace("{status}", res.status);
    fail(res.status === 401 ? words.logIn : String(message), body.document);
  } catch {
    fail(words.unreachable);
  } finally {
    button.disabled = false;
  }
});
