// The map's words in the page's language. The server writes them, translated by its
// catalog, as JSON in #argmap-strings[data-words] (templates/_macros.html) keyed by the
// English text; a missing key reads as that English text.

var table = null;

function words() {
  if (table === null) {
    var node = document.getElementById("argmap-strings");
    try { table = node ? JSON.parse(node.getAttribute("data-words")) : {}; } catch (e) { table = {}; }
  }
  return table;
}

function language() {
  return document.documentElement.lang || "en";
}

// A number written for the page's locale, grouped from five digits on (12,345 · 12 345),
// as the server writes it (app/i18n.py).
export function number(n) {
  return Number(n).toLocaleString(language(), { useGrouping: Math.abs(n) >= 10000 });
}

// `key` in the page's language, its {name} places filled from `vars`.
export function t(key, vars) {
  var text = Object.prototype.hasOwnProperty.call(words(), key) ? words()[key] : key;
  return fill(typeof text === "string" ? text : key, vars);
}

function fill(text, vars) {
  return text.replace(/\{(\w+)\}/g, function (all, name) {
    return vars && vars[name] !== undefined ? String(vars[name]) : all;
  });
}

// The form of a counted word for `n` (French counts 0 and 1 as singular), {n} filled:
// the page gives [singular, plural] under the English singular.
export function tn(n, one, many, vars) {
  var plural = language() === "fr" ? n > 1 : n !== 1;
  var forms = words()[one];
  var text = Array.isArray(forms) ? forms[plural ? 1 : 0] : (plural ? many : one);
  return fill(text, Object.assign({ n: number(n) }, vars || {}));
}
