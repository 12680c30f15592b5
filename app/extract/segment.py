"""Stage 1: a parsed segment → argumentative units (clauses and sentences).

A unit is a contiguous span of the original text. Units are cut at:

- sentence ends and line breaks (paragraphs, bulleted lines);
- semicolons, colons and dashes;
- parentheses whose content is a clause (it is its own unit, "a premise in brackets");
- discourse connectives that open a clause with its own finite verb ("…, mais les médias
  sociaux sont…", "…, car c’est à ça que…"); "donc", "alors", "parce que" only after a comma;
- comma-separated series of infinitives or clauses ("définir des objectifs, virer leur
  community manager, écouter avant de parler"), each item its own unit;
- reply addresses in comments ("@ Steph >"), which are dropped and remembered as the addressee.

Bullets, leading and trailing punctuation are trimmed; a unit keeps its closing ".", "!" or "?".
Units that cannot carry a proposition (no verb, fewer than three words) are kept here and
left to stage 2 to discard, so that list heads and hosts of parentheses stay known.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.extract.lexicon import ADDRESS, CONNECTIVE_RE, SPLITTING, SPLITTING_AFTER_COMMA

BULLETS = {"•", "-", "*", ">", "–", "—", "·", "◦", "▪", "→"}
DASHES = {"–", "—"}
CLOSING = {".", "!", "?", "…", "...", "?!", "!?", "!!", "!!!", "??"}
OPEN_QUOTES = {"“": "”", "«": "»", '"': '"', "‘": "’"}
RELATIVE_START = {"que", "qu'", "qu’", "qui", "dont", "où", "lequel", "laquelle", "lesquels", "lesquelles"}
SUBJECT_PRONOUNS = {
    "je",
    "j'",
    "j’",
    "tu",
    "il",
    "elle",
    "on",
    "nous",
    "vous",
    "ils",
    "elles",
    "ce",
    "c'",
    "c’",
    "cela",
    "ça",
    "ceci",
    "chacun",
    "personne",
    "rien",
    "tout",
}


@dataclass(frozen=True)
class SegmentRef:
    """Where a parsed text comes from: a document's body or one of its comments."""

    document: str
    segment: str  # "body" or "comment-N"
    speaker: str | None
    offset: int  # where the segment text starts in the original file
    number: int | None = None
    replies_to: tuple[int, ...] = ()


@dataclass(frozen=True)
class Unit:
    """A candidate argumentative unit: a span of one segment."""

    document: str
    segment: str
    index: int  # position among the segment's units
    start: int  # absolute offsets in the original file
    end: int
    text: str
    sentence: int  # sentence number within the segment
    tok_start: int  # token range in the segment's parsed Doc
    tok_end: int
    opened_by: str  # what cut it: start, sentence, line, item, colon, semicolon, dash, paren, connective, enum, clause, address
    paren: bool = False  # inside brackets
    item_of: int | None = None  # index of the unit heading the list it belongs to
    addressee: str | None = None  # "Steph" after "@ Steph >"
    speaker: str | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.document, self.segment, self.index)


class Morph:
    """The morphological features of a token (`Token.morph`): `get(field)` → list of values."""

    __slots__ = ("features",)

    def __init__(self, feats: str):
        features: dict[str, list[str]] = {}
        for pair in feats.split("|") if feats else ():
            name, _, values = pair.partition("=")
            features[name] = values.split(",") if values else []
        self.features = features

    def get(self, field: str, default=None) -> list[str]:
        found = self.features.get(field)
        return list(found) if found is not None else ([] if default is None else default)


class Tok:
    """A token's attributes as plain Python values, read once from the parsed Doc.

    spaCy builds a Token object and looks its strings up again on every attribute access;
    stages 1 and 2 read each token's attributes many times, so they read these instead
    (`tokens_of(doc)`). Same names and values as spaCy's Token."""

    __slots__ = (
        "i",
        "text",
        "lower_",
        "pos_",
        "dep_",
        "lemma_",
        "morph",
        "is_alpha",
        "is_punct",
        "is_space",
        "is_sent_start",
        "idx",
        "whitespace_",
    )

    def __len__(self) -> int:
        return len(self.text)


_STRINGS: dict[int, str] = {}  # hash → string (the hashes of spaCy's StringStore do not depend on the model)
_MORPHS: dict[int, Morph] = {}


def tokens_of(doc) -> list[Tok]:
    """The tokens of a parsed Doc as `Tok` records: one `Doc.to_array` call, strings looked up once."""
    from spacy.attrs import DEP, IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START, SPACY

    if len(_STRINGS) > 500_000:
        _STRINGS.clear()
    strings = doc.vocab.strings
    table = doc.to_array([ORTH, LOWER, POS, DEP, LEMMA, MORPH, IS_ALPHA, IS_PUNCT, IS_SPACE, SENT_START, IDX, SPACY])
    cache = _STRINGS

    def string(key: int) -> str:
        value = cache.get(key)
        if value is None:
            value = cache[key] = strings[key] if key else ""
        return value

    out: list[Tok] = []
    for i, (orth, lower, pos, dep, lemma, morph, alpha, punct, space, sent_start, idx, spacy_) in enumerate(
        table.tolist()
    ):
        t = Tok()
        t.i = i
        t.text = cache.get(orth) or string(orth)
        t.lower_ = cache.get(lower) or string(lower)
        t.pos_ = cache.get(pos) or string(pos)
        t.dep_ = cache.get(dep) or string(dep)
        t.lemma_ = cache.get(lemma) or string(lemma)
        m = _MORPHS.get(morph)
        if m is None:
            m = _MORPHS[morph] = Morph(strings[morph] if morph else "")
        t.morph = m
        t.is_alpha, t.is_punct, t.is_space = alpha == 1, punct == 1, space == 1
        t.is_sent_start = None if sent_start == 0 else sent_start == 1  # -1 comes back as 2**64 - 1
        t.idx = idx
        t.whitespace_ = " " if spacy_ else ""
        out.append(t)
    return out


def _is_verb(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX")


def _is_finite(tok) -> bool:
    return _is_verb(tok) and "Fin" in tok.morph.get("VerbForm")


def _is_infinitive(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and "Inf" in tok.morph.get("VerbForm")


def _alpha_count(tokens) -> int:
    return sum(1 for t in tokens if t.is_alpha)


def _paren_splits(doc) -> dict[int, int]:
    """Opening → closing token index of the parentheses whose content is a clause."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for tok in doc:
        if tok.text == "(":
            stack.append(tok.i)
        elif tok.text == ")" and stack:
            opening = stack.pop()
            inner = doc[opening + 1 : tok.i]
            if any(_is_verb(t) for t in inner) and _alpha_count(inner) >= 3 and not any("\n" in t.text for t in inner):
                pairs[opening] = tok.i
    return pairs


def _clause_ahead(doc, i: int, stop_at_comma: bool = False) -> list:
    """Tokens from i to the next strong boundary (end of sentence, line, ; : ( ), or comma)."""
    out = []
    for j in range(i, len(doc)):
        tok = doc[j]
        if j > i and (
            tok.is_sent_start
            or tok.text in {";", ":", "(", ")", ".", "!", "?"}
            or "\n" in tok.text
            or (stop_at_comma and tok.text == ",")
        ):
            break
        out.append(tok)
    return out


def _next_word(doc, i: int):
    for j in range(i, len(doc)):
        if not doc[j].is_space:
            return doc[j]
    return None


def _true_sentence_starts(doc) -> set[int]:
    """spaCy's parser sometimes starts a sentence in mid-clause; keep only starts that
    follow a closing mark (. ! ? …, possibly inside quotes or brackets) or a line break."""
    starts = set()
    for tok in doc:
        if tok.i == 0 or tok.is_space or tok.is_punct and tok.text not in OPEN_QUOTES:
            continue
        if not tok.is_sent_start and not (tok.text[:1].isupper() or tok.text[:1].isdigit() or tok.text in OPEN_QUOTES):
            continue
        j = tok.i - 1
        while j >= 0 and doc[j].text in {'"', "”", "»", ")", "’"}:
            j -= 1
        prev = doc[j] if j >= 0 else None
        closing = prev is not None and (prev.text in CLOSING or prev.text[-1:] in {".", "!", "?", "…"})
        if prev is None or "\n" in prev.text or (closing and (tok.is_sent_start or prev.whitespace_ or j < tok.i - 1)):
            starts.add(tok.i)
    return starts


def _series_splits(doc, sentence_starts: set[int]) -> set[int]:
    """Token indexes where an item of a comma-separated series of clauses or infinitive phrases
    starts: "virer leur community manager, écouter avant de parler, …". A series needs at
    least three items that each have a verb and three words."""
    splits: set[int] = set()
    chunk: list = []

    def flush() -> None:
        parts: list[list] = [[]]
        for t in chunk:
            if t.text == ",":
                parts.append([])
            else:
                parts[-1].append(t)
        parts = [p for p in parts if p]
        chunk.clear()

        def item(p) -> bool:
            return any(_is_verb(t) for t in p) and _alpha_count(p) >= 3 and p[0].lower_ not in RELATIVE_START

        if sum(1 for p in parts if item(p)) < 3:
            return
        for before, part in zip(parts, parts[1:]):
            if item(part):
                splits.add(part[0].i)
            for k, t in enumerate(part[1:], 1):  # "… et vibrer en se rappelant …"
                rest = part[k + 1 :]
                if (
                    t.lower_ in {"et", "ou"}
                    and rest
                    and _is_verb(rest[0])
                    and _alpha_count(rest) >= 3
                    and any(_is_verb(x) for x in part[:k])
                ):
                    splits.add(rest[0].i)

    for tok in doc:
        if tok.i in sentence_starts or tok.text in {";", ":", "(", ")"} or "\n" in tok.text:
            flush()
            if tok.text in {";", ":", "(", ")"} or tok.is_space:
                continue
        chunk.append(tok)
    flush()
    return splits


def segment_units(doc, ref: SegmentRef, text: str | None = None, tokens: list | None = None) -> list[Unit]:
    """Cut one parsed segment (a spaCy Doc of the segment text) into units.

    `text` (the segment text the Doc was parsed from) and `tokens` (`list(doc)`) may be
    given when the caller already has them: `Doc.text` rebuilds the string from every token
    and spaCy builds a new Token object on every access, so both are made once per segment."""
    text = doc.text if text is None else text
    doc = list(doc) if tokens is None else tokens
    lowered = text.lower()
    if len(lowered) != len(text):  # rare letters whose lower case is longer: keep offsets aligned
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    folded = lowered.replace("’", "'")
    addresses = [(m.start(), m.end(), m.group(1).strip()) for m in ADDRESS.finditer(text)]
    paren_pairs = _paren_splits(doc)
    paren_close = {close: opening for opening, close in paren_pairs.items()}
    sentence_starts = _true_sentence_starts(doc)
    series = _series_splits(doc, sentence_starts)

    pieces: list[dict] = []
    current: dict | None = None
    state = {"addressee": None, "paren": False, "list_head": None, "list_mode": None, "line_start": True, "sentence": 0}

    def close() -> None:
        nonlocal current
        if current is not None and current["tokens"]:
            pieces.append(current)
        current = None

    def open_(kind: str, item_of: int | None = None) -> None:
        nonlocal current
        close()
        current = {
            "tokens": [],
            "verb": False,
            "opened_by": kind,
            "paren": state["paren"],
            "item_of": item_of,
            "addressee": state["addressee"],
            "sentence": state["sentence"],
        }

    def last_head() -> int | None:
        return len(pieces) - 1 if pieces else None

    open_("start")
    for tok in doc:
        i = tok.i
        if i in sentence_starts:
            state["sentence"] += 1
            if state["list_mode"] == "inline":
                state["list_mode"] = state["list_head"] = None
            open_("sentence")
        if tok.is_space or not tok.text.strip():
            if "\n" in tok.text:
                state["line_start"] = True
                open_("line")
            continue
        address = next((a for a in addresses if a[0] <= tok.idx < a[1]), None) if addresses else None
        if address is not None:
            state["addressee"] = address[2]
            state["list_mode"] = state["list_head"] = None
            open_("address")
            continue
        at_line_start = state["line_start"]
        state["line_start"] = False
        if at_line_start:
            if tok.text in BULLETS:
                item_of = state["list_head"] if state["list_mode"] == "bullets" else None
                open_("item", item_of)
                continue
            if state["list_mode"] == "bullets":
                state["list_mode"] = state["list_head"] = None
        if tok.text == ";":
            open_("semicolon")
            continue
        if tok.text == ":":
            close()
            head = last_head()
            after = _next_word(doc, i + 1)
            newline_follows = any("\n" in doc[j].text for j in range(i + 1, min(len(doc), i + 3)) if doc[j].is_space)
            state["list_head"] = head
            state["list_mode"] = "bullets" if newline_follows or after is None else "inline"
            open_("colon", head if state["list_mode"] == "inline" else None)
            continue
        if tok.text in DASHES or (tok.text == "-" and tok.whitespace_ and i > 0 and doc[i - 1].whitespace_):
            open_("dash")
            continue
        if i in paren_pairs:
            state["paren"] = True
            open_("paren")
            continue
        if i in paren_close:
            state["paren"] = False
            open_("after-paren", current["item_of"] if current else None)
            continue

        have = current["tokens"] if current else []
        has_verb = current["verb"] if current else False
        item_of = state["list_head"] if state["list_mode"] == "inline" else None

        # connectives that open a new clause
        match = CONNECTIVE_RE.match(folded, tok.idx) if have else None
        if match:
            word = " ".join(match.group(0).split())
            after_comma = bool(have) and have[-1].text in {",", "…", "..."}
            if (word in SPLITTING or (word in SPLITTING_AFTER_COMMA and after_comma)) and has_verb:
                ahead = _clause_ahead(doc, i)
                if any(_is_finite(t) for t in ahead[1:]) and _alpha_count(ahead) >= 3:
                    open_("connective", item_of)
                    current["tokens"].append(tok)
                    current["verb"] = _is_verb(tok)
                    continue
        if i in series and has_verb:
            if have and have[-1].text == ",":
                have.pop()
            open_("enum", item_of)
            current["tokens"].append(tok)
            current["verb"] = _is_verb(tok)
            continue
        if tok.text == "," and has_verb:
            nxt = _next_word(doc, i + 1)
            if nxt is not None and nxt.i not in series:
                # a new clause with its own subject and finite verb
                ahead = _clause_ahead(doc, nxt.i, stop_at_comma=True)
                if (
                    (nxt.lower_ in SUBJECT_PRONOUNS or nxt.pos_ in ("DET", "PROPN", "NOUN"))
                    and nxt.lower_ not in RELATIVE_START
                    and any(_is_finite(t) and t.dep_ in ("ROOT", "conj", "parataxis", "ccomp") for t in ahead)
                    and any(t.dep_.startswith("nsubj") for t in ahead)
                    and _alpha_count(ahead) >= 4
                    and _alpha_count(have) >= 4
                    and any(_is_finite(t) for t in have)
                ):
                    open_("clause", item_of)
                    continue
        if current is None:
            open_("sentence", item_of)
        current["tokens"].append(tok)
        current["verb"] = current["verb"] or _is_verb(tok)
    close()

    units: list[Unit] = []
    piece_to_unit: dict[int, int] = {}
    for n, piece in enumerate(pieces):
        span = _trim(piece["tokens"])
        if not span:
            continue
        first, last = span[0], span[-1]
        start, end = first.idx, last.idx + len(last.text)
        item_of = piece["item_of"]
        piece_to_unit[n] = len(units)
        units.append(
            Unit(
                document=ref.document,
                segment=ref.segment,
                index=len(units),
                start=ref.offset + start,
                end=ref.offset + end,
                text=text[start:end],
                sentence=piece["sentence"],
                tok_start=first.i,
                tok_end=last.i + 1,
                opened_by=piece["opened_by"],
                paren=piece["paren"],
                item_of=item_of,
                addressee=piece["addressee"],
                speaker=ref.speaker,
            )
        )
    # list heads were recorded as piece numbers: translate to unit indexes
    fixed = []
    for unit in units:
        if unit.item_of is not None:
            head = piece_to_unit.get(unit.item_of)
            unit = _replace(unit, item_of=head if head is not None and head != unit.index else None)
        fixed.append(unit)
    return fixed


def _replace(unit: Unit, **changes) -> Unit:
    from dataclasses import replace

    return replace(unit, **changes)


def _trim(tokens: list) -> list:
    """Drop leading and trailing punctuation, keeping a closing . ! ? and balanced quotes/brackets."""
    toks = [t for t in tokens if not t.is_space]
    while toks and (toks[0].is_punct or toks[0].text in BULLETS) and not _balanced_opener(toks):
        toks = toks[1:]
    while toks and (
        (toks[-1].is_punct and toks[-1].text not in CLOSING and not _balanced_closer(toks))
        or toks[-1].lower_ in {"et", "ou", "mais", "donc", "car"}
    ):
        toks = toks[:-1]
    # a lone closing mark after nothing is not worth keeping
    if toks and all(t.is_punct for t in toks):
        return []
    return toks


def _balanced_opener(toks: list) -> bool:
    opener = toks[0].text
    if opener == "(":
        return any(t.text == ")" for t in toks[1:])
    closer = OPEN_QUOTES.get(opener)
    return closer is not None and any(t.text == closer for t in toks[1:])


def _balanced_closer(toks: list) -> bool:
    closer = toks[-1].text
    if closer == ")":
        return any(t.text == "(" for t in toks[:-1])
    for opener, close in OPEN_QUOTES.items():
        if close == closer and any(t.text == opener for t in toks[:-1]):
            return opener != close or sum(t.text == closer for t in toks) % 2 == 0
    return False
