"""An uploaded file → what adding it as a document means (pure: no files, no store).

`ingest(data, filename, given)` reads the bytes of a plain text, Markdown or saved HTML
page and returns an `Ingested`: the original bytes, kept untouched as the document of
record; the text the corpus loader reads (character offsets index it); the body and
comment ranges in that text; and the metadata, each inferred value with a note saying
how. What cannot be a document (empty, binary, undecodable) raises `Refused` with a
reason a person can act on.

The text the loader reads is the original itself when the original is UTF-8 plain text
or Markdown (no byte order mark): the offsets then point straight into the original.
Otherwise (another encoding, a byte order mark, HTML) the original is kept beside a
derived UTF-8 text, whose body and comment ranges are exact by construction: the text
is built piece by piece and each range recorded as it is appended.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from app.i18n import N_, Said
from app.text import unsafe_character

HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
MARKDOWN_EXTENSIONS = {".md", ".markdown", ".mdown"}
CHAOS_TIE = 0.01  # charset-normalizer chaos scores this close are equally clean readings
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html[\s>]|<head[\s>])", re.IGNORECASE)
MARKDOWN_TITLE = re.compile(r"\A\s*#\s+(?P<title>[^\n]+?)\s*#*\s*\n")


class Refused(Said, ValueError):
    """The file cannot be a document; `str()` says why, for the person who sent it (and
    `said()` in the language of the page that sent it)."""


@dataclass(frozen=True)
class Given:
    """What the person adding the document says about it; each given value wins."""

    title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    language: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Comment:
    number: int
    author: str | None
    posted: str | None  # as the page gives it, ISO when it has a machine-readable time
    start: int
    end: int
    replies_to: tuple[int, ...] = ()


@dataclass(frozen=True)
class Ingested:
    original: bytes = field(repr=False)
    kind: str  # "text", "markdown" or "html"
    extension: str  # of the original: ".txt", ".md", ".html"
    text: str = field(repr=False)  # what the loader reads: offsets index it
    text_is_original: bool
    encoding: str
    title: str | None
    title_note: str | None
    author: str | None
    authors_note: str | None
    date: dt.date | None
    year_note: str | None
    language: str
    language_note: str
    source: str | None
    source_note: str | None
    original_note: str
    body: tuple[int, int]
    comments: tuple[Comment, ...] = ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.original).hexdigest()


def ingest(data: bytes, filename: str, given: Given = Given()) -> Ingested:
    """What adding `data` (the file `filename`) means; `Refused` when it cannot be a document."""
    if not data.strip():
        raise Refused(N_("the file is empty"))
    if b"\x00" in data:
        raise Refused(N_("the file is binary (it holds NUL bytes), not text"))
    text, encoding = decode(data)
    if len(CONTROL.findall(text)) > max(2, len(text) // 1000):
        raise Refused(N_("the file is binary (it holds control characters), not text"))
    kind = _kind(data, filename)
    if kind == "html":
        return _html(data, text, encoding, given)
    return _plain(data, text, encoding, kind, given)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 first (its byte order mark dropped), else what
    charset-normalizer finds most likely; `Refused` when no encoding reads the bytes."""
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise Refused(N_("the file is not text in any encoding that could be recognised"))
    # Several 8-bit encodings read the same bytes without a fault (cp1250 and cp1252 differ
    # only in a few accented letters): among the least chaotic readings, the one that looks
    # most like a language wins, which charset-normalizer's own choice gets wrong on short
    # French texts ("collčgues").
    least = min(m.chaos for m in matches)
    readings = [(str(m), m.encoding) for m in matches if m.chaos <= least + CHAOS_TIE]
    return max(readings, key=lambda r: _identifier().classify(r[0])[1])


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _kind(data: bytes, filename: str) -> str:
    suffix = PurePath(filename or "").suffix.lower()
    if suffix in HTML_EXTENSIONS or HTML_START.match(data[:2048].lstrip(b"\xef\xbb\xbf")):
        return "html"
    if suffix in MARKDOWN_EXTENSIONS:
        return "markdown"
    return "text"


def detect_language(text: str, given: str | None) -> tuple[str, str]:
    """(ISO 639-1 code, how it was found): the given one wins, else py3langid's guess."""
    if given:
        return given.strip().lower(), "Given when the document was added."
    code, confidence = _identifier().classify(text)
    return code, f"Detected from the text (py3langid, {confidence:.0%} sure)."


def _plain(data: bytes, text: str, encoding: str, kind: str, given: Given) -> Ingested:
    """Plain text or Markdown: the whole text is the body, after a Markdown title line."""
    as_is = encoding == "utf-8"
    stored = text if as_is else _normalised_newlines(text)
    _check_safe(stored)
    body_from = 0
    title, title_note = given.title, "Given when the document was added." if given.title else None
    heading = MARKDOWN_TITLE.match(stored) if kind == "markdown" else None
    if heading:
        body_from = heading.end()
        if title is None:
            title, title_note = heading["title"].strip(), "From the first heading of the Markdown text."
    start, end = _stripped(stored, body_from, len(stored))
    if start >= end:
        raise Refused(N_("the file holds no text"))
    if title is None:
        title_note = "Untitled in the text."
    language, language_note = detect_language(stored[start:end], given.language)
    extension = ".md" if kind == "markdown" else ".txt"
    return Ingested(
        original=data,
        kind=kind,
        extension=extension,
        text=stored,
        text_is_original=as_is,
        encoding=encoding,
        title=title,
        title_note=title_note,
        author=given.author,
        authors_note=None if given.author else "The text does not say who wrote it.",
        date=given.date,
        year_note=N_("Given when the document was added.") if given.date else N_("The text gives no date."),
        language=language,
        language_note=language_note,
        source=given.url,
        source_note="Given when the document was added." if given.url else None,
        original_note=_original_note(encoding, as_is),
        body=(start, end),
    )


def _html(data: bytes, text: str, encoding: str, given: Given) -> Ingested:
    """A saved web page: main text and metadata by trafilatura, the date by htmldate,
    the comment thread from the page's comment markup; the text the loader reads is
    built from them, with the body and each comment's range recorded exactly."""
    import trafilatura

    found = trafilatura.bare_extraction(text, include_comments=False, with_metadata=True)
    main = _normalised_newlines(found.text or "") if found is not None else ""
    main = "\n\n".join(p.strip() for p in main.split("\n") if p.strip())
    if not main:
        raise Refused(N_("no main text was found in the page (is it a saved article?)"))
    meta_title = found.title if found else None
    meta_author = found.author if found else None
    url = found.url if found else None
    sitename = found.sitename if found else None

    title = given.title or meta_title
    title_note = (
        "Given when the document was added."
        if given.title
        else "From the page's title (trafilatura)."
        if meta_title
        else "The page has no title."
    )
    author = given.author or _first_author(meta_author)
    authors_note = (
        None
        if given.author
        else "From the page's byline (trafilatura)."
        if author
        else "The page does not say who wrote it."
    )
    date, year_note = given.date, N_("Given when the document was added.") if given.date else None
    if date is None:
        date, year_note = _page_date(text)

    parts = _Builder()
    if title:
        parts.add(title)
        parts.gap()
    body = parts.add(main)
    comments = []
    for n, c in enumerate(_comments(text), 1):
        parts.gap()
        parts.add(" · ".join(x for x in (c.author or "Unnamed commenter", c.posted) if x))
        parts.line()
        start, end = parts.add(c.text)
        replies = (c.parent,) if c.parent else ()
        comments.append(Comment(n, c.author, c.posted, start, end, replies))
    stored = parts.text + "\n"
    _check_safe(stored)
    language, language_note = detect_language(main, given.language)
    source = given.url or url
    source_note = (
        "Given when the document was added."
        if given.url
        else f"From the page's canonical address (trafilatura){'; site: ' + sitename if sitename else ''}."
        if url
        else None
    )
    return Ingested(
        original=data,
        kind="html",
        extension=".html",
        text=stored,
        text_is_original=False,
        encoding=encoding,
        title=title,
        title_note=title_note,
        author=author,
        authors_note=authors_note,
        date=date,
        year_note=year_note,
        language=language,
        language_note=language_note,
        source=source,
        source_note=source_note,
        original_note=(
            f"The saved page, byte for byte ({encoding}). The text read here is its main text "
            "(trafilatura) and its comments, each under its author and time, as the page gives them."
        ),
        body=body,
        comments=tuple(comments),
    )


@dataclass(frozen=True)
class _FoundComment:
    author: str | None
    posted: str | None
    text: str
    parent: int | None  # number of the comment this one is nested under


COMMENT_CLASS = re.compile(r"(^|\s)comment(\s|$)")
CONTENT_CLASS = re.compile(r"(^|\s)(comment-content|comment-text|comment-body-text|comment_text)(\s|$)")
AUTHOR_CLASS = re.compile(r"(^|\s)(fn|comment-author|author)(\s|$)")
SAYS = re.compile(r"\s*(dit|says|a dit|wrote|a écrit)\s*:?\s*$", re.IGNORECASE)


def _comments(html: str) -> list[_FoundComment]:
    """The comment thread of a blog page, in page order: each element of class `comment`
    (WordPress, Blogger and most themes), with its author (`fn`/`comment-author`), its
    time (`<time datetime>`, else the time's text) and its text (`comment-content`);
    a comment nested inside another replies to it."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    elements = {e for e in root.iter() if isinstance(e.tag, str) and COMMENT_CLASS.search(e.get("class") or "")}
    found = []
    for element in (e for e in root.iter() if e in elements):
        own = [d for d in element.iter() if isinstance(d.tag, str) and _owner(d, elements) is element]
        content = next((d for d in own if CONTENT_CLASS.search(d.get("class") or "")), None)
        text = _paragraphs(content) if content is not None else ""
        if text:
            found.append((element, own, content, text))
    numbers = {element: n for n, (element, *_) in enumerate(found, 1)}
    out = []
    for element, own, content, text in found:
        author_el = next((d for d in own if AUTHOR_CLASS.search(d.get("class") or "") and d is not content), None)
        author = SAYS.sub("", " ".join(author_el.text_content().split())) if author_el is not None else None
        time_el = next((d for d in own if d.tag == "time"), None)
        posted = None
        if time_el is not None:
            posted = _iso_time(time_el.get("datetime")) or " ".join(time_el.text_content().split()) or None
        parent = next((numbers[a] for a in element.iterancestors() if a in numbers), None)
        out.append(_FoundComment(author or None, posted, text, parent))
    return out


def _owner(element, comments: set):
    """The innermost comment element holding `element` (itself included)."""
    if element in comments:
        return element
    return next((a for a in element.iterancestors() if a in comments), None)


def _paragraphs(element) -> str:
    """The element's text, one paragraph per line, spaces folded."""
    blocks = element.xpath(".//p|.//li|.//blockquote[not(p)]")
    texts = (
        [" ".join(b.text_content().split()) for b in blocks] if blocks else [" ".join(element.text_content().split())]
    )
    return "\n".join(t for t in texts if t)


def _iso_time(value: str | None) -> str | None:
    """'2012-03-14T11:40:00+01:00' → '2012-03-14 11:40' (the page's local time)."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.strftime("%Y-%m-%d %H:%M") if (moment.hour, moment.minute) != (0, 0) else moment.date().isoformat()


def _page_date(html: str) -> tuple[dt.date | None, str]:
    """The page's publication date by htmldate, with how it was found."""
    from htmldate import find_date

    try:
        found = find_date(html, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        found = None
    if not found:
        return None, N_("The page gives no date.")
    return dt.date.fromisoformat(found), N_("From the page's publication date (htmldate).")


def _first_author(value: str | None) -> str | None:
    """trafilatura joins several bylines with '; ': the first is the document's author."""
    if not value:
        return None
    return value.split(";")[0].strip() or None


class _Builder:
    """A text built piece by piece, returning each piece's (start, end) as it is added."""

    def __init__(self):
        self._parts: list[str] = []
        self._length = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self._length
        self._parts.append(piece)
        self._length += len(piece)
        return start, self._length

    def line(self) -> None:
        self.add("\n")

    def gap(self) -> None:
        self.add("\n\n")

    @property
    def text(self) -> str:
        return "".join(self._parts)


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _normalised_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_safe(text: str) -> None:
    found = unsafe_character(text)
    if found is not None:
        line = text.count("\n", 0, found[0]) + 1
        code = f"U+{ord(text[found[0]]):04X}"
        raise Refused(
            N_("line %(line)s of the text holds a character no text may hold (%(code)s)"), line=line, code=code
        )


def _original_note(encoding: str, as_is: bool) -> str:
    if as_is:
        return "The original file, byte for byte (UTF-8)."
    return (
        f"The original file, byte for byte ({encoding}, detected by charset-normalizer"
        f"{'' if encoding != 'utf-8-sig' else ': UTF-8 with a byte order mark'}); "
        "the text read here is the same text in UTF-8."
    )
