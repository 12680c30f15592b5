"""YAML edited as a person wrote it: comments, key order, quoting and flow style survive.

`load_roundtrip(text)` gives ruamel.yaml's round-trip data (dict- and list-like
objects that remember their comments); `dump_roundtrip(data)` writes it back. Reading
for validation stays with `app.yamlio` (plain data with line numbers); this module is
for the write path, which changes a file in place and leaves the rest of it untouched.
"""

from __future__ import annotations

import io

from ruamel.yaml import YAML


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long label or quote a person wrote on one line
    yaml.indent(mapping=2, sequence=4, offset=2)
    # unknown facts are written `null`, as people write them, not as an empty value
    yaml.representer.add_representer(type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


def load_roundtrip(text: str):
    """Round-trip data of a YAML text (CommentedMap / CommentedSeq)."""
    return _yaml().load(text)


def dump_roundtrip(data) -> str:
    """The YAML text of round-trip data, comments and order as loaded."""
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()
