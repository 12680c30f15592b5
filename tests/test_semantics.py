"""Acceptability semantics: grounded labelling and preferred extensions.

Abstract frameworks are checked against the definitions (Dung 1995) by brute
force on random small graphs, and against worked examples from the literature;
the reading of the map (undercuts, supports, switched-off arguments) is checked
on small hand-built graphs and on the seed map.
"""

from __future__ import annotations

from itertools import chain, combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import semantics as sem
from app.semantics import IN, OUT, UNDEC, Framework
from tests.fixtures.interchange.maps import make_graph


def af(attacks: str, extra: str = "") -> Framework:
    """af("a>b b>c") — arguments are the letters that appear."""
    pairs = [tuple(p.split(">")) for p in attacks.split()]
    args = set(chain.from_iterable(pairs)) | set(extra.split())
    return Framework.of(args, pairs)


def labels(f: Framework) -> dict:
    return sem.grounded_labelling(f)


def exts(*names: str) -> list[frozenset]:
    return sorted((frozenset(n) for n in names), key=lambda e: sorted(e))


# ---------------------------------------------------------------- brute force oracle


def subsets(xs):
    xs = sorted(xs, key=str)
    return (frozenset(c) for r in range(len(xs) + 1) for c in combinations(xs, r))


def brute_admissible(f):
    return [s for s in subsets(f.arguments) if sem.admissible(f, s)]


def brute_preferred(f):
    adm = brute_admissible(f)
    return sorted((s for s in adm if not any(s < t for t in adm)), key=lambda e: sorted(map(str, e)))


def brute_complete(f):
    return [s for s in subsets(f.arguments) if sem.complete(f, s)]


frameworks = (
    st.integers(1, 7)
    .flatmap(
        lambda n: st.tuples(
            st.just(list("abcdefg"[:n])),
            st.lists(st.tuples(st.sampled_from("abcdefg"[:n]), st.sampled_from("abcdefg"[:n])), max_size=14),
        )
    )
    .map(lambda t: Framework.of(t[0], t[1]))
)


@settings(max_examples=200, deadline=None)
@given(frameworks)
def test_grounded_is_the_least_complete_extension(f):
    grounded = sem.grounded_extension(f)
    assert sem.conflict_free(f, grounded)
    assert sem.admissible(f, grounded)
    assert sem.complete(f, grounded)
    assert all(grounded <= c for c in brute_complete(f))


@settings(max_examples=200, deadline=None)
@given(frameworks)
def test_grounded_labelling_is_a_legal_labelling(f):
    lab = labels(f)
    assert set(lab) == f.arguments
    for a in f.arguments:
        attackers = [lab[b] for b in f.attackers[a]]
        if lab[a] == IN:
            assert all(x == OUT for x in attackers)
        elif lab[a] == OUT:
            assert IN in attackers
        else:
            assert IN not in attackers and UNDEC in attackers


@settings(max_examples=200, deadline=None)
@given(frameworks)
def test_grounded_is_unique_whatever_the_input_order(f):
    reordered = Framework.of(sorted(f.arguments, reverse=True), sorted(f.attacks, reverse=True))
    assert labels(reordered) == labels(f)


@settings(max_examples=200, deadline=None)
@given(frameworks)
def test_preferred_are_exactly_the_maximal_admissible_sets(f):
    preferred = sem.preferred_extensions(f)
    assert preferred == brute_preferred(f)
    grounded = sem.grounded_extension(f)
    for e in preferred:
        assert sem.admissible(f, e)
        assert sem.complete(f, e)
        assert grounded <= e
    assert preferred == sem.preferred_extensions(f)  # deterministic


# ---------------------------------------------------------------- worked examples


def test_unattacked_argument_is_in_and_its_target_out():
    assert labels(af("a>b")) == {"a": IN, "b": OUT}


def test_reinstatement_an_attacked_attacker_is_defeated_and_its_target_reinstated():
    # c attacks b, b attacks a: c defends a
    assert labels(af("c>b b>a")) == {"c": IN, "b": OUT, "a": IN}


def test_nixon_diamond_mutual_attack_is_undecided_with_two_preferred_extensions():
    # Dung 1995: Nixon is a pacifist because a quaker / not because a republican
    f = af("a>b b>a")
    assert labels(f) == {"a": UNDEC, "b": UNDEC}
    assert sem.preferred_extensions(f) == exts("a", "b")


def test_odd_cycle_leaves_everything_undecided_and_only_the_empty_preferred_extension():
    f = af("a>b b>c c>a")
    assert set(labels(f).values()) == {UNDEC}
    assert sem.preferred_extensions(f) == [frozenset()]


def test_even_cycle_has_two_preferred_extensions():
    f = af("a>b b>c c>d d>a")
    assert set(labels(f).values()) == {UNDEC}
    assert sem.preferred_extensions(f) == exts("ac", "bd")


def test_self_attacking_argument_is_undecided_and_so_is_what_it_alone_attacks():
    f = af("a>a a>b")
    assert labels(f) == {"a": UNDEC, "b": UNDEC}
    assert sem.preferred_extensions(f) == [frozenset()]


def test_self_attacking_argument_defeated_by_an_unattacked_one():
    assert labels(af("c>a a>a a>b")) == {"c": IN, "a": OUT, "b": IN}


def test_floating_reinstatement_is_credulous_not_grounded():
    # a and b attack each other and both attack c, which attacks d: d is in every
    # preferred extension but not in the grounded one (Dung 1995, Prakken & Vreeswijk)
    f = af("a>b b>a a>c b>c c>d")
    assert set(labels(f).values()) == {UNDEC}
    assert sem.preferred_extensions(f) == exts("ad", "bd")


def test_dung_1995_example_grounded_part_is_fixed_before_the_choice():
    # e is unattacked and defeats the attacker of the mutual-attack pair's neighbour
    f = af("e>f f>a a>b b>a b>c")
    assert labels(f) == {"e": IN, "f": OUT, "a": UNDEC, "b": UNDEC, "c": UNDEC}
    assert sem.preferred_extensions(f) == exts("ace", "be")


def test_preferred_search_refuses_a_large_undecided_part_with_a_clear_message():
    n = 31
    f = Framework.of(range(n), [(i, (i + 1) % n) for i in range(n)])  # one odd cycle
    with pytest.raises(sem.TooManyUndecided, match=r"31 arguments are undecided.*limit 24"):
        sem.preferred_extensions(f)
    assert sem.preferred_extensions(f, max_undecided=40) == [frozenset()]


def test_preferred_search_refuses_an_exponential_number_of_extensions():
    pairs = [(2 * i, 2 * i + 1) for i in range(10)] + [(2 * i + 1, 2 * i) for i in range(10)]
    f = Framework.of(range(20), pairs)  # ten independent choices: 1024 extensions
    with pytest.raises(sem.TooManyUndecided, match="more than 256 preferred extensions"):
        sem.preferred_extensions(f)
    assert len(sem.preferred_extensions(Framework.of(range(8), pairs[:4] + pairs[10:14]))) == 16


def test_a_large_decided_part_does_not_count_against_the_limit():
    chain_attacks = [(i, i + 1) for i in range(200)]
    f = Framework.of(range(201), chain_attacks)
    assert sem.preferred_extensions(f) == [frozenset(range(0, 201, 2))]


# ---------------------------------------------------------------- the map as a framework


def test_attack_edges_attack_and_support_edges_do_not():
    g = make_graph("abc", [("a", "attack", "b"), ("c", "support", "b")])
    assert sem.grounded_labels(g) == {"a": IN, "b": OUT, "c": IN}


def test_undercut_disables_the_attack_it_targets_without_defeating_the_premise():
    g = make_graph("puc", [("p", "attack", "c"), ("u", "undercut", "p->c")])
    assert sem.grounded_labels(g) == {"p": IN, "u": IN, "c": IN}


def test_a_defeated_undercutter_restores_the_attack():
    g = make_graph("pucw", [("p", "attack", "c"), ("u", "undercut", "p->c"), ("w", "attack", "u")])
    assert sem.grounded_labels(g) == {"p": IN, "u": OUT, "c": OUT, "w": IN}


def test_an_undecided_undercutter_leaves_the_target_undecided():
    g = make_graph(
        "pucv", [("p", "attack", "c"), ("u", "undercut", "p->c"), ("v", "attack", "u"), ("u", "attack", "v")]
    )
    assert sem.grounded_labels(g) == {"p": IN, "u": UNDEC, "v": UNDEC, "c": UNDEC}
    assert sem.preferred(g) == sorted([frozenset("puc"), frozenset("pv")], key=sorted)


def test_undercut_of_a_support_changes_nothing_in_plain_dung_semantics():
    g = make_graph("puc", [("p", "support", "c"), ("u", "undercut", "p->c")])
    assert sem.grounded_labels(g) == {"p": IN, "u": IN, "c": IN}


def test_same_as_edges_are_ignored():
    g = make_graph("ab", [("a", "same_as", "b")])
    assert sem.grounded_labels(g) == {"a": IN, "b": IN}


def test_switching_an_argument_off_removes_it_and_its_attacks():
    g = make_graph("cba", [("c", "attack", "b"), ("b", "attack", "a")])
    assert sem.grounded_labels(g, off={"c"}) == {"b": IN, "a": OUT}
    assert sem.changes(g, off={"c"}) == {"b": (OUT, IN), "a": (IN, OUT)}


def test_switching_the_undercutter_off_restores_the_attack():
    g = make_graph("puc", [("p", "attack", "c"), ("u", "undercut", "p->c")])
    assert sem.grounded_labels(g, off={"u"})["c"] == OUT


def test_switching_the_premise_off_drops_the_undercut_inference():
    g = make_graph("puc", [("p", "attack", "c"), ("u", "undercut", "p->c")])
    assert sem.grounded_labels(g, off={"p"}) == {"u": IN, "c": IN}


def test_bipolar_supported_attack_a_reason_for_an_attacker_attacks_too():
    # a and b attack each other; s, unattacked, supports a: s attacks b through a
    g = make_graph("sab", [("a", "attack", "b"), ("b", "attack", "a"), ("s", "support", "a")])
    assert sem.grounded_labels(g) == {"s": IN, "a": UNDEC, "b": UNDEC}
    assert sem.grounded_labels(g, bipolar=True) == {"s": IN, "a": IN, "b": OUT}


def test_bipolar_secondary_attack_defeating_a_premise_defeats_its_conclusion():
    g = make_graph("axy", [("a", "attack", "x"), ("x", "support", "y")])
    assert sem.grounded_labels(g)["y"] == IN
    assert sem.grounded_labels(g, bipolar=True) == {"a": IN, "x": OUT, "y": OUT}


def test_bipolar_undercut_of_a_support_link_breaks_the_derived_attack():
    g = make_graph("axyu", [("a", "attack", "x"), ("x", "support", "y"), ("u", "undercut", "x->y")])
    assert sem.grounded_labels(g, bipolar=True) == {"a": IN, "x": OUT, "y": IN, "u": IN}


def test_auxiliary_inference_nodes_never_show_in_results():
    g = make_graph(
        "pucv", [("p", "attack", "c"), ("u", "undercut", "p->c"), ("v", "attack", "u"), ("u", "attack", "v")]
    )
    assert set(sem.grounded_labels(g)) == set(g.nodes)
    assert all(e <= set(g.nodes) for e in sem.preferred(g))


random_maps = st.lists(
    st.tuples(
        st.sampled_from("abcde"),
        st.sampled_from(["attack", "support", "undercut"]),
        st.sampled_from("abcde"),
        st.sampled_from("abcde"),
    ),
    max_size=10,
)


def random_map(rows):
    """A map over a..e: rows (s, kind, t, u) give s → t relations; an undercut row makes u
    undercut one of the support or attack inferences already there."""
    edges, inferences = [], []
    for s, kind, t, u in rows:
        if kind != "undercut" and s != t and (s, t) not in inferences:
            inferences.append((s, t))
            edges.append((s, kind, t))
    for s, kind, t, u in rows:
        if kind == "undercut" and inferences:
            p, c = inferences[ord(t) % len(inferences)]
            edges.append((u, "undercut", f"{p}->{c}"))
    return make_graph("abcde", list(dict.fromkeys(edges)))


@settings(max_examples=100, deadline=None)
@given(random_maps, st.booleans())
def test_on_random_maps_grounded_labels_are_legal_and_within_every_preferred_extension(rows, bipolar):
    g = random_map(rows)
    f = sem.framework(g, bipolar=bipolar)
    grounded = sem.grounded_extension(f)
    assert sem.complete(f, grounded)
    for e in sem.preferred_extensions(f, max_undecided=40):
        assert grounded <= e and sem.admissible(f, e)


@settings(max_examples=300, deadline=None)
@given(random_maps)
def test_on_random_maps_an_argument_falls_exactly_when_one_of_its_attacks_stands(rows):
    g = random_map(rows)
    labels = sem.grounded_labels(g)
    for c in g.nodes:
        statuses = list(sem.attack_statuses(g, c, labels).values())
        assert (labels[c] == OUT) == (IN in statuses)
        assert (labels[c] == IN) == all(s == OUT for s in statuses)


def test_an_attack_whose_inference_an_accepted_argument_undercuts_does_not_stand():
    g = make_graph("puc", [("p", "attack", "c"), ("u", "undercut", "p->c")])
    labels = sem.grounded_labels(g)
    assert labels["p"] == IN and labels["u"] == IN
    assert sem.attack_statuses(g, "c", labels) == {"p": OUT}


def test_an_attack_stands_once_its_undercutter_is_defeated():
    g = make_graph("pucw", [("p", "attack", "c"), ("u", "undercut", "p->c"), ("w", "attack", "u")])
    assert sem.attack_statuses(g, "c", sem.grounded_labels(g)) == {"p": IN}


# ---------------------------------------------------------------- the seed map


def test_seed_map_every_argument_gets_a_label_and_the_result_is_stable(seed_graph):
    g = seed_graph.g
    first = sem.grounded_labels(g)
    assert set(first) == set(g.nodes)
    assert set(first.values()) <= set(sem.LABELS)
    assert sem.grounded_labels(g) == first
    for bipolar in (False, True):
        f = sem.framework(g, bipolar=bipolar)
        assert sem.complete(f, sem.grounded_extension(f))


def test_seed_map_each_undercut_of_an_attack_is_an_attack_on_that_inference(seed_graph):
    g = seed_graph.g
    f = sem.framework(g)
    inferences = {(a.source, a.target): a for a in f.arguments if isinstance(a, sem.Inference) and a.part == "Y"}
    for u, _, attrs in g.edges(data="undercuts"):
        if attrs is None:
            continue
        p, _, c = attrs.partition("->")
        if any(k == "attack" for _, t, k in g.out_edges(p, data="kind") if t == c):
            assert (u, inferences[(p, c)]) in f.attacks


def test_seed_map_switching_off_every_attacker_of_a_main_claim_accepts_it(seed_graph):
    g = seed_graph.g
    for claim in (n for n, main in g.nodes(data="main") if main):
        attackers = {s for s, _, kind in g.in_edges(claim, data="kind") if kind == "attack"}
        assert sem.grounded_labels(g, off=attackers)[claim] == IN
