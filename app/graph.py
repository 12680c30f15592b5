"""Records → one NetworkX MultiDiGraph, with indexes for filters and neighbourhoods.

`build_graph(corpus, curated, extracted)` returns an immutable `ArgumentGraph`:
a node per argument (attributes: the export contract of docs/architecture.md), an edge
per relation, and indexes by author, year, document, tag and origin built
once, so that `select` and `neighbourhood` never scan the whole graph.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import itertools
import operator
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import networkx as nx

from app.moments import Moment, moment
from app.records import Argument, Corpus, Debate, Records, Relation, Retired, Suggestion
from app.text import printable_everywhere, same_passage

ORIGINS = ("curated", "extracted")
ORIGIN_CHOICES = (*ORIGINS, "all")
EDGE_KINDS = ("support", "attack", "undercut", "same_as")


@dataclass(frozen=True)
class ArgumentGraph:
    g: nx.MultiDiGraph
    corpus: Corpus
    debates: tuple[Debate, ...]
    version: str
    by_author: dict[str | None, frozenset[str]] = field(repr=False)
    by_year: dict[int | None, frozenset[str]] = field(repr=False)
    by_document: dict[str, frozenset[str]] = field(repr=False)
    by_tag: dict[str, frozenset[str]] = field(repr=False)
    by_origin: dict[str, frozenset[str]] = field(repr=False)
    # retired id -> the argument now covering its span (None: nothing does)
    moved: dict[str, str | None] = field(default_factory=dict, repr=False)
    # deleted id -> (the nearest argument left in its document or None, its document)
    deleted: dict[str, tuple[str | None, str]] = field(default_factory=dict, repr=False)
    # deleted debate id -> its title
    retired_debates: dict[str, str] = field(default_factory=dict, repr=False)
    # curated argument or debate id -> the version of its entry (optimistic concurrency)
    versions: dict[str, str] = field(default_factory=dict, repr=False)
    # curated id -> its extracted twins (same passage), and extracted id -> the curated ones it repeats
    twins: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    # every argument once: the hand-made ones and the extracted ones that no curated argument covers
    once: frozenset[str] = field(default_factory=frozenset, repr=False)
    # curated id -> relations to or from it proposed to the curator (not part of the map)
    suggestions: dict[str, tuple[Suggestion, ...]] = field(default_factory=dict, repr=False)
    # argument id -> when it was made (see app.timeline)
    times: dict[str, Moment] = field(default_factory=dict, repr=False)
    # the moment this graph shows the debate at (`asof=`), None for the whole debate
    asof: str | None = None
    # (facet, only the arguments shown once) -> facet value -> ids in reading order: a page
    # of a filtered list is a slice of these, never a sort of a whole group (`select_page`);
    # ("earliest"|"latest", None) -> id -> that day's ordinal, for every dated argument
    ranked: dict[tuple[str, bool | None], dict] = field(default_factory=dict, repr=False)
    position: dict[str, int] = field(default_factory=dict, repr=False)  # id -> place in reading order

    def __contains__(self, arg_id: str) -> bool:
        return arg_id in self.g

    def node(self, arg_id: str) -> dict:
        return self.g.nodes[arg_id]

    @property
    def years(self) -> list[int]:
        return sorted(y for y in self.by_year if y is not None)


@dataclass(frozen=True)
class Filters:
    """What a list, the map or the API is restricted to. Empty means everything.

    Groups intersect; values within a group are alternatives (author=a&author=b
    is "by a or by b").
    """

    authors: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    # `from`/`to`: a year (all of it) or a date; keeps the arguments known to have been
    # made within the range, so a range leaves out every undated argument
    year_from: int | dt.date | None = None
    year_to: int | dt.date | None = None
    document: str | None = None
    # None: every argument once (an extracted twin of a curated argument folded into it);
    # "all": every record, twins included; "curated" or "extracted": only those
    origin: str | None = None
    kinds: tuple[str, ...] = ()  # relation kinds to keep; empty keeps all
    # the moment of the debate shown (`asof=`): the graph itself is cut there (see
    # app.timeline); kept here so that every link keeps it
    asof: str | None = None

    @property
    def is_empty(self) -> bool:
        return self == Filters()

    def query(self) -> list[tuple[str, str]]:
        """The filters as URL query items, in a stable order."""
        items = [("author", a) for a in self.authors] + [("year", str(y)) for y in self.years]
        if self.year_from is not None:
            items.append(("from", str(self.year_from)))
        if self.year_to is not None:
            items.append(("to", str(self.year_to)))
        if self.document:
            items.append(("document", self.document))
        if self.origin:
            items.append(("origin", self.origin))
        items += [("kind", k) for k in self.kinds]
        if self.asof:
            items.append(("asof", self.asof))
        return items

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """`from`..`to` as dates (a year from its first day to its last), None without them."""
        if self.year_from is None and self.year_to is None:
            return None
        return _bound(self.year_from, dt.date.min, first=True), _bound(self.year_to, dt.date.max, first=False)


def _bound(value: int | dt.date | None, default: dt.date, first: bool) -> dt.date:
    if value is None:
        return default
    if isinstance(value, int):
        return dt.date(value, 1, 1) if first else dt.date(value, 12, 31)
    return value


def argument_node(argument: Argument, corpus: Corpus, rank: int) -> dict:
    """The node attributes of one argument (the export contract plus display fields)."""
    document = corpus.documents[argument.document]
    attrs = {
        "id": argument.id,
        "label": argument.label,
        "label_fr": argument.label_fr,
        "quote": argument.quote,
        "document": _shared(argument.document),
        "source_file": _shared(document.file),
        "start": argument.start,
        "end": argument.end,
        "segment": _shared(argument.segment),
        "speaker": _shared(argument.speaker),
        "year": argument.year,
        "origin": argument.origin,
        "tags": [_shared(tag) for tag in argument.tags],
        "main": argument.main,
        "rank": rank,
    }
    if argument.origin == "extracted":
        attrs["confidence"] = argument.confidence
    if document.imported:
        attrs["imported"] = True
    return attrs


def _shared(value: str | None) -> str | None:
    """One string object for a value many arguments share (a speaker, a document, a tag):
    less memory, and a snapshot that stores it once and reads faster."""
    return sys.intern(value) if type(value) is str else value


def build_graph(
    corpus: Corpus,
    curated: Records,
    extracted: Records | None = None,
    version: str = "",
    suggestions: dict[str, tuple[Suggestion, ...]] | None = None,
) -> ArgumentGraph:
    """Put curated and extracted records in one MultiDiGraph and index it.

    Extracted arguments whose span overlaps a curated one in the same document are
    linked to it by a `same_as` edge (extracted → curated), and so are those the extraction
    found restating one by meaning (`extracted.twins`).
    The loaders refuse text no page can show; should any reach here, it is replaced
    (U+FFFD), so that no string in the data can break a page.
    """
    corpus, curated, extracted = printable_everywhere((corpus, curated, extracted))
    g = nx.MultiDiGraph()
    document_order = {doc_id: i for i, doc_id in enumerate(corpus.documents)}
    all_arguments = list(curated.arguments) + list(extracted.arguments if extracted else ())
    ordered = sorted(all_arguments, key=lambda a: (document_order[a.document], a.start, a.end, a.id))
    times, moments = {}, {}
    for rank, argument in enumerate(ordered):
        g.add_node(argument.id, **argument_node(argument, corpus, rank))
        made = moment(argument, corpus.documents[argument.document])
        times[argument.id] = moments.setdefault(made, made)  # one object per moment, as for strings
    for relation in list(curated.relations) + list(extracted.relations if extracted else ()):
        _add_relation(g, relation)
    if extracted:
        for source, target in same_as_pairs(curated.arguments, extracted.arguments):
            g.add_edge(source, target, key=f"{source}|same_as|{target}", kind="same_as", origin="extracted")
        curated_ids = {a.id for a in curated.arguments}
        for source, target, similarity in extracted.twins:
            if source in g and target in curated_ids and not g.has_edge(source, target):
                g.add_edge(
                    source,
                    target,
                    key=f"{source}|same_as|{target}",
                    kind="same_as",
                    origin="extracted",
                    evidence=f"restates it (similarity {similarity:.2f})",
                )
    for arg_id, label in acceptability(g).items():
        g.nodes[arg_id]["grounded"] = label
    graph = _indexed(g, corpus, curated.debates, version, times)
    retired = [*(extracted.retired if extracted else ()), *curated.retired]
    if retired:
        graph = dataclasses.replace(
            graph,
            moved=successors(graph, [r for r in retired if not r.deleted]),
            deleted={r.id: (nearest(graph, r), r.document) for r in retired if r.deleted},
        )
    if curated.retired_debates:
        graph = dataclasses.replace(graph, retired_debates={r.id: r.title for r in curated.retired_debates})
    versions = {a.id: a.version for a in curated.arguments if a.version}
    versions.update({f"debate:{d.id}": d.version for d in curated.debates if d.version})
    if versions:
        graph = dataclasses.replace(graph, versions=versions)
    if suggestions:
        graph = dataclasses.replace(graph, suggestions={k: v for k, v in suggestions.items() if k in g})
    return graph


def successors(graph: ArgumentGraph, retired: Iterable[Retired]) -> dict[str, str | None]:
    """For each retired id, the argument of its document whose span overlaps its span
    most (curated first, then the smaller id, on ties), or None when none overlaps."""
    out: dict[str, str | None] = {}
    nodes = graph.g.nodes
    for r in retired:
        best, best_key = None, (0, False)
        for arg_id in sorted(graph.by_document.get(r.document, ())):
            a = nodes[arg_id]
            key = (min(a["end"], r.end) - max(a["start"], r.start), a["origin"] == "curated")
            if key[0] > 0 and key > best_key:
                best, best_key = arg_id, key
        out[r.id] = best
    return out


def nearest(graph: ArgumentGraph, r: Retired) -> str | None:
    """The argument of `r`'s document closest to its span (overlapping most, else the
    shortest gap; curated first on ties), or None when the document has none left."""
    nodes = graph.g.nodes

    def distance(arg_id: str) -> tuple:
        a = nodes[arg_id]
        overlap = min(a["end"], r.end) - max(a["start"], r.start)
        return (-overlap if overlap > 0 else 0, max(0, -overlap), a["origin"] != "curated", arg_id)

    found = sorted(graph.by_document.get(r.document, ()), key=distance)
    return found[0] if found else None


def acceptability(g: nx.MultiDiGraph, off: Iterable[str] = ()) -> dict[str, str]:
    """Grounded label (IN, OUT, UNDEC) of every hand-made argument of `g` not in `off`.

    Extracted arguments and relations are left out: they are hypotheses with a
    confidence, and a spurious extracted attack must not reject a curated claim.
    """
    from app.semantics import grounded_labels

    return grounded_labels(g, _unjudged(g, off))


def preferred_extensions(g: nx.MultiDiGraph, off: Iterable[str] = ()) -> list[frozenset[str]]:
    """Preferred extensions of the hand-made arguments of `g` not in `off` (see
    `acceptability`); raises semantics.TooManyUndecided when the search would be too large."""
    from app.semantics import preferred

    return preferred(g, _unjudged(g, off))


def _unjudged(g: nx.MultiDiGraph, off: Iterable[str]) -> list[str]:
    # Switched off, with the extracted arguments: cheaper than walking a subgraph view.
    return [*off, *(n for n, origin in g.nodes(data="origin") if origin == "extracted")]


def _add_relation(g: nx.MultiDiGraph, relation: Relation) -> None:
    attrs = {"kind": relation.kind, "origin": relation.origin}
    for name in ("note", "undercuts", "evidence", "confidence"):
        value = getattr(relation, name)
        if value is not None:
            attrs[name] = value
    key = f"{relation.source}|{relation.kind}|{relation.undercuts or relation.target}"
    g.add_edge(relation.source, relation.target, key=key, **attrs)


def same_as_pairs(curated: Iterable[Argument], extracted: Iterable[Argument]) -> list[tuple[str, str]]:
    """(extracted id, curated id) for spans in the same document that overlap by at
    least half of the shorter span."""
    by_doc: dict[str, list[Argument]] = defaultdict(list)
    for argument in curated:
        by_doc[argument.document].append(argument)
    pairs = []
    for x in extracted:
        for c in by_doc.get(x.document, ()):
            if same_passage(x.start, x.end, c.start, c.end):
                pairs.append((x.id, c.id))
    return pairs


def without(graph: ArgumentGraph, gone: Iterable[str], asof: str | None = None) -> ArgumentGraph:
    """The graph without the arguments `gone`, as if they had never been made: their
    relations gone too, grounded labels judged again, debates keeping the claims left.
    `asof` names the moment this shows (see app.timeline)."""
    gone = set(gone)
    if not gone:
        return graph
    g = graph.g.subgraph(n for n in graph.g if n not in gone).copy()
    for arg_id, label in acceptability(g).items():
        g.nodes[arg_id]["grounded"] = label
    debates = tuple(
        dataclasses.replace(
            d, sides=tuple(dataclasses.replace(s, claims=tuple(c for c in s.claims if c in g)) for s in d.sides)
        )
        for d in graph.debates
    )
    times = {n: m for n, m in graph.times.items() if n in g}
    cut = _indexed(g, graph.corpus, debates, f"{graph.version}@{asof or len(gone)}", times)
    return dataclasses.replace(
        cut,
        moved={k: (v if v in g else None) for k, v in graph.moved.items()},
        suggestions={k: v for k, v in graph.suggestions.items() if k in g},
        asof=asof,
    )


def _indexed(g: nx.MultiDiGraph, corpus: Corpus, debates, version: str, times: dict[str, Moment]) -> ArgumentGraph:
    nodes = g._node  # NetworkX's own dict of node attributes: its views cost a call per read
    by_author, by_year, by_document, by_tag, by_origin = (defaultdict(set) for _ in range(5))
    for node_id, attrs in nodes.items():
        by_author[attrs["speaker"]].add(node_id)
        by_year[attrs["year"]].add(node_id)
        by_document[attrs["document"]].add(node_id)
        by_origin[attrs["origin"]].add(node_id)
        for tag in attrs["tags"]:
            by_tag[tag].add(node_id)
    indexes = {"author": by_author, "year": by_year, "document": by_document, "tag": by_tag, "origin": by_origin}
    frozen = {name: {k: frozenset(v) for k, v in index.items()} for name, index in indexes.items()}
    twins: dict[str, list[str]] = defaultdict(list)
    same_as = [
        (u, v)
        for u, targets in g._succ.items()
        for v, keyed in targets.items()
        for attrs in keyed.values()
        if attrs["kind"] == "same_as"
    ]
    for source, target in sorted(same_as):
        twins[source].append(target)
        twins[target].append(source)
    folded = {n for n in twins if nodes[n]["origin"] == "extracted"}
    once = frozenset(nodes) - folded
    in_order = sorted(nodes, key=lambda n: nodes[n]["rank"])
    return ArgumentGraph(
        g=g,
        corpus=corpus,
        debates=tuple(debates),
        version=version,
        by_author=frozen["author"],
        by_year=frozen["year"],
        by_document=frozen["document"],
        by_tag=frozen["tag"],
        by_origin=frozen["origin"],
        twins={n: tuple(t) for n, t in twins.items()},
        once=once,
        ranked=_ranked(nodes, in_order, once, times),
        position={n: i for i, n in enumerate(in_order)},
        times=times,
    )


RANKED_FACETS = ("author", "year", "document", "origin")
_FACET_ATTRIBUTE = {"author": "speaker", "year": "year", "document": "document", "origin": "origin"}
_FACET_INDEX = {"author": "by_author", "year": "by_year", "document": "by_document", "origin": "by_origin"}


def _ranked(
    nodes: dict, in_order: list[str], once: frozenset[str], times: dict[str, Moment]
) -> dict[tuple[str, bool | None], dict]:
    """Per facet and value, the ids in reading order (`in_order`): all of them, and those
    shown once. The key (facet, True) also holds "*": every argument shown once. The facet
    "span" groups the dated arguments by (year of their earliest date, year of their
    latest): a `from`/`to` range is a handful of these groups, whole or checked one by one
    against the day ordinals kept under ("earliest", None) and ("latest", None)."""
    dated = {n: m for n, m in times.items() if not m.undated and n in nodes}
    ranked: dict[tuple[str, bool | None], dict] = {
        ("earliest", None): {n: m.earliest.toordinal() for n, m in dated.items()},
        ("latest", None): {n: m.latest.toordinal() for n, m in dated.items()},
    }
    for only_once in (False, True):
        ids = [n for n in in_order if n in once] if only_once else in_order
        for facet in RANKED_FACETS:
            attribute = _FACET_ATTRIBUTE[facet]
            groups: dict = defaultdict(list)
            for n in ids:
                groups[nodes[n][attribute]].append(n)
            ranked[facet, only_once] = {value: tuple(members) for value, members in groups.items()}
        by_span: dict = defaultdict(list)
        for n in ids:
            if n in dated:
                by_span[dated[n].earliest.year, dated[n].latest.year].append(n)
        ranked["span", only_once] = {value: tuple(members) for value, members in by_span.items()}
        ranked["all", only_once] = {"*": tuple(ids)}
    return ranked


# ---------------------------------------------------------------- queries


def select(graph: ArgumentGraph, filters: Filters, within: Iterable[str] | None = None) -> list[str]:
    """Ids of the arguments that pass the filters, in reading order (document, position).

    `within` restricts them to a set of ids (e.g. a neighbourhood); the cost then grows
    with the smallest group, not with the graph.
    """
    return select_page(graph, filters, within=within)[0]


Sieve = Callable[[Sequence[str]], Iterable[str]]


@dataclass(frozen=True)
class _Group:
    """One filter group: an id passes the filters when every group holds it.

    `lists` are ids in reading order, each marked when its members must still go through
    the group's own `sieve` (False: all of them are in the group); `size` is the sum of
    their lengths, exact when none is marked. `sieve(ids)` keeps, in order, the ids of a
    list that are in the group, with no Python step per id (`filter` on a set lookup,
    `compress` on comparisons mapped over the ids)."""

    size: int
    lists: list[tuple[Sequence[str], bool]]
    sieve: Sieve


def select_page(
    graph: ArgumentGraph,
    filters: Filters,
    offset: int = 0,
    limit: int | None = None,
    within: Iterable[str] | None = None,
) -> tuple[list[str], int]:
    """One page of `select` (`limit` ids from `offset`; all with None) and the total.

    Each filter group is made of lists of ids already in reading order
    (`ArgumentGraph.ranked`). Only the smallest group's lists are read, each passed
    through the other groups' sieves, which gives the total; the page is then merged
    from the first ids of the kept lists. A single group whose lists need no sieve is a
    slice and a length: a page of a huge selection costs the page, not the selection.
    """
    groups = sorted(_groups(graph, filters, within), key=lambda group: group.size)
    lead, others = groups[0], groups[1:]
    runs: list[Sequence[str]] = []
    for ids, checked in lead.lists:
        for sieve in ([lead.sieve] if checked else []) + [group.sieve for group in others]:
            ids = list(sieve(ids))
        if ids:
            runs.append(ids)
    total = sum(map(len, runs))
    stop = None if limit is None else offset + limit
    if len(runs) == 1:
        return list(runs[0][offset:stop]), total
    return list(itertools.islice(heapq.merge(*runs, key=graph.position.__getitem__), offset, stop)), total


def _groups(graph: ArgumentGraph, filters: Filters, within: Iterable[str] | None) -> list[_Group]:
    """The filters as groups (see `_Group`). Values within a group are disjoint (an argument
    has one author, one year, one document), so a group's size is the sum of its lists.
    Every list holds only arguments shown once when asked: whichever group leads, the
    sieves of the others need not check it again."""
    only_once = filters.origin is None  # each argument once: the folded twins are left out
    groups = []
    if within is not None:
        chosen = set(within) & (graph.once if only_once else graph.g.nodes.keys())
        ordered = sorted(chosen, key=graph.position.__getitem__)
        groups.append(_Group(len(chosen), [(ordered, False)], lambda ids: filter(chosen.__contains__, ids)))
    if filters.authors:
        groups.append(_facet_group(graph, "author", filters.authors, only_once))
    if filters.years:
        groups.append(_facet_group(graph, "year", filters.years, only_once))
    span = filters.date_range()
    if span is not None:
        groups.append(_span_group(graph, *span, only_once))
    if filters.document:
        groups.append(_facet_group(graph, "document", (filters.document,), only_once))
    if filters.origin in ORIGINS:
        groups.append(_facet_group(graph, "origin", (filters.origin,), only_once))
    if not groups:  # no filter: every argument (once, unless "all")
        everything = graph.ranked.get(("all", only_once), {}).get("*", ())
        groups.append(_Group(len(everything), [(everything, False)], lambda ids: ids))
    return groups


def _facet_group(graph: ArgumentGraph, facet: str, values: Iterable, only_once: bool) -> _Group:
    """The arguments whose `facet` is one of `values`."""
    index = graph.ranked.get((facet, only_once), {})
    wanted = frozenset(values)
    lists = [(index[v], False) for v in wanted if v in index]
    by_value: dict = getattr(graph, _FACET_INDEX[facet])
    members: list[frozenset[str]] = []

    def sieve(ids: Sequence[str]) -> Iterable[str]:
        if not members:  # the union of several values, made when first needed
            members.append(frozenset().union(*(by_value.get(v, ()) for v in wanted)))
        return filter(members[0].__contains__, ids)

    return _Group(sum(len(ids) for ids, _ in lists), lists, sieve)


def _span_group(graph: ArgumentGraph, lo: dt.date, hi: dt.date, only_once: bool) -> _Group:
    """The arguments known to have been made between `lo` and `hi` (every day they may have
    been made on is in the range; an argument dated only by its year is in a range that
    holds the whole year) as a group: the span lists whose years lie within the range,
    whole when every day of those years is in it, else sieved by their days (a range
    bounded by a day, not a year)."""
    first, last = lo.toordinal(), hi.toordinal()
    earliest, latest = graph.ranked.get(("earliest", None), {}), graph.ranked.get(("latest", None), {})
    never = itertools.repeat(-1)  # an undated argument: before any range

    def sieve(ids: Sequence[str]) -> Iterable[str]:
        # earliest day within [lo, hi] and latest day up to hi (a moment's earliest day is
        # never after its latest, so that also bounds the earliest above)
        after = map(first.__le__, map(earliest.get, ids, never))
        before = map(last.__ge__, map(latest.get, ids, itertools.repeat(last + 1)))
        return itertools.compress(ids, map(operator.and_, after, before))

    lists = []
    for (first_year, last_year), ids in graph.ranked.get(("span", only_once), {}).items():
        if lo.year <= first_year and last_year <= hi.year:  # else an earliest before lo or a latest after hi
            whole = dt.date(first_year, 1, 1) >= lo and dt.date(last_year, 12, 31) <= hi
            lists.append((ids, not whole))
    return _Group(sum(len(ids) for ids, _ in lists), lists, sieve)


def subgraph(graph: ArgumentGraph, ids: Iterable[str], kinds: Iterable[str] = ()) -> nx.MultiDiGraph:
    """A read-only view of the arguments `ids` and the relations among them, only those of
    `kinds` when given: what a download of a filtered view holds."""
    keep, kinds = set(ids), set(kinds)
    g = graph.g
    if not kinds:
        return nx.subgraph_view(g, filter_node=keep.__contains__)
    return nx.subgraph_view(
        g, filter_node=keep.__contains__, filter_edge=lambda u, v, k: g.edges[u, v, k]["kind"] in kinds
    )


def edges_within(
    graph: ArgumentGraph, ids: Iterable[str], kinds: Iterable[str] = ()
) -> list[tuple[str, str, str, dict]]:
    """Edges (source, target, key, attrs) whose two ends are both in `ids`."""
    keep = set(ids)
    kinds = set(kinds)
    out = []
    succ = graph.g._succ  # NetworkX's own adjacency dicts: its views wrap every value read
    for source in keep:
        # targets first: the attributes of an edge leaving the selection are never read
        for target, keyed in succ[source].items():
            if target in keep:
                for key, attrs in keyed.items():
                    if not kinds or attrs["kind"] in kinds:
                        out.append((source, target, key, attrs))
    out.sort(key=lambda e: e[2])
    return out


def neighbourhood(graph: ArgumentGraph, arg_id: str, depth: int = 1) -> dict:
    """An argument's direct supporters, attackers, undercutters and targets, plus the ids
    reachable within `depth` relations either way (the chains around it).

    Cost grows with the neighbourhood, never with the graph.
    """
    g = graph.g
    incoming: dict[str, list[dict]] = defaultdict(list)
    for source, _, attrs in g.in_edges(arg_id, data=True):
        incoming[attrs["kind"]].append({"id": source, **_edge_view(attrs)})
    outgoing: dict[str, list[dict]] = defaultdict(list)
    for _, target, attrs in g.out_edges(arg_id, data=True):
        outgoing[attrs["kind"]].append({"id": target, **_edge_view(attrs)})
    return {
        "supporters": incoming["support"],
        "attackers": incoming["attack"],
        "undercutters": incoming["undercut"],
        "supports": outgoing["support"],
        "attacks": outgoing["attack"],
        "same_as": incoming["same_as"] + outgoing["same_as"],
        "within": around(graph, [arg_id], depth),
    }


def around(graph: ArgumentGraph, centres: Iterable[str], depth: int = 1) -> set[str]:
    """The centres and every argument within `depth` relations of one of them, either way."""
    seen = set(centres)
    frontier = list(seen)
    for _ in range(depth):
        frontier = list(
            dict.fromkeys(
                o for n in frontier for o in (*graph.g.predecessors(n), *graph.g.successors(n)) if o not in seen
            )
        )
        seen.update(frontier)
    return seen


def _edge_view(attrs: dict) -> dict:
    return {k: attrs[k] for k in ("kind", "origin", "note", "undercuts", "evidence", "confidence") if k in attrs}


def facet_counts(graph: ArgumentGraph, ids: Iterable[str]) -> dict[str, Counter]:
    """Counts per author, year, document and origin among `ids`."""
    counts = {name: Counter() for name in ("author", "year", "document", "origin")}
    nodes = graph.g.nodes
    for node_id in ids:
        attrs = nodes[node_id]
        counts["author"][attrs["speaker"]] += 1
        counts["year"][attrs["year"]] += 1
        counts["document"][attrs["document"]] += 1
        counts["origin"][attrs["origin"]] += 1
    return counts


def tally(graph: ArgumentGraph, arg_id: str, labels: dict[str, str] | None = None) -> dict[str, int]:
    """How the map bears on one argument: the arguments that support it, attack it, and
    undercut an inference into it (`supports`, `attacks`, `undercuts`), and how many of
    its attacks stand under the grounded `labels` (the labels computed at load when
    None; see semantics.attack_statuses). The one count pages, cards, meta, API and
    map all show."""
    from app.semantics import IN, attack_statuses

    kinds = Counter(kind for *_, kind in graph.g.in_edges(arg_id, data="kind"))
    if labels is None:
        labels = {
            n: graph.g.nodes[n]["grounded"] for n in graph.g.predecessors(arg_id) if graph.g.nodes[n].get("grounded")
        }
    standing = sum(1 for status in attack_statuses(graph.g, arg_id, labels).values() if status == IN)
    return {
        "supports": kinds["support"],
        "attacks": kinds["attack"],
        "undercuts": kinds["undercut"],
        "standing_attacks": standing,
    }


def most_contested(graph: ArgumentGraph, ids: Iterable[str], limit: int = 10) -> list[str]:
    """Ids of the arguments with most attacks, then most undercuts, then most supports."""
    rows = []
    for node_id in ids:
        kinds = Counter(kind for *_, kind in graph.g.in_edges(node_id, data="kind"))
        if kinds["attack"] or kinds["undercut"] or kinds["support"]:
            rows.append(
                (-kinds["attack"], -kinds["undercut"], -kinds["support"], graph.g.nodes[node_id]["rank"], node_id)
            )
    rows.sort()
    return [row[-1] for row in rows[:limit]]


def debate_ids(graph: ArgumentGraph, debate: Debate, filters: Filters = Filters(), depth: int = 1) -> list[str]:
    """The arguments of a debate, through `filters`: every argument of its map when it is a
    whole imported map, else its main claims and what bears on them within `depth` relations."""
    if debate.document is not None:
        return select(graph, filters, within=graph.by_document.get(debate.document, ()))
    centres = [c for side in debate.sides for c in side.claims]
    return select(graph, filters, within=around(graph, centres, depth))


def relation_counts(graph: ArgumentGraph, ids: Iterable[str]) -> Counter:
    """Supports, attacks and undercuts among `ids` (both ends inside)."""
    return Counter(attrs["kind"] for *_, attrs in edges_within(graph, ids) if attrs["kind"] != "same_as")
