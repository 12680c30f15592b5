"""Curators, their passwords and sessions, and the limit on failed logins.

Passwords are kept as argon2 hashes (argon2-cffi). A session is a random token: the
browser holds it in a cookie, the database only its SHA-256, so a copy of the database
opens no session. The session's CSRF token is derived from the token itself (a page
script can read it from `/api/session`; a forged cross-site request cannot). Failed
logins are counted per name and per client address over a sliding window; past the
limit, every login for that name or from that address waits, right password or not.

Every function takes the database session and the time it runs at: pure functions over
the database, which the web layer and the command line call alike.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from app.database import metadata

ROLES = ("curator", "admin")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
MIN_PASSWORD = 8

curators = Table(
    "curators",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(256), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("curator_id", Integer, ForeignKey("curators.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)
login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, index=True),
    Column("address", String(64), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
)

_hasher = PasswordHasher()
# Checked when the name is unknown, so that a wrong name costs as long as a wrong password.
_DECOY = _hasher.hash("not a password of anyone")


@dataclass(frozen=True)
class Curator:
    """Someone allowed to change the map: "curator", or "admin" who may also manage others."""

    name: str
    role: str


class AccountError(ValueError):
    """A curator that cannot be added as asked (the message says why)."""


class RateLimited(Exception):
    """Too many failed logins for this name or address: try again in `retry_after` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"too many failed logins; try again in {retry_after} s")
        self.retry_after = retry_after


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def _utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; every time stored here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def add_curator(db: Session, name: str, password: str, role: str = "curator", now: datetime | None = None) -> Curator:
    """Create a curator with an argon2 hash of `password`."""
    if not NAME.fullmatch(name):
        raise AccountError("a name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
    if role not in ROLES:
        raise AccountError(f"the role is {' or '.join(ROLES)}, not {role!r}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")
    taken = db.scalar(select(curators.c.name).where(func.lower(curators.c.name) == name.lower()))
    if taken is not None:
        raise AccountError(f"there is already a curator named {taken!r}")
    db.execute(
        insert(curators).values(name=name, role=role, password_hash=_hasher.hash(password), created_at=now or now_utc())
    )
    return Curator(name, role)


def list_curators(db: Session) -> list[dict]:
    """Every curator: name, role and when they were added, by name."""
    rows = db.execute(select(curators.c.name, curators.c.role, curators.c.created_at).order_by(curators.c.name))
    return [{"name": r.name, "role": r.role, "created_at": _utc(r.created_at)} for r in rows]


def authenticate(
    db: Session,
    name: str,
    password: str,
    address: str,
    now: datetime,
    limit: int = 5,
    window: timedelta = timedelta(minutes=15),
) -> Curator | None:
    """The curator `name` if `password` is theirs, else None (the failure is counted).

    Raises `RateLimited` without looking at the password when `limit` failures for this
    name, or from this address, happened within `window`."""
    key = name.lower()[:64]
    address = address[:64]
    db.execute(delete(login_attempts).where(login_attempts.c.at < now - window))
    retry = _retry_after(db, key, address, now, limit, window)
    if retry:
        raise RateLimited(retry)
    row = db.execute(
        select(curators.c.name, curators.c.role, curators.c.password_hash).where(func.lower(curators.c.name) == key)
    ).first()
    if _verified(row.password_hash if row else _DECOY, password) and row is not None:
        return Curator(row.name, row.role)
    db.execute(insert(login_attempts).values(name=key, address=address, at=now))
    return None


def _verified(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _retry_after(db: Session, name: str, address: str, now: datetime, limit: int, window: timedelta) -> int:
    """Seconds until fewer than `limit` failures remain in the window, for the name and
    for the address (0: the login may be tried now)."""
    wait = 0.0
    for column, value in ((login_attempts.c.name, name), (login_attempts.c.address, address)):
        times = [
            _utc(t)
            for t in db.scalars(
                select(login_attempts.c.at).where(column == value, login_attempts.c.at >= now - window).order_by("at")
            )
        ]
        if len(times) >= limit:
            wait = max(wait, (times[len(times) - limit] + window - now).total_seconds())
    return max(1, math.ceil(wait)) if wait > 0 else 0


def open_session(db: Session, curator: Curator, now: datetime, lifetime: timedelta) -> str:
    """A new session for `curator`: the token for the cookie (only its hash is stored)."""
    db.execute(delete(sessions).where(sessions.c.expires_at < now))
    token = secrets.token_urlsafe(32)
    curator_id = db.scalar(select(curators.c.id).where(curators.c.name == curator.name))
    db.execute(
        insert(sessions).values(
            token_hash=_digest(token), curator_id=curator_id, created_at=now, expires_at=now + lifetime
        )
    )
    return token


def session_curator(db: Session, token: str, now: datetime) -> Curator | None:
    """Who the session `token` belongs to, or None when it is unknown or expired."""
    row = db.execute(
        select(curators.c.name, curators.c.role, sessions.c.expires_at)
        .join(curators, curators.c.id == sessions.c.curator_id)
        .where(sessions.c.token_hash == _digest(token))
    ).first()
    if row is None or _utc(row.expires_at) <= now:
        return None
    return Curator(row.name, row.role)


def close_session(db: Session, token: str) -> None:
    db.execute(delete(sessions).where(sessions.c.token_hash == _digest(token)))


def csrf_token(token: str) -> str:
    """The CSRF token of the session `token`: derived, so it needs no storage, and it
    cannot be computed by a page that cannot read the HttpOnly cookie."""
    return hashlib.sha256(b"argmap-csrf\0" + token.encode()).hexdigest()[:43]


def same_secret(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.encode(), expected.encode())


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
