// The change page's "Undo" button: sends the undo with the session's CSRF token and
// opens the change it made, or says why it was refused.
import { session } from "./session.js";

const form = document.querySelector("form.undo");
if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const said = form.querySelector(".undo-result");
    const button = form.querySelector("button");
    button.disabled = true;
    const { csrf_token } = await session();
    try {
      const res = await fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRF-Token": csrf_token || "" },
      });
      const body = await res.json();
      if (res.ok && body.url) {
        location.assign(body.url);
        return;
      }
      said.textContent = body.detail || `${res.status} ${res.statusText}`;
    } catch (error) {
      said.textContent = String(error);
    }
    button.disabled = false;
  });
}
