"""seeds/extracted.json ↔ records.

`load_extracted(path, corpus)` returns the extracted arguments and relations as
a `CuratedMap` of records with origin "extracted", or None when the file does
not exist.
"""

from __future__ import annotations

from pathlib import Path

from app.corpus import Corpus
from app.curation import CuratedMap


def load_extracted(path: Path, corpus: Corpus) -> CuratedMap | None:
    if not path.exists():
        return None
    raise NotImplementedError("reading extracted.json")
