"""Problems found in data files, reported all at once with file, line and hint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one file."""

    file: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}" + (f"\n    hint: {self.hint}" if self.hint else "")


class DataError(Exception):
    """Raised with every problem found, so that nothing is half-loaded."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found:"
        return "\n".join([head, *(str(p) for p in self.problems)])


def display_path(path: Path, root: Path | None = None) -> str:
    """A short path for messages: relative to `root` (or the cwd) when possible."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            # the folder resolved, not the file: a link is named as the link a person sees
            return str(path.parent.resolve().relative_to(base.resolve()) / path.name)
        except ValueError:
            continue
    return str(path)
