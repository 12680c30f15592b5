"""Readers of other tools' maps: AIF JSON and Argdown → records.

`aif.parse(text)` and `argdown.parse(text)` are pure: text → (arguments,
relations) records of `app.records`, origin "curated", or a `DataError`. Storing
an imported map is `app.imported`'s job.
"""

from __future__ import annotations

from app.interchange import aif, argdown

PARSERS = {"aif": aif.parse, "argdown": argdown.parse}
FORMAT_NAMES = {"aif": "AIF JSON", "argdown": "Argdown"}
