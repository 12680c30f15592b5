"""YAML edited as a person wrote it: comments, key order, quoting and flow style survive.

`load_roundtrip(text)` gives ruamel.yaml's round-trip data (dict- and list-like
objects that remember their comments); `dump_roundtrip(data)` writes it back. Reading
for validation stays with `app.yamlio` (plain data with line numbers); this module is
for the write path, which changes a file in place and leaves the rest of it untouched.

Parsing round trip is slow (tens of milliseconds for one curated file), and an edit reads
the file the previous edit wrote: the data of the texts last read or written are kept
pickled, and unpickling a copy is some thirty times faster than parsing again.
"""

from __future__ import annotations

import io
import pickle
import threading
from collections import OrderedDict

from ruamel.yaml import YAML


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long label or quote a person wrote on one line
    yaml.indent(mapping=2, sequence=4, offset=2)
    # unknown facts are written `null`, as people write them, not as an empty value
    yaml.representer.add_representer(type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


_KEPT_BYTES = 32 * 1024 * 1024
_kept: OrderedDict[str, bytes] = OrderedDict()  # text -> its round-trip data, pickled
_kept_size = 0
_kept_lock = threading.Lock()


def load_roundtrip(text: str):
    """Round-trip data of a YAML text (CommentedMap / CommentedSeq), of its own: changing
    it changes no other caller's data."""
    with _kept_lock:
        pickled = _kept.get(text)
        if pickled is not None:
            _kept.move_to_end(text)
    if pickled is not None:
        return pickle.loads(pickled)
    data = _yaml().load(text)
    _keep(text, data)
    return data


def dump_roundtrip(data) -> str:
    """The YAML text of round-trip data, comments and order as loaded."""
    out = io.StringIO()
    _yaml().dump(data, out)
    text = out.getvalue()
    _keep(text, data)
    return text


def _keep(text: str, data) -> None:
    """Remember `data` as the round-trip data of `text`, within the byte budget."""
    global _kept_size
    pickled = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    with _kept_lock:
        previous = _kept.pop(text, None)
        if previous is not None:
            _kept_size -= len(text) + len(previous)
        _kept[text] = pickled
        _kept_size += len(text) + len(pickled)
        while _kept_size > _KEPT_BYTES and len(_kept) > 1:
            old_text, old = _kept.popitem(last=False)
            _kept_size -= len(old_text) + len(old)


def forget_kept() -> None:
    """Drop every kept parse (tests compare against parsing afresh)."""
    global _kept_size
    with _kept_lock:
        _kept.clear()
        _kept_size = 0
