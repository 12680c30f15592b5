// The map's state in the URL: which filters, what is unfolded, what is selected.

// The filters are the server's (app/web/params.py, written into every page); the rest is the map's own state.
var filters = document.querySelector('meta[name="argmap-filters"]');
var FILTERS = filters ? filters.content.split(" ") : [];
var REPEATED_FILTERS = filters ? filters.dataset.repeated.split(" ") : [];
export const FILTER_KEYS = ["debate", "around", "depth"].concat(FILTERS, ["off", "expand", "fold"]);
export const REPEATED = { off: true, expand: true, fold: true };
REPEATED_FILTERS.forEach(function (key) { REPEATED[key] = true; });

// Canonical filter query (fixed key order) from URLSearchParams.
export function filterQuery(params) {
  var out = new URLSearchParams();
  FILTER_KEYS.forEach(function (key) {
    var values = params.getAll(key).filter(function (v) { return v !== "" && !(key === "origin" && v === "all"); });
    if (!REPEATED[key]) { values = values.slice(0, 1); }
    values.forEach(function (v) { out.append(key, v); });
  });
  return out.toString();
}

export function stateFromLocation() {
  var params = new URLSearchParams(window.location.search);
  return { query: filterQuery(params), focus: params.get("focus") || null };
}

// `path` with `query` less the parameters `keys`.
export function urlWithout(path, query, keys) {
  var params = new URLSearchParams(query);
  keys.forEach(function (k) { params.delete(k); });
  var q = params.toString();
  return path + (q ? "?" + q : "");
}

export function urlFor(state) {
  var params = new URLSearchParams(state.query);
  if (state.focus) { params.set("focus", state.focus); }
  var q = params.toString();
  return window.location.pathname + (q ? "?" + q : "");
}
