"""seeds/suggestions.json ↔ suggestions (`records.Suggestion`), by curated argument.

The file is written by `argmap extract` (`app.extract.suggest`), deterministic: sorted
keys, confidences rounded to 3 decimals, one trailing newline. Reading it checks its shape
(a malformed file raises `DataError`) and leaves out suggestions that name an argument the
map no longer has, since the curated map may change after the file was written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.problems import DataError, Problem, display_path
from app.records import Suggestion

FORMAT = "argmap-suggestions/1"
HINT = "re-run `argmap extract` to regenerate the file"


class _SuggestionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    source: str = Field(alias="from", min_length=1)
    kind: Literal["support", "attack"]
    target: str = Field(alias="to", min_length=1)
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[str]


class _FileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["argmap-suggestions/1"]
    model: str | None = None
    measured: dict | None = None
    suggestions: dict[str, list[_SuggestionIn]]


def dump_suggestions(suggestions: dict[str, list[Suggestion]], model: str, measured: dict | None = None) -> str:
    """The file's text (deterministic); `measured`: how the suggestions score held out."""
    data = {
        "format": FORMAT,
        "model": model,
        "measured": measured,
        "suggestions": {
            arg_id: [
                {
                    "from": s.source,
                    "kind": s.kind,
                    "to": s.target,
                    "confidence": round(float(s.confidence), 3),
                    "evidence": list(s.evidence),
                }
                for s in chosen
            ]
            for arg_id, chosen in sorted(suggestions.items())
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def load_suggestions(
    path: Path, known: Iterable[str], rejected: frozenset[tuple[str, str, str]] = frozenset()
) -> dict[str, tuple[Suggestion, ...]]:
    """argument id → its suggestions (both ends known, none of the `rejected` (source,
    kind, target) a curator turned down), or {} when there is no file."""
    if not path.exists():
        return {}
    shown = display_path(path, path.parent.parent)
    try:
        top = _FileIn.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError([Problem(shown, None, f"not a JSON text ({exc})", HINT)]) from None
    except ValidationError as exc:
        raise DataError(
            [Problem(shown, None, f"{'.'.join(map(str, e['loc']))}: {e['msg']}", HINT) for e in exc.errors()]
        ) from None
    known = set(known)
    return {
        arg_id: tuple(
            Suggestion(s.source, s.kind, s.target, s.confidence, tuple(s.evidence))
            for s in chosen
            if s.source in known and s.target in known and (s.source, s.kind, s.target) not in rejected
        )
        for arg_id, chosen in sorted(top.suggestions.items())
        if arg_id in known
    }


def read_measured(path: Path) -> dict | None:
    """The held-out figures stored with the suggestions, or None."""
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("measured")
    except (OSError, ValueError):
        return None
