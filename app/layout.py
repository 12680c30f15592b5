"""Where every box of the map goes: one layout for the interactive map, its embeds and
the whole-map exports (SVG, PNG, PDF).

A map is a forest. Each group (a debate, or the arguments no debate reaches) grows
trees from its main claims: an argument's children are what supports it, on the left,
and what attacks or undercuts it, on the right (an undercutter stands next to the
supporters whose inference it attacks). Children that would make a row too wide wrap
into more rows. Folded arguments show a badge, "+N for · +M against", instead of their
children. Groups are then packed in rows so that the whole map has about the shape of
the screen it is drawn on.

What is unfolded, when the reader has not chosen, is decided by what fits: arguments
are unfolded level by level, as long as the map still fits the screen at a zoom where
every label is at least READABLE_PX high.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field, replace
from itertools import zip_longest

from app.i18n import ngettext
from app.textwidth import text_width

READABLE_PX = 11.0  # smallest label height a reader can read, in CSS pixels
FONT = {"arg": 13, "main": 15, "group": 15, "badge": 13}
BOLD = {"arg": False, "main": True, "group": True, "badge": False}
MAX_TEXT = {"arg": 168, "main": 196, "group": 250, "badge": 260}
MAX_LINES = {"arg": 5, "main": 5, "group": 2, "badge": 1}
LINE_HEIGHT = 1.3
PAD = {"arg": (10, 7), "main": (12, 9), "group": (4, 2), "badge": (9, 3)}
GAP = {"sibling": 18, "level": 36, "sides": 40, "root": 36, "group": 28, "badge": 3}
# The fit zoom keeps the smallest font at READABLE_PX with a margin for rounding.
MIN_ZOOM = READABLE_PX / min(FONT.values()) * 1.04
MAX_ZOOM = 1.25
FOR = ("support", "same_as")
AGAINST = ("undercut", "attack")
SPREADS = (0.5, 1.0, 2.0, 4.0, 8.0)  # candidate row-width factors; the best fit wins
MAX_FAILED_TRIES = 12  # unfold attempts that do not fit before the overview stops growing


@dataclass(frozen=True)
class Group:
    """A block of the map: a debate (its main claims are its roots), or the rest."""

    id: str
    title: str
    roots: tuple[str, ...]


@dataclass
class Box:
    """A drawn box, centred at (x, y), of size w × h, with its label's lines."""

    id: str
    kind: str  # arg, main, group or badge
    x: float
    y: float
    w: float
    h: float
    lines: list[str]
    font: int
    bold: bool
    of: str | None = None  # a badge: the argument or group it folds or unfolds
    counts: dict | None = None  # a badge: how many arguments it stands for

    def as_dict(self) -> dict:
        out = {
            "id": self.id,
            "kind": self.kind,
            "x": round(self.x, 1),
            "y": round(self.y, 1),
            "w": round(self.w, 1),
            "h": round(self.h, 1),
            "lines": self.lines,
            "font": self.font,
            "bold": self.bold,
        }
        if self.of is not None:
            out.update({"of": self.of, "counts": self.counts})
        return out


@dataclass
class Forest:
    """Who hangs under whom: children split into the side for and the side against."""

    groups: list[Group]
    labels: dict[str, str]
    main: set[str]
    children: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    group_of: dict[str, str] = field(default_factory=dict)
    above: dict[str, list[str]] = field(default_factory=dict)  # group → arguments drawn over its root
    via: dict[str, str] = field(default_factory=dict)  # child → the kind of its relation to its parent
    beyond: dict[str, dict] = field(default_factory=dict)  # argument → counts of its answers not on this map

    def kids(self, node: str) -> list[str]:
        left, right = self.children.get(node, ([], []))
        return left + right

    def ancestors(self, node: str) -> list[str]:
        """The chain from `node`'s parent up to its root, then the root's group id."""
        out = []
        while node in self.parent:
            node = self.parent[node]
            out.append(node)
        group = self.group_of.get(node)
        return [*out, group] if group else out


# ---------------------------------------------------------------- text
def wrap(text: str, kind: str) -> list[str]:
    """Break a label into lines that fit MAX_TEXT[kind] pixels (at most MAX_LINES)."""
    size, bold, limit = FONT[kind], BOLD[kind], MAX_TEXT[kind]
    lines: list[str] = []
    line = ""
    for word in str(text).split():
        attempt = f"{line} {word}" if line else word
        if line and text_width(attempt, size, bold) > limit:
            lines.append(line)
            line = word
        else:
            line = attempt
    if line:
        lines.append(line)
    lines = [_shorten(line_, size, bold, limit) for line_ in lines] or [""]
    if len(lines) > MAX_LINES[kind]:
        lines = lines[: MAX_LINES[kind]]
        last = lines[-1]
        while last and text_width(last + "…", size, bold) > limit:
            last = last[: last.rfind(" ")] if " " in last else last[:-1]
        lines[-1] = last + "…"
    return lines


def _shorten(line: str, size: float, bold: bool, limit: float) -> str:
    """A single word longer than the line (a URL): cut with an ellipsis."""
    if text_width(line, size, bold) <= limit:
        return line
    while line and text_width(line + "…", size, bold) > limit:
        line = line[:-1]
    return line + "…"


def box(node_id: str, kind: str, text: str, extra: str | None = None) -> Box:
    """A box sized to hold its wrapped label (plus an `extra` line, e.g. a confidence)."""
    lines = wrap(text, kind)
    if extra:
        lines.append(extra)
    size, bold = FONT[kind], BOLD[kind]
    px, py = PAD[kind]
    width = max(text_width(line_, size, bold) for line_ in lines)
    return Box(
        node_id,
        kind,
        0.0,
        0.0,
        math.ceil(width + 2 * px),
        math.ceil(len(lines) * size * LINE_HEIGHT + 2 * py),
        lines,
        size,
        bold,
    )


def shown_children(node: str, left: list[str], right: list[str], unfolded: set[str]) -> tuple[list[str], list[str]]:
    """The children `node` shows: all if unfolded, none if folded, and for `ID~k` the
    first k taken in turn from each side (so that both sides are heard)."""
    if node in unfolded:
        return left, right
    k = next(
        (
            int(u.rsplit("~", 1)[1])
            for u in unfolded
            if u.startswith(node + "~") and u.rsplit("~", 1)[1].isdigit() and u.rsplit("~", 1)[0] == node
        ),
        0,
    )
    if not k:
        return [], []
    order = [c for pair in zip_longest(left, right) for c in pair if c is not None][:k]
    chosen = set(order)
    return [c for c in left if c in chosen], [c for c in right if c in chosen]


def badge_text(counts: dict, more: bool = False) -> str:
    """ "+3 for · +1 against", or "+4 claims" ("+4 more claims" beside those shown),
    in the interface's language."""
    parts = []
    if counts.get("for"):
        parts.append(ngettext("+%(num)s for", "+%(num)s for", counts["for"]))
    if counts.get("against"):
        parts.append(ngettext("+%(num)s against", "+%(num)s against", counts["against"]))
    if counts.get("same"):
        parts.append(ngettext("+%(num)s same", "+%(num)s same", counts["same"]))
    if counts.get("claims"):
        if more:
            parts.append(ngettext("+%(num)s more claim", "+%(num)s more claims", counts["claims"]))
        else:
            parts.append(ngettext("+%(num)s claim", "+%(num)s claims", counts["claims"]))
    return " · ".join(parts)


# ---------------------------------------------------------------- the forest
def build_forest(
    groups: list[Group],
    labels: dict[str, str],
    main: set[str],
    edges: list[tuple[str, str, str]],
    above: dict[str, list[str]] | None = None,
    rest_title: str = "Other arguments",
) -> Forest:
    """Grow each group's trees breadth first from its roots along incoming relations
    (edges are (source, target, kind); an undercut's target is the conclusion of the
    inference it attacks). Every argument hangs once, under the first claim that reaches
    it; arguments no group reaches form a last group, rooted at those that answer
    nothing else there (and, for circles, at the most answered one)."""
    incoming: dict[str, list[tuple[str, str]]] = {}
    answers: dict[str, set[str]] = {}
    for source, target, kind in edges:
        if source in labels and target in labels and source != target:
            incoming.setdefault(target, []).append((source, kind))
            answers.setdefault(source, set()).add(target)
    order = {kind: i for i, kind in enumerate(("support", "same_as", "undercut", "attack"))}
    forest = Forest([], labels, main, above=dict(above or {}))
    placed: set[str] = set()
    reserved: dict[str, str] = {}
    for extra in (above or {}).values():
        placed.update(extra)

    def grow(group_id: str, title: str, roots: list[str]) -> None:
        roots = [r for r in dict.fromkeys(roots) if r in labels and (r not in placed or reserved.get(r) == group_id)]
        if not roots:
            return
        known = next((i for i, g in enumerate(forest.groups) if g.id == group_id), None)
        if known is None:
            forest.groups.append(Group(group_id, title, tuple(roots)))
        else:
            old = forest.groups[known]
            forest.groups[known] = Group(old.id, old.title, old.roots + tuple(roots))
        queue = deque(roots)
        for r in roots:
            placed.add(r)
            forest.group_of[r] = group_id
        while queue:
            node = queue.popleft()
            left: list[str] = []
            right: list[str] = []
            for source, kind in sorted(incoming.get(node, ()), key=lambda e: order.get(e[1], 9)):
                if source in placed:
                    continue
                placed.add(source)
                forest.parent[source] = node
                forest.via[source] = kind
                (left if kind in FOR else right).append(source)
                queue.append(source)
            if left or right:
                forest.children[node] = (left, right)

    # Every group's roots are claimed first: a debate's main claim stays at the top of
    # its own debate even when it also answers another debate's claim.
    for group in groups:
        for r in group.roots:
            if r in labels and r not in placed:
                reserved.setdefault(r, group.id)
    placed.update(reserved)
    for group in groups:
        grow(group.id, group.title, [r for r in group.roots if reserved.get(r) == group.id])
    rest = [n for n in labels if n not in placed]
    if rest:
        inside = set(rest)
        grow("rest", rest_title, [n for n in rest if not answers.get(n, set()) & inside])
        while rest := [n for n in labels if n not in placed]:  # circles: start at the most answered
            grow("rest", rest_title, [max(rest, key=lambda n: len(incoming.get(n, ())))])
    return forest


# ---------------------------------------------------------------- geometry
@dataclass
class Block:
    """A laid-out subtree: boxes relative to the block's top-left corner."""

    w: float
    h: float
    boxes: list[Box]

    def shifted(self, dx: float, dy: float) -> list[Box]:
        return [replace(b, x=b.x + dx, y=b.y + dy) for b in self.boxes]


def shelf(blocks: list[Block], limit: float, gap_x: float, gap_y: float) -> Block:
    """Pack blocks left to right in rows no wider than `limit` (a block wider than the
    limit gets a row of its own), rows stacked top to bottom and centred."""
    rows: list[list[Block]] = []
    width = 0.0
    for b in blocks:
        if rows and width + gap_x + b.w <= limit:
            rows[-1].append(b)
            width += gap_x + b.w
        else:
            rows.append([b])
            width = b.w
    total_w = max((sum(b.w for b in row) + gap_x * (len(row) - 1) for row in rows), default=0.0)
    boxes: list[Box] = []
    y = 0.0
    for row in rows:
        row_w = sum(b.w for b in row) + gap_x * (len(row) - 1)
        x = (total_w - row_w) / 2
        for b in row:
            boxes.extend(b.shifted(x, y))
            x += b.w + gap_x
        y += max(b.h for b in row) + gap_y
    return Block(total_w, max(0.0, y - gap_y), boxes)


def row_limit(blocks: list[Block], spread: float, gap: float) -> float:
    """Row width for a set of blocks: about `spread` times as wide as tall."""
    if not blocks:
        return 0.0
    area = sum((b.w + gap) * (b.h + gap) for b in blocks)
    return max(max(b.w for b in blocks), math.sqrt(area * spread))


class Layout:
    """Lays out a forest for one unfolded set; positions come out as Boxes."""

    def __init__(self, forest: Forest, nodes: dict[str, dict]):
        self.forest = forest
        self.nodes = nodes
        self._boxes: dict[str, Box] = {}

    def arg_box(self, node: str) -> Box:
        if node not in self._boxes:
            data = self.nodes.get(node, {})
            kind = "main" if node in self.forest.main else "arg"
            extra = None
            if data.get("origin") == "extracted":
                extra = f"extracted · {round((data.get('confidence') or 0) * 100)}%"
            self._boxes[node] = box(node, kind, self.forest.labels[node], extra)
        return self._boxes[node]

    def counts(self, left: list[str], right: list[str]) -> dict:
        """A badge's counts for the answers it stands for."""
        same = sum(1 for c in left if self.forest.via.get(c) == "same_as")
        return {"for": len(left) - same, "against": len(right), "same": same}

    def node_block(self, node: str, unfolded: set[str], spread: float) -> Block:
        """The block of `node` and of the children it shows: all of them if unfolded,
        the first k if unfolded in part (`ID~k`), none if folded; a badge counts the rest."""
        own = self.arg_box(node)
        left, right = self.forest.children.get(node, ([], []))
        shown_left, shown_right = shown_children(node, left, right, unfolded)
        head = [replace(own, x=own.w / 2, y=own.h / 2)]
        head_w, head_h = own.w, own.h
        hidden = ([c for c in left if c not in shown_left], [c for c in right if c not in shown_right])
        counts, of = None, node
        if hidden[0] or hidden[1]:
            counts = self.counts(*hidden)
        elif node in self.forest.beyond and not (left or right):
            counts, of = self.forest.beyond[node], f"around:{node}"  # answers outside this map
        if counts:
            b = box(f"badge:{node}", "badge", badge_text(counts))
            head.append(replace(b, x=own.w / 2, y=own.h + GAP["badge"] + b.h / 2, of=of, counts=counts))
            head_w, head_h = max(own.w, b.w), own.h + GAP["badge"] + b.h
        if not (shown_left or shown_right):
            return Block(head_w, head_h, [_recentre(bx, head_w) for bx in head])
        sides = []
        for side in (shown_left, shown_right):
            blocks = [self.node_block(c, unfolded, spread) for c in side]
            if blocks:
                sides.append(shelf(blocks, row_limit(blocks, spread, GAP["sibling"]), GAP["sibling"], GAP["level"]))
        below = sides[0] if len(sides) == 1 else _beside(sides, GAP["sides"])
        width = max(head_w, below.w)
        boxes = [_recentre(bx, width) for bx in head]
        boxes.extend(Block(below.w, below.h, below.boxes).shifted((width - below.w) / 2, head_h + GAP["level"]))
        return Block(width, head_h + GAP["level"] + below.h, boxes)

    def group_block(self, group: Group, unfolded: set[str], spread: float, titled: bool) -> Block:
        """A group's title (if `titled`), then its trees packed in rows. A folded group
        shows only the claims unfolded one by one (`root:ID`) and a badge for the rest."""
        whole = f"group:{group.id}" in unfolded
        roots = [r for r in group.roots if whole or f"root:{r}" in unfolded]
        parts: list[Block] = []
        if titled:
            t = box(f"group:{group.id}", "group", group.title)
            parts.append(_alone(t, of=f"group:{group.id}"))
        if len(roots) < len(group.roots):
            counts = {"claims": len(group.roots) - len(roots)}
            b = box(f"badge:group:{group.id}", "badge", badge_text(counts, more=bool(roots)))
            parts.append(_alone(b, of=f"group:{group.id}", counts=counts))
        if len(parts) == 2:  # title and badge on one line
            parts = [_beside(parts, 10, middle=True)]
        if roots:
            trees = [self.node_block(r, unfolded, spread) for r in roots]
            body = shelf(trees, row_limit(trees, spread, GAP["root"]), GAP["root"], GAP["level"] + 8)
            over = self.forest.above.get(group.id, [])
            if over:
                above = shelf([_alone(self.arg_box(a)) for a in over], max(body.w, 400), GAP["sibling"], GAP["sibling"])
                body = _stack([above, body], GAP["level"] + 10)
            parts.append(body)
        return _stack(parts, 12, align_left=True)

    def run(self, unfolded: set[str], aspect: float, spread: float) -> Block:
        """The whole map for `unfolded`: groups packed to about `aspect` (width / height)."""
        blocks = [self.group_block(g, unfolded, spread, bool(g.title)) for g in self.forest.groups]
        return pack_to_aspect(blocks, aspect, GAP["group"])


def _alone(b: Box, **extra) -> Block:
    """A block holding one box (with `extra` fields set, e.g. what a badge unfolds)."""
    return Block(b.w, b.h, [replace(b, x=b.w / 2, y=b.h / 2, **extra)])


def _recentre(b: Box, width: float) -> Box:
    """Centre a head box (argument or badge) horizontally in a block `width` wide."""
    return replace(b, x=width / 2)


def _beside(blocks: list[Block], gap: float, middle: bool = False) -> Block:
    """Blocks side by side, tops aligned (or vertically centred, if `middle`)."""
    height = max(b.h for b in blocks)
    boxes: list[Box] = []
    x = 0.0
    for b in blocks:
        boxes.extend(b.shifted(x, (height - b.h) / 2 if middle else 0))
        x += b.w + gap
    return Block(x - gap, height, boxes)


def _stack(blocks: list[Block], gap: float, align_left: bool = False) -> Block:
    width = max(b.w for b in blocks)
    boxes: list[Box] = []
    y = 0.0
    for b in blocks:
        boxes.extend(b.shifted(0 if align_left else (width - b.w) / 2, y))
        y += b.h + gap
    return Block(width, y - gap, boxes)


def pack_to_aspect(blocks: list[Block], aspect: float, gap: float) -> Block:
    """Shelf-pack blocks, in order, choosing the row width whose result is closest in
    shape to `aspect` (then the smallest area)."""
    if not blocks:
        return Block(0, 0, [])
    widths = sorted(
        {
            sum(b.w for b in blocks[i:j]) + gap * (j - i - 1)
            for i in range(len(blocks))
            for j in range(i + 1, min(len(blocks), i + 12) + 1)
        }
    )
    widest = max(b.w for b in blocks)
    best = None
    for limit in (w for w in widths if w >= widest):
        packed = shelf(blocks, limit, gap, gap)
        score = (abs(math.log(max(packed.w, 1) / max(packed.h, 1) / aspect)), packed.w * packed.h)
        if best is None or score < best[0]:
            best = (score, packed)
    return best[1]


# ---------------------------------------------------------------- fitting
@dataclass
class Result:
    """A laid-out map: boxes in model pixels, the unfolded set, and its bounding box."""

    boxes: list[Box]
    unfolded: set[str]
    width: float
    height: float
    group_of: dict[str, str] = field(default_factory=dict)  # drawn argument → its group

    def as_dict(self, viewport: tuple[float, float] | None = None) -> dict:
        out = {
            "width": round(self.width, 1),
            "height": round(self.height, 1),
            "unfolded": sorted(self.unfolded),
            "min_zoom": round(MIN_ZOOM, 3),
            "boxes": [b.as_dict() for b in self.boxes],
            "group_of": self.group_of,
        }
        if viewport:
            out["fit_zoom"] = round(fit_zoom(self.width, self.height, viewport), 3)
        return out


def fit_zoom(width: float, height: float, viewport: tuple[float, float]) -> float:
    """The zoom that shows a width × height map whole in `viewport` (capped)."""
    vw, vh = viewport
    return min(MAX_ZOOM, vw / max(width, 1), vh / max(height, 1))


def fits(block: Block, viewport: tuple[float, float]) -> bool:
    return fit_zoom(block.w, block.h, viewport) >= MIN_ZOOM


class Planner:
    """Chooses what is unfolded and lays the map out for a viewport (CSS pixels,
    margins already taken off)."""

    def __init__(self, forest: Forest, nodes: dict[str, dict], viewport: tuple[float, float]):
        self.layout = Layout(forest, nodes)
        self.forest = forest
        self.viewport = viewport
        self.aspect = viewport[0] / max(viewport[1], 1)

    def place(self, unfolded: set[str]) -> Block:
        """The best of a few row-width spreads: one that fits, closest to the viewport's shape."""
        best = None
        for spread in SPREADS:
            block = self.layout.run(unfolded, self.aspect, spread * self.aspect)
            score = (not fits(block, self.viewport), abs(math.log(max(block.w, 1) / max(block.h, 1) / self.aspect)))
            if best is None or score < best[0]:
                best = (score, block)
        return best[1]

    def unfoldable(self, unfolded: set[str]) -> list[str]:
        """What could be unfolded next, level by level: the claims of each group in turn,
        then the shown arguments in reading order."""
        claims: list[list[str]] = []
        frontier = []
        for g in self.forest.groups:
            whole = f"group:{g.id}" in unfolded
            claims.append([f"root:{r}" for r in g.roots if not (whole or f"root:{r}" in unfolded)])
            frontier.extend(r for r in g.roots if whole or f"root:{r}" in unfolded)
        # claims in turn from each group, so that every debate shows its first claims
        out = [c[i] for i in range(max(map(len, claims), default=0)) for c in claims if i < len(c)]
        while frontier:
            nxt = []
            for node in frontier:
                if not self.forest.kids(node):
                    continue
                if node in unfolded:
                    nxt.extend(self.forest.kids(node))
                else:
                    out.append(node)
            frontier = nxt
        return out

    def plan(self, unfold: set[str] | None = None, fold: set[str] = frozenset(), reveal: str | None = None) -> Result:
        """`unfold` given: exactly those (and what it takes to show them). Otherwise the
        overview: unfold what fits readably, never what is in `fold`; `reveal` is shown
        whatever it takes."""
        forced = set()
        for wanted in [*(unfold or ()), *([reveal] if reveal else [])]:
            forced.update(self._path(wanted))
        if unfold is not None:
            chosen = forced | {
                u for u in unfold if u.split("~")[0] in self.forest.children or u.startswith(("group:", "root:"))
            }
            return self._result(chosen)
        chosen = set(forced)
        block = self.place(chosen)
        failed = 0
        # a folded group keeps its claims folded too
        tried = {f"root:{r}" for g in self.forest.groups if f"group:{g.id}" in fold for r in g.roots} | set(fold)
        while failed < MAX_FAILED_TRIES:
            candidates = [c for c in self.unfoldable(chosen) if c not in tried]
            if not candidates:
                break
            candidate = candidates[0]
            tried.add(candidate)
            attempt = self.place(chosen | {candidate})
            if fits(attempt, self.viewport):
                chosen.add(candidate)
                block = attempt
                failed = 0
                continue
            part = self._partial(chosen, candidate)
            if part is not None:
                chosen.add(part[0])
                block = part[1]
            failed += 1
        return self._finish(block, chosen)

    def _partial(self, chosen: set[str], node: str) -> tuple[str, Block] | None:
        """The most of `node`'s answers that still fit (`ID~k`, k found by bisection),
        for an argument with many answers; None if not even one fits."""
        total = len(self.forest.kids(node))
        if node.startswith(("group:", "root:")) or total < 3:
            return None
        best = None
        lo, hi = 1, total - 1
        while lo <= hi:
            k = (lo + hi) // 2
            attempt = self.place(chosen | {f"{node}~{k}"})
            if fits(attempt, self.viewport):
                best = (f"{node}~{k}", attempt)
                lo = k + 1
            else:
                hi = k - 1
        return best

    def _path(self, node: str) -> set[str]:
        """What must be unfolded for `node` to be shown: its ancestors and its claim."""
        if node.startswith(("group:", "root:")):
            return {node}
        if node not in self.forest.labels:
            return set()
        chain = self.forest.ancestors(node)  # parents up to the root, then the group
        root = chain[-2] if len(chain) > 1 else node
        return {*chain[:-1], f"root:{root}"}

    def _result(self, chosen: set[str]) -> Result:
        return self._finish(self.place(chosen), chosen)

    def _finish(self, block: Block, chosen: set[str]) -> Result:
        groups = {}
        for b in block.boxes:
            if b.kind in ("arg", "main"):
                chain = self.forest.ancestors(b.id)
                if chain:
                    groups[b.id] = chain[-1]
        return Result(block.boxes, chosen, block.w, block.h, groups)
