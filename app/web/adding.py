"""Adding a document from the browser: the "Add a document" page, the upload, the job page.

`POST /api/documents` takes the file (multipart) and its optional metadata, refuses at
once what cannot be added (413 too large, 422 empty/binary/undecodable, 409 already a
document), then starts a background job (`app.jobs`) that extracts the arguments and
writes the document in one change; it answers 202 with the job's address (303 to the
job page for a form posted without JavaScript). `/jobs/{id}` shows the job's progress
(a `<progress>` bar that `static/js/job.js` keeps up to date, a plain refresh without
JavaScript) and, once done, links to the new document.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.datastructures import UploadFile

from app.adding import STAGES, Duplicate, add_document, find_duplicate
from app.i18n import N_, gettext, number
from app.ingest import Given, Ingested, Refused, ingest
from app.jobs import WAITING, JobFailed, runner
from app.store import Conflict, Invalid, Store
from app.web import auth, errors
from app.web.auth import FORM_SLACK, Curator, CuratorDep, private_page
from app.web.writing import apply_change

router = APIRouter()
NO_STORE = {"Cache-Control": "no-store"}
FIELDS = ("title", "author", "date", "language", "url")
JOB_ID = Annotated[str, Path(pattern=r"^[0-9a-f]{16}$", description="A job's id")]
ERRORS = {
    401: {"description": "Not logged in"},
    403: {"description": "No CSRF token, or not allowed"},
    409: {"description": "The file is already a document: `document` is its page"},
    413: {"description": "The file is larger than the `max_upload_bytes` setting"},
    422: {"description": "Empty, binary or undecodable file, or invalid metadata"},
}


class _Refusal(Exception):
    def __init__(self, status: int, message: str, document: str | None = None):
        super().__init__(message)
        self.status, self.message, self.document = status, message, document


@private_page(router, "/documents/new", "add_document.html", section="documents")
def new_document(request: Request) -> dict:
    """The "Add a document" form for a curator (with the session's CSRF token); a link to
    log in for anyone else."""
    limit = request.app.state.settings.max_upload_bytes
    return {"max_upload_bytes": limit, "max_upload": _size(limit), "error": None, "values": {}}


@router.post(
    "/api/documents",
    tags=["api"],
    status_code=202,
    responses={**ERRORS, 202: {"description": "The job adding the document: `job` and its page `url`"}},
    summary="Add a document (multipart: file, title, author, date, language, url)",
)
async def upload_document(request: Request, curator: CuratorDep):
    """Check the upload, then add it in a background job: 202 with the job (303 to its page for a plain form)."""
    settings = request.app.state.settings
    values: dict[str, str] = {}
    try:
        form = await _form(request, settings.max_upload_bytes)
        values = {k: str(form.get(k) or "").strip() for k in FIELDS}
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise _Refusal(422, gettext("Choose a file to add."))
        data = await upload.read()
        if len(data) > settings.max_upload_bytes:
            raise _too_large(settings.max_upload_bytes)
        ingested = ingest(data, upload.filename or "", _given(values))
        known = find_duplicate(settings.seeds_dir, ingested)
        if known is not None:
            title = request.app.state.graph.corpus.documents[known].display_title
            raise _Refusal(
                409, gettext("This file is already the document “%(title)s”.", title=title), f"/documents/{known}"
            )
    except Refused as exc:
        reason = gettext("This file cannot be added: %(reason)s.", reason=exc.said())
        return _refused(request, _Refusal(422, reason), values, curator)
    except _Refusal as refusal:
        return _refused(request, refusal, values, curator)
    job = runner().start(ingested.title or upload.filename or "document", _work(request, curator, ingested))
    where = f"/jobs/{job.id}"
    if errors.from_form(request):
        return RedirectResponse(where, status_code=303)
    return JSONResponse({"job": job.id, "url": where, "status": f"{where}.json"}, status_code=202, headers=NO_STORE)


@router.get("/jobs/{job_id}.json", include_in_schema=False)
def job_json(job_id: JOB_ID):
    return JSONResponse(_job_or_404(job_id).view(), headers=NO_STORE)


@router.get("/jobs/{job_id}", include_in_schema=False)
def job_page(request: Request, job_id: JOB_ID):
    """A job's progress; not cached: it changes while the corpus does not."""
    job = _job_or_404(job_id).view()
    stages = {stage: gettext(stage) for stage in (WAITING, *STAGES)}  # its script follows them too
    context = {
        "job": job,
        "stages": stages,
        "section": "documents",
        "json_url": f"/jobs/{job_id}.json",
        "canonical_url": None,
    }
    return request.app.state.templates.TemplateResponse(request, "job.html", context, headers=NO_STORE)


def _work(request: Request, curator: Curator, ingested: Ingested):
    """The job: extract and write the document through the web's write path (recorded, served at once)."""
    seeds_dir = request.app.state.settings.seeds_dir

    def commit(summary, targets, make):
        try:
            return apply_change(request, curator, summary, targets, make)
        except (Invalid, Conflict) as exc:
            raise JobFailed(N_("the document would break the map: %(report)s"), report=str(exc)) from None

    def work(report) -> dict:
        try:
            added = add_document(Store(seeds_dir), ingested, report, commit=commit)
        except Duplicate as exc:
            known = request.app.state.graph.corpus.documents.get(exc.document_id)
            title = known.display_title if known else exc.document_id
            raise JobFailed(N_("this file is already the document “%(title)s”"), title=title) from None
        return {
            "document": added.document_id,
            "url": f"/documents/{added.document_id}",
            "arguments": added.arguments,
            "relations": added.relations,
            "comments": added.comments,
            "language": added.language,
            "extracted": added.extracted,
        }

    return work


async def _form(request: Request, limit: int):
    """The multipart form, read with the size checked twice: the announced Content-Length
    first, then the bytes actually received (a client may announce less, or nothing)."""
    most = limit + FORM_SLACK
    announced = request.headers.get("content-length")
    if announced is not None and announced.isdigit() and int(announced) > most:
        raise _too_large(limit)
    received = 0
    chunks = []
    async for chunk in request.stream():
        received += len(chunk)
        if received > most:
            raise _too_large(limit)
        chunks.append(chunk)
    body = b"".join(chunks)

    async def replay():
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        return await Request(request.scope, replay).form(max_part_size=FORM_SLACK)
    except Exception as exc:  # malformed multipart: starlette's MultiPartException and friends
        if "exceed" in str(exc).lower():
            raise _too_large(limit) from None
        raise _Refusal(422, gettext("The upload could not be read (%(error)s).", error=str(exc))) from None


def _given(values: dict[str, str]) -> Given:
    date = None
    if values.get("date"):
        try:
            date = dt.date.fromisoformat(values["date"])
        except ValueError:
            raise _Refusal(
                422, gettext("The date “%(date)s” is not a date like 2012-03-14.", date=values["date"])
            ) from None
    language = values.get("language") or None
    if language and not (language.isascii() and language.isalpha() and 2 <= len(language) <= 3):
        raise _Refusal(
            422, gettext("The language “%(language)s” is not a language code like fr or en.", language=language)
        )
    return Given(
        title=values.get("title") or None,
        author=values.get("author") or None,
        date=date,
        language=language,
        url=values.get("url") or None,
    )


def _too_large(limit: int) -> _Refusal:
    return _Refusal(413, gettext("The file is too large: at most %(size)s can be added.", size=_size(limit)))


def _refused(request: Request, refusal: _Refusal, values: dict, curator: Curator):
    """The refusal as JSON for scripts, or the form again with the reason for a plain form post."""
    if errors.from_form(request):
        limit = request.app.state.settings.max_upload_bytes
        context = {
            "max_upload_bytes": limit,
            "max_upload": _size(limit),
            "error": {"message": refusal.message, "document": refusal.document},
            "values": values,
            "section": "documents",
            "json_url": None,
            "canonical_url": None,
            **auth.reader(request, curator),
        }
        return request.app.state.templates.TemplateResponse(
            request, "add_document.html", context, status_code=refusal.status, headers=auth.PRIVATE
        )
    body: dict = {"errors": [{"message": refusal.message}]}
    if refusal.document:
        body["document"] = refusal.document
    return JSONResponse(body, status_code=refusal.status, headers=NO_STORE)


def _job_or_404(job_id: str):
    job = runner().get(job_id)
    if job is None:
        raise HTTPException(
            404, gettext("There is no job %(job)s (jobs are forgotten when the server restarts).", job=job_id)
        )
    return job


def _size(n: int) -> str:
    """A size limit for the reader: 5 MB · 5 Mo."""
    if n >= 1_000_000:
        return gettext("%(n)s MB", n=number(n / 1_000_000))
    return gettext("%(n)s KB", n=number(n / 1000))
