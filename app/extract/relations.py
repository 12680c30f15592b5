"""Stages 3 and 4: relations between argumentative units.

Stage 3, within a text (`text_relations`, `reply_relations`):
- a list item supports the head it follows (":" then bullets or a comma series);
- a clause in brackets supports its host clause;
- a unit opened by a reason or example connective ("car", "en effet", "par exemple")
  supports the unit before it; a conclusion connective ("donc", "en résumé") makes the
  unit before it support this one; a contrast connective ("mais", "pourtant",
  "cependant") makes the unit attack the one before it;
- in a comment thread, a reply marker ("Je ne suis pas d'accord", "OK mais",
  "effectivement", "@ Steph >") links the unit to the argument it answers, found in the
  segment it replies to (`replies_to`, the addressee's comment, else the post) by a quoted
  passage or by vector similarity;
- "donc" inside a clause ("Il faut donc …") makes the unit before it support it;
- a sentence that is only a series of clauses elaborates the sentence before it: each item
  supports that sentence's main clause;
- by default (`paragraph_relations`), a unit that nothing else links elaborates, and so
  supports, the unit before it in the same paragraph, unless it is clearly more claim-like
  (then the unit before it supports it) (low confidence);
- each text has a main claim (`main_claim`: stance, conclusion connective, title overlap,
  first or last paragraph); a comment that nothing else links to the text it answers bears
  on that text's main claim through its own (`thread_relations`).

Stage 4, across documents and comments (`cross_relations`): candidate pairs by cosine
similarity of the units' content-word vectors, then polarity: a negation on one side only,
or an antonym pair across the two, makes it an attack; otherwise a support.

Every relation carries its evidence (connective, marker, similarity) and a confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from app.extract.claims import ScoredUnit
from app.extract.lexicon import (
    AGREE_RE,
    ANTONYM_PAIRS,
    CONCESSION,
    CONCLUSION,
    CONTRAST,
    DISAGREE_RE,
    EXAMPLE,
    INNER_CONCLUSION_RE,
    PARTIAL_RE,
    PREMISE,
    connective_function,
)
from app.text import lexicon_fold, normalise

Key = tuple[str, str, int]  # (document, segment, unit index)

CROSS_THRESHOLD = 0.9  # cosine similarity for a candidate pair across texts
REPLY_THRESHOLD = 0.55  # similarity needed to pick a reply target without a quotation
QUOTED = re.compile(r"[“«\"]\s*([^”»\"]{15,}?)\s*[”»\"]")


@dataclass(frozen=True)
class Link:
    source: Key
    kind: str  # support | attack
    target: Key
    confidence: float
    evidence: str


def _sentence_paragraph_gap(text: str, a: ScoredUnit, b: ScoredUnit, offset: int) -> bool:
    """True when a paragraph break lies between two units of the same segment."""
    lo, hi = sorted((a.unit.end, b.unit.start))
    return "\n" in text[lo - offset : hi - offset]


def text_relations(units: list[ScoredUnit], all_units: list, text: str, offset: int) -> list[Link]:
    """Stage 3 within one segment: list items, brackets and discourse connectives.

    `units` are the segment's argumentative units (stage 2), `all_units` every unit of
    stage 1 (to find list heads and series), `text` the segment text starting at `offset`.
    """
    kept = {s.unit.index: s for s in units}
    links: list[Link] = []

    def previous(s: ScoredUnit) -> ScoredUnit | None:
        """What a connective relates the unit to. Opening a sentence, the connective scopes
        over the previous sentence: its main (first) clause. Inside a sentence: the closest
        earlier clause. Bracketed clauses are skipped (their own host is elsewhere), and
        nothing is looked for across a paragraph break."""
        if s.unit.opened_by in ("start", "sentence", "line"):
            earlier = [
                p
                for p in units
                if p.unit.sentence == s.unit.sentence - 1 and not p.unit.paren and p.unit.index < s.unit.index
            ]
            if earlier and not _sentence_paragraph_gap(text, earlier[0], s, offset):
                return earlier[0]
        for index in range(s.unit.index - 1, -1, -1):
            p = kept.get(index)
            if p is None or p.unit.paren and not s.unit.paren:
                continue
            if _sentence_paragraph_gap(text, p, s, offset):
                return None
            return p
        return None

    def host_of(u) -> int | None:
        """The clause a bracketed unit belongs to: the one resuming after the bracket, else
        the one before it on the same line."""
        after = u.index + 1
        while after < len(all_units) and all_units[after].paren:
            after += 1
        if after < len(all_units) and all_units[after].opened_by == "after-paren":
            return after if after in kept else None
        for j in range(u.index - 1, -1, -1):
            cand = all_units[j]
            if "\n" in text[cand.end - offset : u.start - offset]:
                return None
            if not cand.paren:
                return j if j in kept else None
        return None

    def attachment(u) -> tuple[int | None, str]:
        """The unit that a list item, series item or bracketed clause hangs on."""
        if u.item_of is not None:
            return u.item_of, "list item after ':'"
        if u.opened_by == "enum":
            j = u.index
            while j > 0 and all_units[j].opened_by == "enum":
                j -= 1
            first = all_units[j]
            if first.item_of is not None:
                return first.item_of, "list item after ':'"
            if first.paren and u.paren:
                return host_of(first), "item of a bracketed series"
            return j, "item of a series"
        if u.paren:
            return host_of(u), "bracketed clause"
        return None, ""

    for s in units:
        u = s.unit
        linked = False
        head_index, evidence = attachment(u)
        if evidence == "item of a series" and head_index in kept:
            # a sentence that is nothing but a series ("Ils vont rire en revoyant X, suer en
            # se remémorant Y, …") elaborates the sentence before it: every item bears on it
            first = kept[head_index]
            if first.unit.opened_by in ("sentence", "line") and first.lead is None:
                before = previous(first)
                if before is not None:
                    head_index, evidence = before.unit.index, "item of a series elaborating the sentence before"
        if head_index is not None and head_index in kept and head_index != u.index:
            links.append(
                Link(
                    u.key,
                    "support",
                    kept[head_index].unit.key,
                    0.5 if evidence.startswith("bracketed") else 0.6,
                    evidence,
                )
            )
            linked = True
        # connectives
        function = connective_function(s.lead)
        if function and not linked:
            prev = previous(s)
            if prev is not None:
                if function in (PREMISE, EXAMPLE):
                    links.append(Link(u.key, "support", prev.unit.key, 0.7, f"connective “{s.lead}”"))
                elif function == CONCLUSION:
                    links.append(Link(prev.unit.key, "support", u.key, 0.65, f"connective “{s.lead}”"))
                elif function == CONTRAST:
                    links.append(Link(u.key, "attack", prev.unit.key, 0.6, f"connective “{s.lead}”"))
        elif not function and not linked and not s.question:
            inner = INNER_CONCLUSION_RE.search(lexicon_fold(u.text))
            prev = previous(s) if inner else None
            if prev is not None:
                links.append(
                    Link(
                        prev.unit.key, "support", u.key, 0.55, f"“{' '.join(inner.group(0).split())}” inside the clause"
                    )
                )
    return links


CLAIMIER = 0.1  # confidence margin that makes the later unit of an unmarked pair the supported one


def paragraph_relations(units: list[ScoredUnit], text: str, offset: int, links: list[Link]) -> list[Link]:
    """Default attachment (cohesion): within a paragraph, a unit that no connective, list or
    bracket links to anything elaborates the unit before it, and supports it; unless it is
    clearly more claim-like (stage 2 confidence higher by `CLAIMIER`), then the unit before it
    supports it (premise stated first). Low confidence."""
    has_out = {link.source for link in links}
    out: list[Link] = []
    paragraph: list[ScoredUnit] = []
    for s in units + [None]:
        if s is not None and paragraph and not _sentence_paragraph_gap(text, paragraph[-1], s, offset):
            paragraph.append(s)
            continue
        for before, p in zip(paragraph, paragraph[1:]):
            if p.unit.key not in has_out:
                if p.confidence >= before.confidence + CLAIMIER and before.unit.key not in has_out:
                    # the clearly more claim-like of the two is the one argued for
                    out.append(
                        Link(
                            before.unit.key,
                            "support",
                            p.unit.key,
                            0.3,
                            "precedes a stronger claim in the same paragraph, no connective",
                        )
                    )
                    has_out.add(before.unit.key)
                    continue
                out.append(
                    Link(p.unit.key, "support", before.unit.key, 0.3, "follows it in the same paragraph, no connective")
                )
        paragraph = [s] if s is not None else []
    return out


# ---------------------------------------------------------------- replies in threads


def reply_marker(text: str) -> tuple[str, str] | None:
    """("attack" | "support", marker) for a reply marker in the text, else None."""
    folded = lexicon_fold(text)
    partial = PARTIAL_RE.search(folded)
    if partial:
        return "attack", partial.group(0).split()[0] + " … mais"
    disagree = DISAGREE_RE.search(folded)
    if disagree:
        return "attack", disagree.group(0)
    agree = AGREE_RE.search(folded)
    if agree:
        return "support", agree.group(0)
    return None


def _resolve_addressee(name: str, candidates: list[tuple[str, str | None, str | None]]) -> list[str]:
    """Segments (of `candidates`: segment id, speaker id, speaker name) the address names."""
    wanted = [w for w in re.split(r"\s*(?:&|,|\bet\b)\s*", lexicon_fold(name)) if w]
    found = []
    for segment, speaker, speaker_name in candidates:
        names = {lexicon_fold(x) for x in (speaker, speaker_name) if x}
        if any(w in n or n in w for w in wanted for n in names):
            found.append(segment)
    return found


def reply_relations(
    segment_units: dict[str, list[ScoredUnit]],
    segments: dict[str, dict],
    vectors: dict[Key, np.ndarray],
    texts: dict[str, tuple[str, int]],
) -> list[Link]:
    """Stage 3 in a comment thread: reply markers → support/attack towards the answered argument.

    `segments` maps each segment id of one document to {"number", "replies_to", "speaker",
    "speaker_name"}; `texts` maps it to (segment text, offset).
    """
    links: list[Link] = []
    numbers = {info["number"]: sid for sid, info in segments.items() if info["number"] is not None}
    for sid, units in segment_units.items():
        info = segments[sid]
        if info["number"] is None or not units:
            continue
        default = [numbers[n] for n in info["replies_to"] if n in numbers] or ["body"]
        earlier = [
            (numbers[n], segments[numbers[n]]["speaker"], segments[numbers[n]]["speaker_name"])
            for n in sorted(numbers)
            if n < info["number"]
        ]
        addressed = set()
        first_of_address: set[int] = set()
        seen_addresses = set()
        for s in units:
            if s.unit.addressee not in seen_addresses:
                seen_addresses.add(s.unit.addressee)
                first_of_address.add(s.unit.index)
        for position, s in enumerate(units):
            u = s.unit
            target_segments = default
            if u.addressee:
                named = _resolve_addressee(u.addressee, [c for c in earlier if c[0] in default]) or _resolve_addressee(
                    u.addressee, earlier
                )
                target_segments = named or default
            marker = reply_marker(u.text)
            opening = u.index in first_of_address
            if marker is None and not opening:
                continue
            candidates = [t for seg in target_segments for t in segment_units.get(seg, [])]
            if not candidates:
                continue
            target, how, sim = _reply_target(u.text, candidates, vectors.get(u.key), vectors, texts, target_segments)
            if target is None:
                continue
            if marker is None:
                if how != "quotation" and sim < REPLY_THRESHOLD + 0.15:
                    continue
                kind = "attack" if s.negated != target.negated else "support"
                evidence = f"first point of the reply, {how} {sim:.2f}"
            else:
                kind, word = marker
                evidence = f"reply marker “{word}”, {how} {sim:.2f}"
            source = u.key
            if how == "quotation" and marker is not None and _mostly_quotation(u.text):
                # "Je ne suis pas d'accord avec « … »": the speaker's own argument is the
                # comment's strongest claim, not the rejection of the quotation.
                best = max(
                    (x for x in units if x is not s and not x.question),
                    key=lambda x: (x.confidence, -x.unit.index),
                    default=None,
                )
                if best is not None:
                    source = best.unit.key
                    evidence += ", from the comment's main claim"
            if (source, target.unit.key) in addressed:
                continue
            addressed.add((source, target.unit.key))
            links.append(Link(source, kind, target.unit.key, 0.55 if marker else 0.4, evidence))
            # "Oui … mais …": the contrast after a concession attacks the same target
            if marker and marker[0] == "support" and position + 1 < len(units):
                nxt = units[position + 1]
                if nxt.unit.sentence == u.sentence and connective_function(nxt.lead) == CONTRAST:
                    links.append(
                        Link(nxt.unit.key, "attack", target.unit.key, 0.5, f"“{marker[1]} … {nxt.lead}” in a reply")
                    )
    return links


def _mostly_quotation(text: str) -> bool:
    quoted = sum(len(m.group(1)) for m in QUOTED.finditer(text))
    return quoted * 2 >= len(text)


def _reply_target(text: str, candidates: list[ScoredUnit], vector, vectors, texts, target_segments):
    """The answered unit: the one a quotation comes from, else the most similar."""
    for match in QUOTED.finditer(text):
        needle = normalise(match.group(1))[0].lower()
        for seg in target_segments:
            seg_text, offset = texts[seg]
            folded, where = normalise(seg_text)
            at = folded.lower().find(needle[:60])
            if at == -1:
                continue
            position = offset + where[at]
            for cand in candidates:
                if cand.unit.segment == seg and cand.unit.start <= position < cand.unit.end + 2:
                    return cand, "quotation", 1.0
            # the quotation starts between units: take the next one
            after = [c for c in candidates if c.unit.segment == seg and c.unit.start >= position]
            if after:
                return min(after, key=lambda c: c.unit.start), "quotation", 1.0
    if vector is None:
        return None, "", 0.0
    best, best_sim = None, -1.0
    for cand in candidates:
        cv = vectors.get(cand.unit.key)
        if cv is None:
            continue
        sim = float(vector @ cv)
        if sim > best_sim:
            best, best_sim = cand, sim
    if best is None or best_sim < REPLY_THRESHOLD:
        return None, "", 0.0
    return best, "similarity", best_sim


# ---------------------------------------------------------------- polarity and cross relations

ANTONYM_WORDS = frozenset(w for pair in ANTONYM_PAIRS for w in pair)


def polarity(a: ScoredUnit, b: ScoredUnit, lemmas: dict[Key, frozenset[str]]) -> tuple[str, str]:
    """("attack" | "support", reason)."""
    if a.negated != b.negated:
        return "attack", "negation on one side only"
    # only lemmas of the antonym list can form a pair: look at those alone
    la = lemmas.get(a.unit.key, frozenset()) & ANTONYM_WORDS
    lb = lemmas.get(b.unit.key, frozenset()) & ANTONYM_WORDS
    if la and lb:
        for x in sorted(la):
            for y in sorted(lb):
                if x != y and frozenset((x, y)) in ANTONYM_PAIRS:
                    return "attack", f"antonyms {x}/{y}"
    return "support", "same polarity"


def cross_relations(
    units: list[ScoredUnit],
    vectors: dict[Key, np.ndarray],
    lemmas: dict[Key, frozenset[str]],
    document_order: dict[str, int],
    already: set[frozenset],
    threshold: float = CROSS_THRESHOLD,
    limit: int | None = None,
) -> list[Link]:
    """Stage 4: pairs of units from different segments (other documents, or post vs comments)
    whose vectors are close, each unit in at most one pair, strongest first (ties: by unit key).

    Pairs are pruned in numpy before any Python work: only the upper triangle at or above the
    threshold, and only across segments."""
    items = [s for s in units if s.unit.key in vectors]
    if len(items) < 2:
        return []
    keys = [s.unit.key for s in items]
    matrix = np.stack([vectors[k] for k in keys])
    sims = matrix @ matrix.T
    segments: dict[tuple[str, str], int] = {}
    segment_of = np.fromiter((segments.setdefault(k[:2], len(segments)) for k in keys), dtype=np.int64, count=len(keys))
    rows, cols = np.nonzero(sims >= threshold)
    keep = (rows < cols) & (segment_of[rows] != segment_of[cols])
    rows, cols = rows[keep], cols[keep]
    if not len(rows):
        return []
    # order: similarity (rounded to 6 decimals) descending, then the two unit keys
    rank = np.empty(len(keys), dtype=np.int64)
    rank[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
    rounded = np.array([round(x, 6) for x in sims[rows, cols].tolist()], dtype=np.float64)
    order = np.lexsort((rank[cols], rank[rows], -rounded))
    index = {k: n for n, k in enumerate(keys)}
    excluded = set()
    for pair in already:
        ends = [index.get(k) for k in pair]
        if len(ends) == 2 and None not in ends:
            excluded.add((min(ends), max(ends)))
    used: set[int] = set()
    links: list[Link] = []
    for i, j, sim in zip(rows[order].tolist(), cols[order].tolist(), rounded[order].tolist()):
        if i in used or j in used or (i, j) in excluded:
            continue
        a, b = items[i], items[j]
        # direction: within a document the later segment answers the earlier one; across
        # documents the less claim-like unit bears on the more claim-like one
        if a.unit.document == b.unit.document:
            source, target = (a, b) if a.unit.start > b.unit.start else (b, a)
        else:
            ka = (a.role == "claim", a.confidence, -document_order[a.unit.document], -a.unit.start)
            kb = (b.role == "claim", b.confidence, -document_order[b.unit.document], -b.unit.start)
            source, target = (a, b) if ka < kb else (b, a)
        kind, reason = polarity(source, target, lemmas)
        used.update((i, j))
        links.append(
            Link(
                source.unit.key,
                kind,
                target.unit.key,
                round(0.3 + 0.5 * (sim - threshold) / (1 - threshold), 3),
                f"similarity {sim:.2f}, {reason}",
            )
        )
        if limit is not None and len(links) >= limit:
            break
    return links


# ---------------------------------------------------------------- main claims

STEM = 5  # characters kept of a content word when comparing a title with a unit
_WORD = re.compile(r"[0-9a-zàâäçéèêëîïôöùûüœ]+")
_FUNCTION_WORDS = {
    "dans",
    "pour",
    "avec",
    "sans",
    "sous",
    "vers",
    "chez",
    "entre",
    "leur",
    "leurs",
    "notre",
    "votre",
    "nous",
    "vous",
    "elle",
    "elles",
    "ils",
    "cette",
    "ces",
    "sont",
    "être",
    "avoir",
    "fait",
    "faire",
    "plus",
    "moins",
    "tout",
    "tous",
    "toute",
    "toutes",
    "comme",
    "mais",
    "donc",
    "aussi",
    "très",
    "bien",
    "encore",
    "même",
    "certains",
    "certaines",
    "quand",
    "alors",
    "quoi",
    "dont",
    "avez",
    "sera",
    "peut",
    "peuvent",
}


def content_stems(text: str) -> frozenset[str]:
    """Content words of a text cut to their first letters (a cheap, parse-free lemma): used to
    compare a unit with a title, which is not parsed."""
    return frozenset(w[:STEM] for w in _WORD.findall(lexicon_fold(text)) if len(w) >= 4 and w not in _FUNCTION_WORDS)


def _paragraphs(units: list[ScoredUnit], text: str, offset: int) -> list[int]:
    """Paragraph number of each unit of a segment."""
    numbers, current = [], 0
    for before, s in zip([None] + units[:-1], units):
        if before is not None and _sentence_paragraph_gap(text, before, s, offset):
            current += 1
        numbers.append(current)
    return numbers


def main_claim(units: list[ScoredUnit], text: str, offset: int, title: str | None = None) -> ScoredUnit | None:
    """The claim a text (a post body or a comment) argues for, or None.

    Candidates are the claims that open a sentence (not a clause hanging on another one:
    no list item, bracket, series item, reason or example connective, question or
    meta-discourse; the clause after a colon counts: "je le répète : X"). Each is scored from its confidence (stage 2 cues), a first-person
    stance or a conclusion connective ("donc", "bref", "en résumé"), the words it shares
    with the title, and its place: the first or last paragraph states the thesis."""
    if len(units) < 2:
        return None
    paragraphs = _paragraphs(units, text, offset)
    last = paragraphs[-1]
    title_stems = content_stems(title) if title else frozenset()
    best, best_score = None, 0.0
    for s, paragraph in zip(units, paragraphs):
        u = s.unit
        function = connective_function(s.lead)
        if (
            u.paren
            or (u.item_of is not None and u.opened_by != "colon")
            or u.opened_by in ("enum", "item")
            or s.question
            or function in (PREMISE, EXAMPLE)
            or "meta-discourse" in s.features
            or "narration" in s.features
        ):
            continue
        score = s.confidence
        if function in (CONTRAST, CONCESSION):  # answers the unit before it rather than states a thesis
            score -= 0.15
        if u.opened_by not in ("start", "sentence", "line", "address"):
            score -= 0.1
        if "stance" in s.features:
            score += 0.1
        if function == CONCLUSION:
            score += 0.1
        if paragraph in (0, last):
            score += 0.05
        if title_stems:
            score += 0.5 * len(title_stems & content_stems(u.text)) / len(title_stems)
        if score > best_score + 1e-9:
            best, best_score = s, score
    return best


def thread_relations(
    mains: dict[str, ScoredUnit | None], segments: dict[str, dict], links: list[Link], texts: dict[str, str]
) -> list[Link]:
    """A comment that no reply marker or quotation links to the text it answers still bears on
    it: its main claim supports or attacks the main claim of the comment it replies to (else
    of the post). Attack when the comment shows disagreement ("je ne suis pas d'accord",
    "oui mais") or when one main claim is negated and the other not."""
    out: list[Link] = []
    numbers = {info["number"]: sid for sid, info in segments.items() if info["number"] is not None}
    linked = {(link.source[1], link.target[1]) for link in links}
    for sid, info in sorted(segments.items(), key=lambda kv: kv[1]["number"] or 0):
        main = mains.get(sid)
        if info["number"] is None or main is None:
            continue
        answered = [numbers[n] for n in info["replies_to"] if n in numbers] or ["body"]
        for target_segment in answered:
            target = mains.get(target_segment)
            if target is None or any(a == sid and b == target_segment for a, b in linked):
                continue
            marker = reply_marker(texts[sid])
            if marker is not None:
                kind, reason = marker[0], f"reply marker “{marker[1]}”"
            elif main.negated != target.negated:
                kind, reason = "attack", "negation on one side only"
            else:
                kind, reason = "support", "no disagreement marker"
            out.append(
                Link(
                    main.unit.key,
                    kind,
                    target.unit.key,
                    0.35,
                    f"main claim of a reply to the answered text's main claim, {reason}",
                )
            )
    return out
