"""Could meaning find twins that span overlap misses? The measurement behind keeping
`same_passage` as the only twin rule.

An extracted argument is folded into a curated one (a `same_as` edge, `graph.same_as_pairs`)
when their spans overlap by half the shorter. `closest_restatements` looks for what sentence
vectors would add: the extracted arguments that overlap no curated span, and their closest
curated argument in the same document and in another document. `argmap extract --train`
prints them; on the seeds the closest are a rejection quoting the argument and two opposite
claims (docs/extraction.md), so similarity does not decide twins.
"""

from __future__ import annotations

import numpy as np

from app.records import Records
from app.text import same_passage


def closest_restatements(curated: Records, extracted: Records, encoder, top: int = 3) -> dict[str, list[dict]]:
    """{"same document": […], "other documents": […]}: the `top` closest (extracted, curated)
    pairs of each kind among extracted arguments that overlap no curated span."""
    curated_args = sorted(curated.arguments, key=lambda a: a.id)
    covered = {
        x.id
        for x in extracted.arguments
        for c in curated_args
        if x.document == c.document and same_passage(x.start, x.end, c.start, c.end)
    }
    loose = sorted((x for x in extracted.arguments if x.id not in covered), key=lambda a: a.id)
    if not loose or not curated_args:
        return {"same document": [], "other documents": []}
    sims = (
        encoder.encode([x.quote for x in loose]).astype(np.float64)
        @ encoder.encode([c.quote for c in curated_args]).astype(np.float64).T
    )
    out: dict[str, list[dict]] = {"same document": [], "other documents": []}
    order = sorted(
        (
            (round(float(sims[i, j]), 6), x.id, c.id, i, j)
            for i, x in enumerate(loose)
            for j, c in enumerate(curated_args)
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for sim, _, _, i, j in order:
        x, c = loose[i], curated_args[j]
        where = "same document" if x.document == c.document else "other documents"
        if len(out[where]) < top:
            out[where].append(
                {
                    "similarity": round(sim, 3),
                    "extracted": x.id,
                    "curated": c.id,
                    "extracted_quote": x.quote,
                    "curated_quote": c.quote,
                }
            )
        if all(len(v) == top for v in out.values()):
            break
    return out
