"""The change history as pages (`/history`, `/history/{n}`, with JSON twins) and its undo
(`POST /api/history/{n}/undo`). Private pages (`auth.private_page`): they change with
every write, and a curator's copy holds the Undo forms with the session's CSRF token,
which work without JavaScript (a form post is answered with the page of the undo, or
the change's page saying why it was refused)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from app import database, history
from app.i18n import N_, Phrase, gettext
from app.store import Conflict
from app.web import auth, errors
from app.web.auth import CuratorDep, private_page
from app.web.writing import WRITE_RESPONSES, write

router = APIRouter()

Target = Annotated[str | None, Query(max_length=200)]


def _entry(entry: dict) -> dict:
    """A change as pages and the API show it (times in UTC, ISO 8601)."""
    shown = {k: v for k, v in entry.items() if k != "contents"}
    summary = entry["summary"]
    shown["summary"] = summary.said() if isinstance(summary, Phrase) else summary
    shown["at"] = entry["at"].isoformat(timespec="seconds")
    shown["url"] = f"/history/{entry['id']}"
    shown["targets"] = [{"target": t, "url": _target_url(t)} for t in entry["targets"]]
    return shown


def _target_url(target: str) -> str | None:
    kind, _, ident = target.partition(":")
    return f"/{kind}s/{ident}" if kind in history.TARGET_KINDS and ident else None


@private_page(router, "/history", "history.html", section="history")
def history_page(
    request: Request,
    argument: Target = None,
    document: Target = None,
    debate: Target = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int | None, Query(ge=1, le=500)] = None,
):
    """Every change to the map, newest first; `?argument=ID`, `?document=ID` or `?debate=ID`
    keeps the changes to that one."""
    limit = limit or request.app.state.settings.page_size
    kind, ident = next(((k, v) for k, v in zip(history.TARGET_KINDS, (argument, document, debate)) if v), (None, None))
    target = f"{kind}:{ident}" if kind else None
    with database.session(request.app.state.settings) as db:
        entries, total = history.list_changes(db, target, offset, limit)
    return {
        "changes": [_entry(e) for e in entries],
        "filter": {"kind": kind, "id": ident, "url": _target_url(target)} if target else None,
        "total": total,
        "offset": offset,
        "limit": limit,
        "next_offset": offset + limit if offset + limit < total else None,
        "prev_offset": max(0, offset - limit) if offset else None,
    }


@private_page(router, "/history/{n}", "change.html", section="history")
def change_page(request: Request, n: Annotated[int, Path(ge=1)]):
    """One change: who made it, when, and each file's diff."""
    return {"change": _shown_change(request, n)}


def _shown_change(request: Request, n: int) -> dict:
    with database.session(request.app.state.settings) as db:
        entry = history.get_change(db, n)
    if entry is None:
        raise HTTPException(404, gettext("There is no change number %(n)s in the history.", n=n))
    shown = _entry(entry)
    shown["diffs"] = [history.diff(path, before, after) for path, (before, after) in entry["contents"].items()]
    return shown


@router.post(
    "/api/history/{n}/undo",
    tags=["api"],
    summary="Undo a change",
    response_model=None,
    responses={404: {"description": "No such change"}, **WRITE_RESPONSES},
)
def undo(request: Request, n: Annotated[int, Path(ge=1)], curator: CuratorDep) -> dict | Response:
    """Put the files of change `n` back as they were before it, as a new change of its own.
    409 when it is already undone or a later change touched the same files (undo that
    one first); `current` lists the later changes. A page's form (no script) is answered
    303 to the undo's page, or with the change's page saying why it was refused."""
    if not errors.from_form(request):
        return _undo(request, n, curator)
    try:
        done = _undo(request, n, curator)
    except Conflict as refused:
        return _refused_page(request, n, str(refused))
    return RedirectResponse(done["url"] or f"/history/{n}", status_code=303)


def _refused_page(request: Request, n: int, why: str) -> Response:
    context = {"change": _shown_change(request, n), "refused": why, "section": "history", "json_url": None}
    context.update(auth.reader(request), canonical_url=None)
    return request.app.state.templates.TemplateResponse(
        request, "change.html", context, status_code=409, headers=auth.PRIVATE
    )


def _undo(request: Request, n: int, curator) -> dict:
    with database.session(request.app.state.settings) as db:
        entry = history.get_change(db, n)
        if entry is None:
            raise HTTPException(404, gettext("There is no change number %(n)s in the history.", n=n))
        if entry["undone_by"] is not None:
            raise Conflict(gettext("Change %(n)s is already undone (by change %(by)s).", n=n, by=entry["undone_by"]))
        later = history.later_changes(db, n)
    if later:
        raise Conflict(
            gettext(
                "Later changes touched the same files: undo %(changes)s first.",
                changes=", ".join(f"#{m}" for m in reversed(later)),
            ),
            [{"id": m, "url": f"/history/{m}"} for m in later],
        )
    change, number = write(
        request,
        curator,
        entry["targets"],
        lambda store: store.restore(
            Phrase(N_("Undo of #%(n)s: %(summary)s"), n=n, summary=entry["summary"]), history.as_change(entry)
        ),
        undoes=n,
    )
    return {"undone": n, "change": number, "url": f"/history/{number}" if number else None, "files": change.files}
