"""Accent- and case-insensitive search over argument labels, quotes and speakers.

`build_index(graph)` folds each argument's searchable text once;
`search(index, q, candidates)` returns the candidates (kept in their order)
that contain every word of q at the start of one of their words; `where_matched(graph, arg_id, q)` says in which
fields the words were found and returns those fields with the words marked
(escaped text and <mark>), folding exactly as the search does.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from app.graph import ArgumentGraph
from app.text import fold

EXCERPT = 240  # characters of a long quote shown around its first match


# The searchable text and its folded form of each argument of the last index built: after
# an edit, the next index folds again only the arguments whose text changed.
_last_folded: dict[str, tuple[str, str]] = {}


def build_index(graph: ArgumentGraph) -> dict[str, str]:
    global _last_folded
    index, folded = {}, {}
    last = _last_folded
    for node_id, a in graph.g.nodes(data=True):
        parts = [
            node_id,
            a["label"],
            a.get("label_fr") or "",
            a["quote"],
            graph.corpus.person_name(a["speaker"]) or "",
            " ".join(a["tags"]),
        ]
        text = " \n ".join(parts)
        known = last.get(node_id)
        folded[node_id] = known if known is not None and known[0] == text else (text, fold(text))
        index[node_id] = folded[node_id][1]
    _last_folded = folded
    return index


def search(index: dict[str, str], q: str, candidates: list[str]) -> list[str]:
    words = query_words(q)
    if not words:
        return []
    return [i for i in candidates if all(_starts_a_word(w, index[i]) for w in words)]


def _starts_a_word(word: str, text: str) -> bool:
    """Whether `word` starts a word of `text` (folded both): "roi" finds "ROI" and
    "roi-unmeasurable", "commun" finds "community" as one types, but neither is found
    inside "croissance"."""
    at = text.find(word)
    while at > 0 and text[at - 1].isalnum():
        at = text.find(word, at + 1)
    return at != -1


def _starts(word: str, text: str) -> list[int]:
    """Every place where `word` starts a word of `text` (see `_starts_a_word`)."""
    found, at = [], text.find(word)
    while at != -1:
        if at == 0 or not text[at - 1].isalnum():
            found.append(at)
        at = text.find(word, at + 1)
    return found


def query_words(q: str) -> list[str]:
    """The folded words of a query, as `search` matches them."""
    return fold(q).split()


def _folded_chars(text: str) -> tuple[str, list[int]]:
    """`text` folded character by character, with the index in `text` of each folded
    character (folding can turn one character into none or several)."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        piece = " " if ch.isspace() else fold(ch)
        out.append(piece)
        origin += [i] * len(piece)
    return "".join(out), origin


def match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """(start, end) in `text` of every occurrence of the folded `words`, overlaps merged."""
    folded, origin = _folded_chars(text)
    spans = []
    for word in words:
        for at in _starts(word, folded) if word else ():
            spans.append((origin[at], origin[at + len(word) - 1] + 1))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> Markup:
    """text[start:end], escaped, with each span inside <mark>."""
    end = len(text) if end is None else end
    out, at = [], start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        out.append(escape(text[at:s]))
        out.append(Markup("<mark>") + escape(text[s:e]) + Markup("</mark>"))
        at = e
    out.append(escape(text[at:end]))
    return Markup("").join(out)


def excerpt(text: str, spans: list[tuple[int, int]], width: int = EXCERPT) -> Markup:
    """A long text cut to about `width` characters around its first match, marked."""
    if len(text) <= width:
        return marked(text, spans)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 3, len(text) - width))
    if start:
        start = text.find(" ", start) + 1 or start  # do not cut a word
    end = min(len(text), start + width)
    cut = text.rfind(" ", start, end)
    if end < len(text) and cut > first:
        end = cut
    return (
        (Markup("…") if start else Markup(""))
        + marked(text, spans, start, end)
        + (Markup("…") if end < len(text) else Markup(""))
    )


def where_matched(graph: ArgumentGraph, arg_id: str, q: str) -> dict:
    """Where the words of `q` occur in one argument: `fields`, the names of the fields
    holding at least one word (label, French label, quote, speaker, tags, permalink id), and the
    label, French label, quote (an excerpt) and speaker with the words marked."""
    words = query_words(q)
    a = graph.node(arg_id)
    speaker = graph.corpus.person_name(a["speaker"]) or ""
    texts = {
        "label": a["label"],
        "French label": a.get("label_fr") or "",
        "quote": a["quote"],
        "speaker": speaker,
        "tags": " ".join(a["tags"]),
        "permalink": arg_id,
    }
    spans = {name: match_spans(text, words) for name, text in texts.items()}
    return {
        "fields": [name for name, found in spans.items() if found],
        "label": marked(a["label"], spans["label"]),
        "label_fr": marked(texts["French label"], spans["French label"]) if texts["French label"] else None,
        "quote": excerpt(a["quote"], spans["quote"]),
        "speaker": marked(speaker, spans["speaker"]) if speaker else None,
    }
