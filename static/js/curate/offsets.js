// Selection → character offsets in the document: every text run of a document page carries
// `data-start`, its offset in the original text, so a point in the page is exact.

// The run element (with data-start) a DOM point falls in, and the offset of that point.
export function offsetOf(node, offset) {
  var element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  var run = element.closest("[data-start]");
  if (!run) {
    // between runs (an empty anchor, the text block itself): the next run starts here
    var child = node.nodeType === Node.TEXT_NODE ? null : node.childNodes[offset];
    run = child && child.nodeType === Node.ELEMENT_NODE
      ? (child.matches("[data-start]") ? child : nextRun(child))
      : nextRun(element);
    return run ? Number(run.dataset.start) : null;
  }
  var range = document.createRange();
  range.setStart(run, 0);
  range.setEnd(node, offset);
  return Number(run.dataset.start) + range.toString().length;
}

function nextRun(element) {
  for (var el = element; el; el = el.nextElementSibling) {
    if (el.matches && el.matches("[data-start]")) { return el; }
    var inside = el.querySelector && el.querySelector("[data-start]");
    if (inside) { return inside; }
  }
  return null;
}

// {start, end, segment} of the current selection when it lies within one segment's text, else null.
export function selectedSpan() {
  var selection = window.getSelection();
  if (!selection || selection.isCollapsed || !selection.rangeCount) { return null; }
  var range = selection.getRangeAt(0);
  var within = function (n) { return (n.nodeType === Node.TEXT_NODE ? n.parentElement : n).closest(".doc-text"); };
  var a = within(range.startContainer);
  var b = within(range.endContainer);
  if (!a || a !== b) { return null; }
  var start = offsetOf(range.startContainer, range.startOffset);
  var end = offsetOf(range.endContainer, range.endOffset);
  if (start === null || end === null || end <= start || !selection.toString().trim()) { return null; }
  return { start: start, end: end, segment: a.closest("section"), text: selection.toString() };
}
