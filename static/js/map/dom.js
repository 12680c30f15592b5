// Small DOM and text helpers shared by the map's modules.

export function cssVar(name, fallback) {
  var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

export function percent(x) {
  var language = document.documentElement.lang || "en";
  return new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 0 }).format(Number(x) || 0);
}

export function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) {
    if (k === "text") { node.textContent = attrs[k]; } else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) { node.setAttribute(k, attrs[k]); }
  });
  (children || []).forEach(function (c) { if (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
  return node;
}

export function fold(text) {
  return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

// Whether every word of the folded query starts a word of the folded text, as the site's
// search matches (app/search.py): "roi" finds "ROI", never the inside of "croissance".
export function startsWords(text, query) {
  return query.split(/\s+/).filter(Boolean).every(function (word) {
    var at = text.indexOf(word);
    while (at > 0 && /[\p{L}\p{N}]/u.test(text[at - 1])) { at = text.indexOf(word, at + 1); }
    return at !== -1;
  });
}

export function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  return new Promise(function (resolve, reject) {
    var field = el("textarea", { readonly: "", class: "visually-hidden" });
    field.value = text;
    document.body.appendChild(field);
    field.select();
    try { document.execCommand("copy") ? resolve() : reject(); } catch (e) { reject(e); }
    field.remove();
  });
}
