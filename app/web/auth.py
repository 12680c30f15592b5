"""Who may write: the curator of the request's session.

`require_curator` answers 401 without a valid session and 403 when an unsafe method
lacks the session's CSRF token (header `X-CSRF-Token` or form field `csrf_token`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request


@dataclass(frozen=True)
class Curator:
    name: str
    role: str  # "curator" or "admin"


def require_curator(request: Request) -> Curator:
    """The session's curator; 401 without one (no accounts exist yet in this version)."""
    raise HTTPException(status_code=401, detail="log in to curate")


def require_admin(curator: Annotated[Curator, Depends(require_curator)]) -> Curator:
    if curator.role != "admin":
        raise HTTPException(status_code=403, detail="only an admin may do this")
    return curator


CuratorDep = Annotated[Curator, Depends(require_curator)]
AdminDep = Annotated[Curator, Depends(require_admin)]
