"""Acceptability of arguments: grounded and preferred semantics over the map.

Which claims survive the debate? The argument graph is read as a Dung (1995)
abstract argumentation framework and evaluated with labellings (Caminada 2006):
every argument is IN (accepted), OUT (rejected: attacked by an accepted
argument) or UNDEC (undecided).

From the map to a framework (`framework`)
-----------------------------------------
* An ``attack`` edge a → b is the Dung attack (a, b).
* An ``undercut`` edge u ⇢ (p → c) attacks the *inference* from p to c, not
  its premise nor its conclusion (Pollock's undercutter; ASPIC+). Attacks on
  inferences are handled as in extended/recursive frameworks (Modgil 2009,
  "Reasoning about preferences in argumentation frameworks"; Baroni et al. 2011,
  AFRA) through the standard meta-argumentation flattening of Boella, Gabbay,
  van der Torre and Villata (2009): an attack p → c that is undercut becomes
  the chain ``p → X(p,c) → Y(p,c) → c``, where the auxiliary argument Y
  ("the inference p ⇒ c holds") is IN exactly when p is IN and every
  undercutter is OUT, and each undercutter u attacks Y. So an accepted
  undercutter disables the attack: the target no longer counts as attacked by
  p, while p itself keeps its own status. Auxiliary arguments never appear in
  results.
* A ``support`` edge carries no attack in plain Dung semantics, so with
  ``bipolar=False`` supports (and undercuts of supports) leave labels as they
  are: the undercutter is still labelled, it just attacks nothing.
* With ``bipolar=True`` supports are read as in bipolar argumentation
  (Cayrol & Lagasquie-Schiex 2005, 2013) and produce derived attacks:
  - *supported attack*: a supports … supports x, and x attacks b ⇒ a attacks b
    (a reason for an attacker is itself an attack);
  - *secondary attack*: a attacks x, and x supports … supports b ⇒ a attacks b
    (the necessary-support reading: defeating a premise defeats what rests on it).
  A derived attack is an inference chain; undercutting any link of the chain
  (a support or the attack) disables it, with the same flattening as above.
  The secondary attack is strong when a claim has several independent reasons
  (any one defeated premise attacks the claim), which is why it is an option.
* ``same_as`` edges (extracted ↔ curated duplicates) are ignored.
* ``off`` removes arguments and every edge and undercut touching them, so a
  reader can switch an argument off and see what changes.

Semantics
---------
* `grounded_labelling` — the least complete labelling (unique, sceptical),
  computed by propagation in time linear in the framework.
* `preferred_extensions` — maximal admissible sets (credulous). They all
  contain the grounded extension and exclude what it defeats, so the search
  (Nofal, Atkinson & Dunne 2014 labelling algorithm) runs only on the grounded
  UNDEC part (the reduct); past `max_undecided` arguments there it raises
  `TooManyUndecided` instead of running for ever.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Hashable, Iterable, Mapping

import networkx as nx

IN, OUT, UNDEC = "IN", "OUT", "UNDEC"
LABELS = (IN, OUT, UNDEC)
DEFAULT_MAX_UNDECIDED = 24
DEFAULT_MAX_EXTENSIONS = 256

Arg = Hashable


class TooManyUndecided(ValueError):
    """The preferred-extension search would be too large to run on a request."""


@dataclass(frozen=True)
class Inference:
    """An auxiliary argument of the flattening: the attack `source` → `target` (X or Y part)."""

    part: str  # "X" (the attack is not in force) or "Y" (the attack is in force)
    source: str
    target: str
    via: tuple[str, ...] = ()  # the edge keys of the chain, for derived attacks

    def __str__(self) -> str:
        return f"{self.part}({self.source}->{self.target})"


@dataclass(frozen=True)
class Framework:
    """A Dung framework: arguments and attacks (attacker, attacked)."""

    arguments: frozenset
    attacks: frozenset
    attackers: Mapping = field(default=None, repr=False, compare=False)  # arg -> frozenset
    attacked: Mapping = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, arguments: Iterable[Arg], attacks: Iterable[tuple[Arg, Arg]]) -> "Framework":
        args = frozenset(arguments)
        pairs = frozenset(attacks)
        unknown = {x for pair in pairs for x in pair} - args
        if unknown:
            raise ValueError(f"attacks mention unknown arguments: {sorted(map(str, unknown))}")
        attackers, attacked = defaultdict(set), defaultdict(set)
        for a, b in pairs:
            attackers[b].add(a)
            attacked[a].add(b)
        return cls(args, pairs, {a: frozenset(attackers[a]) for a in args}, {a: frozenset(attacked[a]) for a in args})

    @property
    def visible(self) -> frozenset:
        """The arguments that are not auxiliary nodes of the flattening."""
        return frozenset(a for a in self.arguments if not isinstance(a, Inference))

    def restricted(self, keep: Iterable[Arg]) -> "Framework":
        keep = frozenset(keep) & self.arguments
        return Framework.of(keep, ((a, b) for a, b in self.attacks if a in keep and b in keep))


# ---------------------------------------------------------------- from the map


def framework(g: nx.MultiDiGraph, off: Iterable[str] = (), bipolar: bool = False) -> Framework:
    """The attack framework of the argument graph `g` without the arguments in `off`
    (see the module docstring for how undercuts and supports are read)."""
    off = set(off)
    args = [n for n in g.nodes if n not in off]
    keep = set(args)
    supports: dict[str, list[tuple[str, str]]] = defaultdict(list)  # source -> [(target, key)]
    supported_by: dict[str, list[tuple[str, str]]] = defaultdict(list)  # target -> [(source, key)]
    attacks: list[tuple[str, str, str]] = []
    undercut_edges: list[tuple[str, str]] = []  # (undercutter, "p->c")
    for u, v, key, attrs in g.edges(keys=True, data=True):
        if u not in keep or v not in keep:
            continue
        kind = attrs.get("kind")
        if kind == "attack":
            attacks.append((u, v, key))
        elif kind == "support":
            supports[u].append((v, key))
            supported_by[v].append((u, key))
        elif kind == "undercut" and attrs.get("undercuts"):
            undercut_edges.append((u, attrs["undercuts"]))
    # the edges an undercut names: every support/attack edge from p to c
    undercutters: dict[str, set[str]] = defaultdict(set)  # edge key -> undercutters
    for u, inference in undercut_edges:
        p, _, c = inference.partition("->")
        if p in keep and c in keep:
            for _, target, key, attrs in g.out_edges(p, keys=True, data=True):
                if target == c and attrs.get("kind") in ("support", "attack"):
                    undercutters[key].add(u)

    # every attack as (attacker, attacked, chain of edge keys)
    chains: set[tuple[str, str, tuple[str, ...]]] = {(a, b, (key,)) for a, b, key in attacks}
    if bipolar:
        for a, b, key in attacks:
            for x, path in _support_paths(a, supported_by):  # x supports … a, a attacks b
                chains.add((x, b, tuple(path) + (key,)))
            for y, path in _support_paths(b, supports):  # a attacks b, b supports … y
                chains.add((a, y, (key,) + tuple(path)))

    pairs: set[tuple[Arg, Arg]] = set()
    nodes: set[Arg] = set(args)
    seen_conditions: set[tuple[str, str, frozenset]] = set()
    for a, b, path in sorted(chains):
        blockers = frozenset().union(*(undercutters.get(k, ()) for k in path))
        if not blockers:
            pairs.add((a, b))
            continue
        if (a, b, blockers) in seen_conditions:
            continue
        seen_conditions.add((a, b, blockers))
        x, y = Inference("X", a, b, path), Inference("Y", a, b, path)
        nodes.update((x, y))
        pairs.update({(a, x), (x, y), (y, b)})
        pairs.update((u, y) for u in blockers)
    return Framework.of(nodes, pairs)


def _support_paths(start: str, step: Mapping[str, list[tuple[str, str]]]) -> list[tuple[str, list[str]]]:
    """Arguments reachable from `start` by one or more support steps, each with the
    edge keys of one simple path per distinct set of edges (supports are acyclic in
    curated maps; a visited set keeps cycles finite anyway)."""
    out: list[tuple[str, list[str]]] = []
    stack: list[tuple[str, list[str], frozenset]] = [(start, [], frozenset([start]))]
    while stack:
        node, path, visited = stack.pop()
        for other, key in step.get(node, ()):
            if other in visited:
                continue
            out.append((other, path + [key]))
            stack.append((other, path + [key], visited | {other}))
    return out


# ---------------------------------------------------------------- grounded


def grounded_labelling(af: Framework) -> dict[Arg, str]:
    """The grounded labelling: IN when every attacker is OUT, OUT when some attacker
    is IN, repeated to a fixpoint from nothing; what remains is UNDEC."""
    label: dict[Arg, str] = {}
    pending = {a: len(af.attackers[a]) for a in af.arguments}  # attackers not yet OUT
    queue = [a for a, n in pending.items() if n == 0]
    while queue:
        a = queue.pop()
        if a in label:
            continue
        label[a] = IN
        for b in af.attacked[a]:
            if b in label:
                continue
            label[b] = OUT
            for c in af.attacked[b]:
                if c not in label:
                    pending[c] -= 1
                    if pending[c] == 0:
                        queue.append(c)
    return {a: label.get(a, UNDEC) for a in af.arguments}


def grounded_extension(af: Framework) -> frozenset:
    return frozenset(a for a, lab in grounded_labelling(af).items() if lab == IN)


# ---------------------------------------------------------------- preferred


def preferred_extensions(
    af: Framework, max_undecided: int = DEFAULT_MAX_UNDECIDED, max_extensions: int = DEFAULT_MAX_EXTENSIONS
) -> list[frozenset]:
    """Every preferred extension (maximal admissible set), in a deterministic order.

    Each contains the grounded extension; the search runs on the arguments the
    grounded labelling leaves UNDEC. Raises `TooManyUndecided` past `max_undecided`
    of them (auxiliary inference nodes included), or past `max_extensions`
    extensions (n independent two-cycles have 2^n of them).
    """
    grounded = grounded_labelling(af)
    base = frozenset(a for a, lab in grounded.items() if lab == IN)
    undecided = [a for a, lab in grounded.items() if lab == UNDEC]
    if len(undecided) > max_undecided:
        shown = sorted(str(a) for a in undecided if not isinstance(a, Inference))[:8]
        raise TooManyUndecided(
            f"preferred semantics: {len(undecided)} arguments are undecided under grounded semantics "
            f"(limit {max_undecided}), e.g. {', '.join(shown)}; switch some of them off, "
            "or use the grounded labels"
        )
    reduct = af.restricted(undecided)
    found = _preferred_ins(reduct, max_extensions)
    return sorted((base | ext for ext in found), key=lambda e: sorted(map(str, e)))


def _preferred_ins(af: Framework, max_extensions: int = DEFAULT_MAX_EXTENSIONS) -> list[frozenset]:
    """Nofal, Atkinson & Dunne (2014), enumeration of preferred extensions.

    Every argument starts BLANK. Branch on a BLANK argument: either IN (what it
    attacks becomes OUT, its attackers that are not OUT become MUST_OUT: they
    still need an IN attacker) or UNDEC (not in). A branch dies when a MUST_OUT
    argument has no BLANK attacker left, or when it can no longer beat an
    extension already found. A leaf without MUST_OUT is admissible; the maximal
    ones are the preferred extensions.
    """
    blank, must_out = "BLANK", "MUST_OUT"
    attackers, attacked = af.attackers, af.attacked
    order = sorted(af.arguments, key=str)
    found: list[frozenset] = []

    def hopeless(lab: dict) -> bool:
        return any(x == must_out and not any(lab[b] == blank for b in attackers[a]) for a, x in lab.items())

    def search(lab: dict) -> None:
        if hopeless(lab):
            return
        possible = frozenset(a for a, x in lab.items() if x in (IN, blank))
        if any(possible <= e for e in found):
            return
        blanks = [a for a in order if lab[a] == blank]
        if not blanks:
            current = frozenset(a for a, x in lab.items() if x == IN)
            found[:] = [e for e in found if not e < current]
            found.append(current)
            if len(found) > max_extensions:
                raise TooManyUndecided(
                    f"preferred semantics: more than {max_extensions} preferred extensions; "
                    "switch some arguments off, or use the grounded labels"
                )
            return
        # resolve a MUST_OUT argument first: pick one of its possible attackers
        urgent = [b for a in order if lab[a] == must_out for b in sorted(attackers[a], key=str) if lab[b] == blank]
        y = urgent[0] if urgent else blanks[0]
        with_y = dict(lab)
        with_y[y] = IN
        for z in attacked[y]:
            with_y[z] = OUT
        for z in attackers[y]:
            if with_y[z] != OUT:
                with_y[z] = must_out
        search(with_y)
        without_y = dict(lab)
        without_y[y] = UNDEC
        search(without_y)

    start = {a: (UNDEC if a in attacked[a] else blank) for a in af.arguments}
    search(start)
    return found


# ---------------------------------------------------------------- properties


def conflict_free(af: Framework, s: Iterable[Arg]) -> bool:
    s = set(s)
    return not any(a in s and b in s for a, b in af.attacks)


def defends(af: Framework, s: Iterable[Arg], a: Arg) -> bool:
    s = set(s)
    return all(af.attackers[b] & s for b in af.attackers[a])


def admissible(af: Framework, s: Iterable[Arg]) -> bool:
    s = set(s)
    return conflict_free(af, s) and all(defends(af, s, a) for a in s)


def complete(af: Framework, s: Iterable[Arg]) -> bool:
    s = set(s)
    return admissible(af, s) and all(a in s for a in af.arguments if defends(af, s, a))


# ---------------------------------------------------------------- on the map


def grounded_labels(g: nx.MultiDiGraph, off: Iterable[str] = (), bipolar: bool = False) -> dict[str, str]:
    """IN/OUT/UNDEC for every argument of `g` that is not switched off."""
    labels = grounded_labelling(framework(g, off, bipolar))
    return {n: labels[n] for n in g.nodes if n in labels}


def preferred(
    g: nx.MultiDiGraph,
    off: Iterable[str] = (),
    bipolar: bool = False,
    max_undecided: int = DEFAULT_MAX_UNDECIDED,
    max_extensions: int = DEFAULT_MAX_EXTENSIONS,
) -> list[frozenset[str]]:
    """The preferred extensions of `g` as sets of argument ids (auxiliary nodes dropped)."""
    exts = preferred_extensions(framework(g, off, bipolar), max_undecided, max_extensions)
    return sorted((frozenset(a for a in e if not isinstance(a, Inference)) for e in exts), key=sorted)


def changes(g: nx.MultiDiGraph, off: Iterable[str], bipolar: bool = False) -> dict[str, tuple[str, str]]:
    """What switching `off` changes: {id: (label before, label after)} for the
    arguments still on whose grounded label differs."""
    before = grounded_labels(g, (), bipolar)
    after = grounded_labels(g, off, bipolar)
    return {n: (before[n], after[n]) for n in after if before[n] != after[n]}


def attack_statuses(g: nx.MultiDiGraph, target: str, labels: Mapping[str, str]) -> dict[str, str]:
    """For each argument attacking `target` in `g`, whether that attack is in force
    under the grounded `labels` (as computed by `grounded_labels`):

    * IN — it stands: the attacker is IN and every argument undercutting the
      inference attacker → target is OUT;
    * OUT — it is defeated: the attacker is OUT, or an IN argument undercuts it;
    * UNDEC — neither.

    This is the label of the attack's auxiliary "inference holds" argument in the
    flattening, so `target` is OUT exactly when one of its attacks is IN, and IN
    exactly when all are OUT. Attackers or undercutters without a label (switched
    off, or not judged) are left out.
    """
    undercutters: dict[str, list[str]] = defaultdict(list)
    attackers: list[str] = []
    for source, _, attrs in g.in_edges(target, data=True):
        if source not in labels:
            continue
        if attrs.get("kind") == "attack":
            attackers.append(source)
        elif attrs.get("kind") == "undercut" and attrs.get("undercuts"):
            premise, _, conclusion = attrs["undercuts"].partition("->")
            if conclusion == target:
                undercutters[premise].append(source)
    statuses = {}
    for attacker in dict.fromkeys(attackers):
        against = [labels[u] for u in undercutters.get(attacker, ())]
        if labels[attacker] == OUT or IN in against:
            statuses[attacker] = OUT
        elif labels[attacker] == IN and all(label == OUT for label in against):
            statuses[attacker] = IN
        else:
            statuses[attacker] = UNDEC
    return statuses
