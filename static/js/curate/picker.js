// Search-as-you-type over the curated arguments (the site's search, as JSON), keyboard included.
var cache = {};

function find(q) {
  if (!cache[q]) {
    cache[q] = fetch("/search.json?origin=curated&q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { arguments: [] }; })
      .then(function (d) { return d.arguments || []; });
  }
  return cache[q];
}

// `onPick(row)` gets the argument chosen; `skip` ids are not offered (the argument itself).
export function attachPicker(input, list, onPick, noMatch, skip) {
  // A combobox and its listbox, named by the input's label (ARIA 1.2).
  if (!list.id) { list.id = "picker-" + Math.random().toString(36).slice(2, 9); }
  var label = input.closest("label");
  list.setAttribute("aria-label", label ? label.textContent.trim() : input.placeholder);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  var rows = [];
  var active = -1;
  var timer = null;
  var show = function (found) {
    rows = found.filter(function (r) { return !skip || skip.indexOf(r.id) === -1; }).slice(0, 8);
    active = rows.length ? 0 : -1;
    list.replaceChildren();
    rows.forEach(function (row, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = input.name + "-option-" + i + "-" + Math.random().toString(36).slice(2, 7);
      li.dataset.id = row.id;
      var label = document.createElement("span");
      label.textContent = row.label;
      var where = document.createElement("span");
      where.className = "muted small";
      where.textContent = " · " + (row.speaker_name || "") + (row.speaker_name ? " · " : "") + row.document_title;
      li.append(label, where);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
      list.appendChild(li);
    });
    if (!rows.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.setAttribute("role", "option");
      none.setAttribute("aria-disabled", "true");
      none.textContent = noMatch;
      list.appendChild(none);
    }
    mark();
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };
  var mark = function () {
    Array.prototype.forEach.call(list.children, function (li, i) {
      li.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    var current = list.children[active];
    input.setAttribute("aria-activedescendant", current && current.id ? current.id : "");
  };
  var choose = function (i) {
    if (!rows[i]) { return; }
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    onPick(rows[i]);
  };
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { list.hidden = true; return; }
    timer = setTimeout(function () {
      find(q).then(function (found) { if (input.value.trim() === q) { show(found); } });
    }, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) { return; }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : -1) + rows.length) % Math.max(rows.length, 1);
      mark();
    } else if (e.key === "Enter") {
      e.preventDefault();
      choose(active);
    } else if (e.key === "Escape") {
      list.hidden = true;
    }
  });
}
