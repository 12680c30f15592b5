// Who is logged in, asked once per page. Pages are the same for every reader (they are
// cached), so the header's "Log in" link becomes "<name> · Log out" here, and what only
// curators may use (`[data-curator-only]`) is shown here. Other modules get the curator
// and the CSRF token of their writes from `session()`; `body[data-session=shown]` marks
// that the header is up to date, `body[data-curator]` names who is logged in.

const ANONYMOUS = { curator: null, csrf_token: null };
let asked = null;

/** A promise of `{curator: {name, role} | null, csrf_token: string | null}`. */
export function session() {
  if (!asked) {
    asked = fetch("/api/session", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((res) => (res.ok ? res.json() : ANONYMOUS))
      .catch(() => ANONYMOUS);
  }
  return asked;
}

function loginLink(slot) {
  const link = slot.querySelector("a[href^='/login']");
  if (link && location.pathname !== "/login") {
    link.href = "/login?next=" + encodeURIComponent(location.pathname + location.search + location.hash);
  }
}

function logoutForm(slot, state) {
  const who = document.createElement("span");
  who.className = "who";
  const role = state.curator.role === "admin" ? slot.dataset.roleAdmin : slot.dataset.roleCurator;
  who.title = `${slot.dataset.signedIn || "Logged in as"} ${state.curator.name} (${role || state.curator.role})`;
  who.textContent = state.curator.name;
  const form = document.createElement("form");
  form.className = "logout";
  form.method = "post";
  form.action = "/logout";
  const token = document.createElement("input");
  token.type = "hidden";
  token.name = "csrf_token";
  token.value = state.csrf_token;
  const button = document.createElement("button");
  button.type = "submit";
  button.className = "link";
  button.textContent = slot.dataset.logout || "Log out";
  form.append(token, button);
  slot.replaceChildren(who, document.createTextNode(" · "), form);
}

function show(state) {
  const slot = document.getElementById("session");
  if (state.curator) {
    document.body.dataset.curator = state.curator.name;
    if (slot) logoutForm(slot, state);
    document.querySelectorAll("input[name='csrf_token']").forEach((field) => { field.value = state.csrf_token; });
    document.querySelectorAll("[data-curator-only]").forEach((element) => { element.hidden = false; });
  } else {
    delete document.body.dataset.curator;
    if (slot) loginLink(slot);
  }
  document.body.dataset.session = "shown"; // the header says who is logged in
}

session().then(show);
