// Talking to the curation API: who is logged in, and writes that carry the CSRF token.
var session = null;

// The curator logged in, or null; asked once a page (never cached: pages are the same for everyone).
export function currentSession() {
  if (!session) {
    session = fetch("/api/session", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : { curator: null }; })
      .catch(function () { return { curator: null }; });
  }
  return session;
}

// A JSON write: resolves to {ok, status, data} whatever the answer, so that callers show why.
export function send(method, url, body) {
  return currentSession().then(function (s) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    if (s.csrf_token) { headers["X-CSRF-Token"] = s.csrf_token; }
    return fetch(url, {
      method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }).then(function (r) {
    return r.json().catch(function () { return {}; }).then(function (data) {
      return { ok: r.ok, status: r.status, data: data };
    });
  });
}

// A page's data (its JSON twin), fresh: what an edit must be based on.
export function fresh(url) {
  return fetch(url, { headers: { "Accept": "application/json" }, cache: "no-cache" }).then(function (r) { return r.json(); });
}

// The words of a refusal: the loader's report, what is in the way, or the parameter at fault.
export function reason(answer) {
  var d = answer.data || {};
  if (d.errors && d.errors.length) {
    return d.errors.map(function (e) { return e.message || e.msg || JSON.stringify(e); }).join(" ");
  }
  if (d.detail) { return Array.isArray(d.detail) ? d.detail.join(" ") : String(d.detail); }
  return "HTTP " + answer.status;
}
