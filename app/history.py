"""The change history: every change made to the seeds folder, by whom, when, and the
files before and after it, so that it can be shown, diffed and undone.

A change names its targets ("argument:ID", "document:ID", "debate:ID") so the history
of one argument, document or debate can be listed. An undo is a change of its own that
names the change it undoes (`undoes`); the undone change points back (`undone_by`).
Pure functions over a database session.
"""

from __future__ import annotations

import difflib
import json
from datetime import datetime, timezone

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from app.database import metadata
from app.i18n import Phrase
from app.store import Change

TARGET_KINDS = ("argument", "document", "debate")
MAX_DIFF_LINES = 2000  # a diff longer than this is cut, with a note (a whole new document, say)

changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("curator", String(64), nullable=False),
    Column("summary", Text, nullable=False),  # in English: the record
    Column("phrase", Text, nullable=True),  # the summary to say in the reader's language (JSON)
    Column("undoes", Integer, ForeignKey("changes.id"), nullable=True),
    Column("undone_by", Integer, ForeignKey("changes.id"), nullable=True),
)
change_targets = Table(
    "change_targets",
    metadata,
    Column("change_id", Integer, ForeignKey("changes.id", ondelete="CASCADE"), primary_key=True),
    Column("target", String(300), primary_key=True, index=True),
)
change_files = Table(
    "change_files",
    metadata,
    Column("change_id", Integer, ForeignKey("changes.id", ondelete="CASCADE"), primary_key=True),
    Column("path", String(1000), primary_key=True, index=True),
    Column("before", LargeBinary, nullable=True),
    Column("after", LargeBinary, nullable=True),
)


def record(
    db: Session, curator: str, change: Change, targets: list[str], now: datetime, undoes: int | None = None
) -> int:
    """Store `change` as made by `curator` at `now`; its number. An undo names the change
    it undoes, which is then marked as undone by this one."""
    number = db.execute(
        insert(changes)
        .values(
            at=now, curator=curator, summary=str(change.summary), phrase=_phrase_json(change.summary), undoes=undoes
        )
        .returning(changes.c.id)
    ).scalar_one()
    for target in dict.fromkeys(targets):
        db.execute(insert(change_targets).values(change_id=number, target=target))
    for path in change.files:
        db.execute(
            insert(change_files).values(
                change_id=number, path=path, before=change.before.get(path), after=change.after[path]
            )
        )
    if undoes is not None:
        db.execute(update(changes).where(changes.c.id == undoes).values(undone_by=number))
    return number


def list_changes(db: Session, target: str | None = None, offset: int = 0, limit: int = 50) -> tuple[list[dict], int]:
    """The changes (to `target` only, when given), newest first, and how many there are."""
    query = select(changes)
    if target:
        query = query.where(
            changes.c.id.in_(select(change_targets.c.change_id).where(change_targets.c.target == target))
        )
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.execute(query.order_by(changes.c.id.desc()).offset(offset).limit(limit)).all()
    numbers = [row.id for row in rows]
    targets = _grouped(db, change_targets.c.target, numbers)
    paths = _grouped(db, change_files.c.path, numbers)
    return [_summary(row, targets.get(row.id, []), paths.get(row.id, [])) for row in rows], total


def get_change(db: Session, number: int) -> dict | None:
    """One change with its files' contents before and after, or None."""
    row = db.execute(select(changes).where(changes.c.id == number)).first()
    if row is None:
        return None
    targets = _grouped(db, change_targets.c.target, [number]).get(number, [])
    files = db.execute(
        select(change_files.c.path, change_files.c.before, change_files.c.after)
        .where(change_files.c.change_id == number)
        .order_by(change_files.c.path)
    ).all()
    entry = _summary(row, targets, [f.path for f in files])
    entry["contents"] = {f.path: (f.before, f.after) for f in files}
    return entry


def as_change(entry: dict) -> Change:
    """The store's view of a recorded change (what `Store.restore` undoes)."""
    contents = entry["contents"]
    return Change(
        entry["summary"],
        {path: before for path, (before, _) in contents.items()},
        {path: after for path, (_, after) in contents.items()},
    )


def later_changes(db: Session, number: int) -> list[int]:
    """Changes after `number` that touched one of its files and are still in effect (not
    undone, and not the undo of a change made after it): undoing `number` would lose them."""
    paths = select(change_files.c.path).where(change_files.c.change_id == number)
    touching = select(change_files.c.change_id).where(change_files.c.path.in_(paths))
    query = (
        select(changes.c.id)
        .where(changes.c.id > number, changes.c.id.in_(touching), changes.c.undone_by.is_(None))
        .where((changes.c.undoes.is_(None)) | (changes.c.undoes < number))
        .order_by(changes.c.id)
    )
    return list(db.scalars(query))


def diff(path: str, before: bytes | None, after: bytes | None) -> dict:
    """A readable diff of one file: its status (added, deleted, changed) and its lines,
    each {"kind": "hunk" | "add" | "del" | "same", "text"}; binary files are only sized."""
    status = "added" if before is None else "deleted" if after is None else "changed"
    old, new = _text(before), _text(after)
    if old is None or new is None:
        sizes = [len(b) for b in (before, after) if b is not None]
        return {"path": path, "status": status, "binary": True, "sizes": sizes, "lines": [], "cut": False}
    lines = []
    for line in list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=3))[2:]:
        kind = "hunk" if line.startswith("@@") else {"+": "add", "-": "del"}.get(line[:1], "same")
        lines.append({"kind": kind, "text": line})
    return {
        "path": path,
        "status": status,
        "binary": False,
        "lines": lines[:MAX_DIFF_LINES],
        "cut": len(lines) > MAX_DIFF_LINES,
    }


def _text(data: bytes | None) -> str | None:
    if data is None:
        return ""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _grouped(db: Session, column, numbers: list[int]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    if numbers:
        table = column.table
        for number, value in db.execute(
            select(table.c.change_id, column).where(table.c.change_id.in_(numbers)).order_by(column)
        ):
            grouped.setdefault(number, []).append(value)
    return grouped


def _phrase_json(summary: str | Phrase) -> str | None:
    return json.dumps(summary.to_json(), ensure_ascii=False) if isinstance(summary, Phrase) else None


def _summary(row, targets: list[str], paths: list[str]) -> dict:
    """A change's row as a dict; its summary a `Phrase` to say in the reader's language,
    or the English text alone (changes recorded before phrases were kept)."""
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=timezone.utc)
    return {
        "id": row.id,
        "at": at,
        "curator": row.curator,
        "summary": Phrase.from_json(json.loads(row.phrase)) if row.phrase else row.summary,
        "targets": targets,
        "files": paths,
        "undoes": row.undoes,
        "undone_by": row.undone_by,
    }
