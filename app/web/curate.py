"""The curation endpoints under /api: each edit of the curated map is one change through
`app.web.writing.apply_change` (validated by the loader, recorded, served at once), made
by an operation of `app.curating`. They take and return JSON and need a curator."""

from __future__ import annotations

from typing import Annotated, Callable, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from app import curating
from app.curation import topic_version
from app.i18n import N_, Phrase
from app.store import Staged
from app.web.auth import CuratorDep
from app.web.errors import TITLES
from app.web.lookup import document_or_404
from app.web.params import GraphDep
from app.web.writing import apply_change


class WriteErrorOut(BaseModel):
    """Why a write was refused: the loader's report, or what the edit conflicts with."""

    status: int
    error: str
    detail: list[str]
    errors: list[dict]
    current: dict | None = None
    links: list[dict] | None = None


WRITE_ERRORS = {
    401: {"description": "No curator is logged in"},
    403: {"description": "The session's CSRF token is missing or wrong (header X-CSRF-Token)"},
    404: {"model": WriteErrorOut, "description": "The edit names an argument, relation or debate that does not exist"},
    409: {
        "model": WriteErrorOut,
        "description": "Someone changed it since your version (`current`: its version and entry), "
        "or a deletion would take relations with it (`links`) and is not confirmed",
    },
    422: {"model": WriteErrorOut, "description": "The edit would break the map: the loader's message"},
}

router = APIRouter(prefix="/api", tags=["curation"], responses=WRITE_ERRORS)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class NewArgument(_In):
    document: str
    start: int = Field(ge=0, description="Character offset of the passage in the document's text")
    end: int = Field(gt=0, description="End of the passage (exclusive): the quote is text[start:end]")
    label: str = Field(min_length=1, max_length=300)
    label_fr: str | None = Field(default=None, max_length=300)
    speaker: str | None = Field(default=None, description="Absent: the speaker of the comment (or body) quoted")
    tags: list[Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]] = []
    main: bool = False


class ArgumentEdit(_In):
    version: str = Field(description="The version the edit is based on (from the argument's JSON)")
    label: str | None = Field(default=None, min_length=1, max_length=300)
    label_fr: str | None = Field(default=None, max_length=300)
    speaker: str | None = None
    tags: list[Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]] | None = None
    main: bool | None = None


class RelationIn(_In):
    source: str = Field(alias="from", min_length=1)
    kind: Literal["support", "attack", "undercut"]
    target: str = Field(alias="to", min_length=1, description='For an undercut, the inference "premise->conclusion"')
    note: str | None = None


class SuggestionIn(_In):
    source: str = Field(alias="from", min_length=1)
    kind: Literal["support", "attack"]
    target: str = Field(alias="to", min_length=1)


class Acceptance(_In):
    label: str | None = Field(default=None, min_length=1, max_length=300)
    label_fr: str | None = Field(default=None, max_length=300)
    tags: list[Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]] = []


class SideIn(_In):
    name: str = Field(min_length=1)
    name_fr: str | None = None  # its name in French, if the map has it
    claims: list[str] = Field(min_length=1)


class NewDebate(_In):
    title: str = Field(min_length=1, max_length=300)
    title_fr: str | None = Field(default=None, max_length=300)
    question: str = Field(min_length=1)
    question_fr: str | None = None
    sides: list[SideIn] = Field(min_length=2)


class DebateEdit(_In):
    version: str
    title: str | None = Field(default=None, min_length=1, max_length=300)
    title_fr: str | None = Field(default=None, max_length=300)  # "": no French title any more
    question: str | None = Field(default=None, min_length=1)
    question_fr: str | None = None
    sides: list[SideIn] | None = Field(default=None, min_length=2)


class TopicEdit(_In):
    version: str = Field(description="The version the edit is based on (GET /api/corpus)")
    topic: str = Field(max_length=300, description='What the documents argue about; "" removes it (and its French)')
    topic_fr: str | None = Field(default=None, max_length=300, description='In French; null or "": none')


# the verb of each kind of relation, as a change's summary says it
KIND_VERBS = {"support": N_("supports"), "attack": N_("attacks"), "undercut": N_("undercuts")}


def _relation_phrase(message: str, source: str, kind: str, target: str) -> Phrase:
    return Phrase(message, source=source, kind=Phrase(KIND_VERBS.get(kind, kind)), target=target)


def _change(request: Request, curator, summary: Phrase, targets: list[str], make: Callable[[Staged], object]):
    """`apply_change`, with what the operations refuse answered in the same shape."""
    try:
        return apply_change(request, curator, summary, targets, make)
    except curating.NotFound as exc:
        raise _Answer(404, {"errors": [{"message": str(exc)}]}) from None
    except curating.Refused as exc:
        raise _Answer(422, {"errors": [{"message": str(exc)}]}) from None
    except curating.NeedsConfirmation as exc:
        raise _Answer(409, {"errors": [{"message": str(exc)}], "links": exc.links}) from None


class _Answer(Exception):
    """A refusal answered as JSON in the shape of `WriteErrorOut`."""

    def __init__(self, status: int, body: dict):
        self.status_code, self.body = status, body


def _argument_out(change, arg_id: str) -> dict:
    graph = change.graph
    return {"id": arg_id, "url": f"/arguments/{arg_id}", "version": graph.versions.get(arg_id) if graph else None}


@router.post("/arguments", status_code=201, summary="Make an argument of a passage of a document")
def create_argument(request: Request, graph: GraphDep, curator: CuratorDep, body: NewArgument) -> dict:
    document = document_or_404(graph, body.document)
    made: dict = {}
    options = {"label_fr": body.label_fr, "tags": tuple(body.tags), "main": body.main}
    if "speaker" in body.model_fields_set:
        options["speaker"] = body.speaker

    targets = [f"document:{document.id}"]  # and the new argument, once it has its id

    def make(files: Staged) -> None:
        made["id"] = curating.create_argument(files, document, body.start, body.end, body.label, **options)
        targets.append(f"argument:{made['id']}")

    change = _change(request, curator, Phrase(N_("Add argument “%(label)s”"), label=body.label), targets, make)
    return _argument_out(change, made["id"])


@router.patch("/arguments/{arg_id}", summary="Edit an argument's label, French label, speaker, tags or main flag")
def edit_argument(request: Request, curator: CuratorDep, arg_id: str, body: ArgumentEdit) -> dict:
    changes = {k: getattr(body, k) for k in body.model_fields_set if k != "version"}
    change = _change(
        request,
        curator,
        Phrase(N_("Edit argument %(id)s"), id=arg_id),
        [f"argument:{arg_id}"],
        lambda files: curating.edit_argument(files, arg_id, body.version, changes),
    )
    return _argument_out(change, arg_id)


@router.delete("/arguments/{arg_id}", summary="Delete an argument (its permalink then answers 410)")
def delete_argument(
    request: Request,
    graph: GraphDep,
    curator: CuratorDep,
    arg_id: str,
    version: Annotated[str | None, Query(description="The version the deletion is based on")] = None,
    confirm: Annotated[bool, Query(description="Also delete the relations and debate claims naming it")] = False,
) -> dict:
    if arg_id not in graph or graph.node(arg_id)["origin"] != "curated":
        raise _Answer(404, {"errors": [{"message": f"there is no curated argument '{arg_id}'"}]})
    node = graph.node(arg_id)
    removed: dict = {}

    def make(files: Staged) -> None:
        removed["links"] = curating.delete_argument(files, arg_id, version, node["start"], node["end"], confirm)

    _change(request, curator, Phrase(N_("Delete argument %(id)s"), id=arg_id), [f"argument:{arg_id}"], make)
    return {"id": arg_id, "deleted": True, "with": removed["links"]}


@router.get("/arguments/{arg_id}/links", summary="What a deletion of the argument would take with it")
def argument_links(request: Request, graph: GraphDep, curator: CuratorDep, arg_id: str) -> dict:
    """The relations from, to or undercutting through the argument (with the labels of
    both ends), and the debates naming it."""
    files = Staged(request.app.state.settings.seeds_dir)
    try:
        curating.find_argument(files, arg_id)
    except curating.NotFound as exc:
        raise _Answer(404, {"errors": [{"message": str(exc)}]}) from None

    def label(end: str) -> str:
        end = _argument_of(end)
        return graph.node(end)["label"] if end in graph else end

    links = curating.links_of(files, arg_id)
    for link in links:
        if "from" in link:
            link["from_label"], link["to_label"] = label(link["from"]), label(link["to"])
    return {"id": arg_id, "links": links}


def _argument_of(end: str) -> str:
    """The argument a relation's end names: an undercut's target is an inference
    "premise->conclusion", which stands for its conclusion."""
    return end.split("->")[-1]


def _relation_targets(source: str, target: str) -> list[str]:
    """What a change to the relation `source` → `target` is listed under in the history."""
    return [f"argument:{source}", f"argument:{_argument_of(target)}"]


@router.post("/relations", status_code=201, summary="Add a support, attack or undercut, across documents too")
def add_relation(request: Request, curator: CuratorDep, body: RelationIn) -> dict:
    _change(
        request,
        curator,
        _relation_phrase(N_("Add relation: %(source)s %(kind)s %(target)s"), body.source, body.kind, body.target),
        _relation_targets(body.source, body.target),
        lambda files: curating.add_relation(files, body.source, body.kind, body.target, body.note),
    )
    return {"from": body.source, "kind": body.kind, "to": body.target}


@router.delete("/relations", summary="Delete a relation")
def delete_relation(
    request: Request,
    curator: CuratorDep,
    source: Annotated[str, Query(alias="from")],
    kind: Annotated[Literal["support", "attack", "undercut"], Query()],
    target: Annotated[str, Query(alias="to")],
) -> dict:
    _change(
        request,
        curator,
        _relation_phrase(N_("Delete relation: %(source)s %(kind)s %(target)s"), source, kind, target),
        _relation_targets(source, target),
        lambda files: curating.delete_relation(files, source, kind, target),
    )
    return {"from": source, "kind": kind, "to": target, "deleted": True}


@router.post("/extracted/{arg_id}/accept", status_code=201, summary="Make an extracted argument curated")
def accept_extracted(request: Request, curator: CuratorDep, arg_id: str, body: Acceptance | None = None) -> dict:
    body = body or Acceptance()
    made: dict = {}

    targets = [f"argument:{arg_id}"]  # and the curated argument it becomes

    def make(files: Staged) -> None:
        made["id"] = curating.accept_extracted(files, arg_id, body.label, label_fr=body.label_fr, tags=tuple(body.tags))
        targets.append(f"argument:{made['id']}")

    change = _change(request, curator, Phrase(N_("Accept extracted argument %(id)s"), id=arg_id), targets, make)
    return {**_argument_out(change, made["id"]), "was": arg_id}


@router.post("/extracted/{arg_id}/reject", summary="Turn an extracted argument down for good")
def reject_extracted(request: Request, curator: CuratorDep, arg_id: str) -> dict:
    _change(
        request,
        curator,
        Phrase(N_("Reject extracted argument %(id)s"), id=arg_id),
        [f"argument:{arg_id}"],
        lambda files: curating.reject_extracted(files, arg_id),
    )
    return {"id": arg_id, "rejected": True}


@router.post("/suggestions/accept", status_code=201, summary="Make a suggested relation part of the map")
def accept_suggestion(request: Request, curator: CuratorDep, body: SuggestionIn) -> dict:
    _change(
        request,
        curator,
        _relation_phrase(N_("Accept suggestion: %(source)s %(kind)s %(target)s"), body.source, body.kind, body.target),
        _relation_targets(body.source, body.target),
        lambda files: curating.accept_suggestion(files, body.source, body.kind, body.target),
    )
    return {"from": body.source, "kind": body.kind, "to": body.target, "accepted": True}


@router.post("/suggestions/reject", summary="Turn a suggested relation down for good")
def reject_suggestion(request: Request, curator: CuratorDep, body: SuggestionIn) -> dict:
    _change(
        request,
        curator,
        _relation_phrase(N_("Reject suggestion: %(source)s %(kind)s %(target)s"), body.source, body.kind, body.target),
        _relation_targets(body.source, body.target),
        lambda files: curating.reject_suggestion(files, body.source, body.kind, body.target),
    )
    return {"from": body.source, "kind": body.kind, "to": body.target, "rejected": True}


@router.post("/debates", status_code=201, summary="Create a debate: title, question, sides with main claims")
def create_debate(request: Request, curator: CuratorDep, body: NewDebate) -> dict:
    made: dict = {}
    sides = [s.model_dump() for s in body.sides]

    def make(files: Staged) -> None:
        made["id"] = curating.create_debate(files, body.title, body.question, sides, body.title_fr, body.question_fr)

    change = _change(request, curator, Phrase(N_("Create debate “%(title)s”"), title=body.title), [], make)
    return _debate_out(change, made["id"])


@router.patch("/debates/{debate_id}", summary="Edit a debate's title, question (in French too) or sides")
def edit_debate(request: Request, curator: CuratorDep, debate_id: str, body: DebateEdit) -> dict:
    changes = {
        k: ([s.model_dump() for s in body.sides] if k == "sides" else getattr(body, k))
        for k in body.model_fields_set
        if k != "version" and getattr(body, k) is not None  # null: unchanged
    }
    change = _change(
        request,
        curator,
        Phrase(N_("Edit debate %(id)s"), id=debate_id),
        [f"debate:{debate_id}"],
        lambda files: curating.edit_debate(files, debate_id, body.version, changes),
    )
    return _debate_out(change, debate_id)


@router.delete("/debates/{debate_id}", summary="Delete a debate (its arguments stay; its permalink then answers 410)")
def delete_debate(
    request: Request,
    curator: CuratorDep,
    debate_id: str,
    version: Annotated[str | None, Query(description="The version the deletion is based on")] = None,
) -> dict:
    _change(
        request,
        curator,
        Phrase(N_("Delete debate %(id)s"), id=debate_id),
        [f"debate:{debate_id}"],
        lambda files: curating.delete_debate(files, debate_id, version),
    )
    return {"id": debate_id, "deleted": True}


@router.patch("/corpus", summary="Name what the documents argue about: the home page's heading")
def set_topic(request: Request, graph: GraphDep, curator: CuratorDep, body: TopicEdit) -> dict:
    topic, topic_fr = body.topic.strip(), (body.topic_fr or "").strip() or None
    change = _change(
        request,
        curator,
        Phrase(N_("Set the topic: %(topic)s"), topic=topic or "—"),
        [],
        lambda files: curating.set_topic(files, body.version, topic, topic_fr),
    )
    corpus = (change.graph or graph).corpus  # no graph: the same topic again, nothing changed
    return {"topic": corpus.topic, "topic_fr": corpus.topic_fr, "version": topic_version(corpus.topic, corpus.topic_fr)}


def _debate_out(change, debate_id: str) -> dict:
    graph = change.graph
    version = graph.versions.get(f"debate:{debate_id}") if graph else None
    return {"id": debate_id, "url": f"/debates/{debate_id}", "version": version}


def install(app) -> None:
    """The curation routes and the answer of what they refuse."""

    @app.exception_handler(_Answer)
    async def refused(request: Request, exc: _Answer):
        # the shape of every error answer (status, error, detail), with the curation details
        messages = [e["message"] for e in exc.body["errors"]]
        head = {"status": exc.status_code, "error": TITLES.get(exc.status_code, "Error"), "detail": messages}
        return JSONResponse({**head, **exc.body}, status_code=exc.status_code)

    app.include_router(router)
