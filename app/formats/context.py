"""What a writer may carry besides the graph, where its format has a place for it: the
map's title (Argdown), people's names and which parts of a document answer which (AIF's
participants and transitions)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.records import Corpus


@dataclass(frozen=True)
class Context:
    title: str | None = None
    people: dict[str, str] = field(default_factory=dict)  # person id -> name
    replies: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)  # (document, segment) -> answered

    def name(self, person_id: str) -> str:
        return self.people.get(person_id, person_id)


def context_of(corpus: Corpus, title: str | None = None) -> Context:
    """The context of a graph built from `corpus`: its title (`title`, else the corpus's
    topic), names of its people, and for each comment the segments it replies to."""
    replies = {
        (doc.id, s.id): tuple(f"comment-{n}" for n in s.replies_to)
        for doc in corpus.documents.values()
        for s in doc.segments
        if s.replies_to
    }
    return Context(title or corpus.topic, {p.id: p.name for p in corpus.people.values()}, replies)
