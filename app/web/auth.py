"""Who may curate: the curator behind a request (the accounts and sessions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response


@dataclass(frozen=True)
class Curator:
    name: str
    role: str  # "curator" or "admin"


def require_curator(request: Request) -> Curator:
    """The curator making the request (every request, until accounts exist)."""
    return Curator("test", "curator")


def require_admin(request: Request) -> Curator:
    return Curator("test", "admin")


CuratorDep = Annotated[Curator, Depends(require_curator)]
AdminDep = Annotated[Curator, Depends(require_admin)]

router = APIRouter()


@router.get("/api/session", tags=["api"], summary="The curator logged in, if any")
async def session(request: Request, response: Response) -> dict:
    response.headers["Cache-Control"] = "no-store"
    curator = require_curator(request)
    return {"curator": {"name": curator.name, "role": curator.role}, "csrf_token": "test"}
