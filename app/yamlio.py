"""YAML reading that remembers the line of every mapping and key.

`load_yaml(path)` returns plain Python data in which every mapping is a
`LineDict`: a dict that also knows the line it starts on and the line of each
key, so that validation errors can point at the exact place in the file.

Building those Python objects is much of a large corpus's load: a load after an edit
reads only the files that changed, the others' validated records being kept
(`app.filecache`).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from app.problems import Problem
from app.text import unsafe_problem


class LineDict(dict):
    """A dict from YAML that knows where it came from (1-based lines)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser (C) when PyYAML was built with it: the same results, ~10x faster.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings: the schema decides what a valid date is, with a clear message.
_LineLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path, shown_as: str, raw: bytes | None = None) -> tuple[object, list[Problem]]:
    """Parse one YAML file (its bytes `raw` when already read). Returns (data, problems);
    data is None when unreadable."""
    try:
        raw = path.read_bytes() if raw is None else raw
    except OSError as exc:
        return None, [Problem(shown_as, None, f"cannot read file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                shown_as,
                line,
                f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                "save the file as UTF-8",
            )
        ]
    found = unsafe_problem(text)
    if found is not None:
        return None, [Problem(shown_as, found[0], found[1], "remove it: no text may hold it")]
    return _parse(text, shown_as)


def _parse(text: str, shown_as: str) -> tuple[object, list[Problem]]:
    """The data of a YAML text, and the problems that stop it being read."""
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        # The context (the mapping or string being read) starts where the mistake is; the
        # parser often notices it only lines later, at the problem mark.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else None
        message = f"malformed YAML: {exc.problem or exc.context}"
        if exc.context_mark and exc.problem_mark and exc.problem_mark.line != exc.context_mark.line:
            message += f" ({exc.context} that starts here; noticed at line {exc.problem_mark.line + 1})"
        return None, [
            Problem(
                shown_as,
                line,
                message,
                "check indentation, colons and quotes; strings containing ': ' or '#' need quotes",
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(shown_as, None, f"malformed YAML: {exc}")]
    problems = list(_unsafe_strings(data, shown_as, 1))
    return (None if problems else data), problems


def _unsafe_strings(value: object, shown_as: str, line: int):
    """A problem for each string (written with an escape such as "\\0" or "\\ud800") that
    holds a character no text may hold, at the line of its key."""
    if isinstance(value, str):
        found = unsafe_problem(value)
        if found is not None:
            yield Problem(shown_as, line, f"a string {found[1]}", "remove it: no text may hold it")
    elif isinstance(value, dict):
        for key, item in value.items():
            at = value.line_of(key) if isinstance(value, LineDict) else line
            yield from _unsafe_strings(key, shown_as, at)
            yield from _unsafe_strings(item, shown_as, at)
    elif isinstance(value, list):
        for item in value:
            yield from _unsafe_strings(item, shown_as, getattr(item, "line", line))


def parse_mapping(model, data: object, shown_as: str, line: int | None = None):
    """Validate one YAML mapping against a pydantic model.

    Returns (instance or None, problems); each problem names the line of the
    offending key, so "year: twenty" points at the `year:` line.
    """
    from pydantic import ValidationError

    if not isinstance(data, dict):
        return None, [Problem(shown_as, line, f"expected a mapping, got {type(data).__name__}")]
    try:
        return model.model_validate(dict(data)), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = err["loc"]
            key = loc[0] if loc else None
            at = data.line_of(key) if isinstance(data, LineDict) and key is not None else line
            field = ".".join(str(p) for p in loc) or "entry"
            if err["type"] == "missing":
                message, at = f"missing field '{field}'", getattr(data, "line", line)
            elif err["type"] == "extra_forbidden":
                message = f"unknown field '{field}'"
            else:
                message = f"field '{field}': {err['msg']}"
            problems.append(Problem(shown_as, at, message))
        return None, problems
