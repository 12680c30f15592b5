"""The `argmap` command line (also `python -m app`).

Every subcommand exits 0 on success and 1 on invalid input, with a readable
message on stderr and never a traceback for a user's mistake.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.problems import DataError
from app.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 1
    try:
        return args.run(args)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="argmap", description="Browse debates as argument maps.")
    parser.add_argument(
        "--seeds",
        type=Path,
        default=settings.seeds_dir,
        help="data directory (default: %(default)s; env ARGMAP_SEEDS_DIR)",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    serve = sub.add_parser("serve", help="serve the web app", description="Serve the web app and JSON API.")
    serve.add_argument("--host", default=settings.host, help="interface to bind (default: %(default)s)")
    serve.add_argument("--port", type=int, default=settings.port, help="port (default: %(default)s)")
    serve.add_argument("--reload", action="store_true", help="restart on code changes (development)")
    serve.set_defaults(run=_serve)

    validate = sub.add_parser(
        "validate",
        help="check the corpus and the curated map",
        description="Load every data file and report all problems, with file and line.",
    )
    validate.set_defaults(run=_validate)

    from app.formats import FORMATS, READABLE

    export = sub.add_parser(
        "export",
        help="print the graph in an interchange format",
        description="Print the argument graph to stdout (or --output).",
    )
    export.add_argument("--format", choices=sorted(FORMATS), default="node-link", help="default: %(default)s")
    export.add_argument(
        "--origin",
        choices=["curated", "extracted", "all"],
        default="all",
        help="which arguments to include (default: %(default)s)",
    )
    export.add_argument("--output", "-o", type=Path, help="write to this file instead of stdout")
    export.set_defaults(run=_export)

    importer = sub.add_parser(
        "import",
        help="add a map made with another tool (AIF JSON, Argdown)",
        description="Read an AIF JSON (AIFdb, OVA) or Argdown file and write it as a new "
        "map under SEEDS/imported/, shown as its own debate. Nothing is "
        "written if the file has any problem.",
    )
    importer.add_argument("--format", choices=READABLE, required=True)
    importer.add_argument("file", type=Path, help="the file to import")
    importer.add_argument(
        "--strict",
        action="store_true",
        help="refuse the whole file if any part cannot be imported (default: import what is "
        "sound and list each part left out)",
    )
    importer.set_defaults(run=_import)

    curator = sub.add_parser(
        "curator",
        help="manage the curators who may change the map",
        description="Add curators (their passwords are stored as argon2 hashes) and list them.",
    )
    curator_sub = curator.add_subparsers(title="commands", metavar="COMMAND")
    add = curator_sub.add_parser("add", help="add a curator", description="Add a curator; the password is asked twice.")
    add.add_argument("name", help="the name to log in with")
    add.add_argument("--role", choices=["curator", "admin"], default="curator", help="default: %(default)s")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of stdin (scripts)"
    )
    add.set_defaults(run=_curator_add)
    listing = curator_sub.add_parser("list", help="list the curators")
    listing.set_defaults(run=_curator_list)

    db = sub.add_parser(
        "db",
        help="the accounts and history database",
        description="The database of accounts, sessions and the change history "
        "(ARGMAP_DATABASE_URL; by default SQLite in ARGMAP_STATE_DIR).",
    )
    db_sub = db.add_subparsers(title="commands", metavar="COMMAND")
    db_sub.add_parser("upgrade", help="apply the schema's migrations (the server also does at start)").set_defaults(
        run=_db_upgrade
    )

    add_doc = sub.add_parser(
        "add",
        help="add a document (text, Markdown or a saved blog page) and extract its arguments",
        description="Add FILE to the corpus: the file is kept as it is, its text, comments and "
        "metadata are read from it (what you give wins), and French documents get their "
        "arguments extracted. All of it is written, or nothing.",
    )
    add_doc.add_argument("file", type=Path, help="a .txt, .md or saved .html file")
    add_doc.add_argument("--title", help="the document's title")
    add_doc.add_argument("--author", help="who wrote it")
    add_doc.add_argument("--date", help="when it was published (YYYY-MM-DD)")
    add_doc.add_argument("--language", help="its language code (fr, en…); detected when not given")
    add_doc.add_argument("--url", help="the address of the original page")
    add_doc.set_defaults(run=_add)

    from app.extract import commands as extract_commands

    extract_commands.add_parsers(sub)
    return parser


def proxy_options(settings) -> dict:
    """uvicorn's options for the proxies in front (ARGMAP_FORWARDED_ALLOW_IPS): none
    believed unless some are named (uvicorn's own default would believe 127.0.0.1)."""
    allowed = settings.forwarded_allow_ips.strip()
    return {"proxy_headers": bool(allowed), "forwarded_allow_ips": allowed or None}


def _serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    from app.snapshot import load_graph_cached

    # Refuse to start on a broken map, with every problem listed; a good one is
    # compiled into the snapshot the server then starts from.
    load_graph_cached(args.seeds)
    os.environ["ARGMAP_SEEDS_DIR"] = str(args.seeds)
    # absolute URLs name the origin this server listens on, unless a public one is set
    os.environ["ARGMAP_HOST"], os.environ["ARGMAP_PORT"] = args.host, str(args.port)
    get_settings.cache_clear()  # the server reads the settings it is started with
    uvicorn.run(
        "app.reloading:create_reloadable_app",
        factory=True,
        host=args.host,
        port=args.port,
        reload=args.reload,
        **proxy_options(get_settings()),
    )
    return 0


def _password(args: argparse.Namespace) -> str | None:
    """The new curator's password: stdin's first line, or typed twice without echo."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("Again: ") != first:
        print("the two passwords differ; nothing was changed", file=sys.stderr)
        return None
    return first


def _curator_add(args: argparse.Namespace) -> int:
    from app import accounts, database

    password = _password(args)
    if password is None:
        return 1
    try:
        with database.session(get_settings()) as db:
            accounts.add_curator(db, args.name, password, args.role)
    except accounts.AccountError as exc:
        print(f"cannot add {args.name!r}: {exc}", file=sys.stderr)
        return 1
    print(f"added {args.role} {args.name}; they can log in at /login")
    return 0


def _curator_list(args: argparse.Namespace) -> int:
    from app import accounts, database

    with database.session(get_settings()) as db:
        for curator in accounts.list_curators(db):
            print(f"{curator['name']}\t{curator['role']}\tadded {curator['created_at']:%Y-%m-%d %H:%M} UTC")
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from app import database

    url = get_settings().database
    database.upgrade(url)
    print(f"the database is up to date: {make_url(url).render_as_string(hide_password=True)}")


def _add(args: argparse.Namespace) -> int:
    import datetime as dt

    from app.adding import Duplicate, add_document
    from app.extract.pipeline import ExtractError
    from app.ingest import Given, Refused, ingest
    from app.store import Invalid, Store

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"error: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    limit = get_settings().max_upload_bytes
    try:
        if len(data) > limit:
            raise Refused(f"the file is larger than {limit} bytes (ARGMAP_MAX_UPLOAD_BYTES)")
        try:
            date = dt.date.fromisoformat(args.date) if args.date else None
        except ValueError:
            raise Refused(f"--date '{args.date}' is not a date like 2012-03-14") from None
        given = Given(args.title, args.author, date, args.language, args.url)
        ingested = ingest(data, args.file.name, given)
        added = add_document(Store(args.seeds), ingested)
    except (Refused, Duplicate, ExtractError) as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 1
    except Invalid as exc:
        print(f"error: {args.file}: the document would break the map, nothing was written:\n{exc}", file=sys.stderr)
        return 1
    print(added.document_id)
    what = (
        f"{added.arguments} arguments and {added.relations} relations extracted"
        if added.extracted
        else f"language '{added.language}': added for manual curation (extraction runs on French documents only)"
    )
    print(f"added {added.document_id}: {added.comments} comments, {what}; see /documents/{added.document_id}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from app.imported import ids_written_in, import_map

    # checks the new map against the rest without loading it all: an import costs what
    # the imported map costs, however large the maps already there
    target, notes = import_map(args.format, args.file, args.seeds, strict=args.strict)
    for line in [f"left out: {part}" for part in notes.left_out] + [f"warning: {w}" for w in notes.warnings]:
        print(f"{args.file}: {line}", file=sys.stderr)
    doc_id, written = ids_written_in(target)
    count = len(written)
    left = f"; {len(notes.left_out)} parts left out (listed above)" if notes.left_out else ""
    print(f"imported {count} arguments into {target}{left}; browse them at /debates/{doc_id}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from app.seeds import load_graph

    graph = load_graph(args.seeds)
    g = graph.g
    kinds = {}
    for _, _, kind in g.edges(data="kind"):
        kinds[kind] = kinds.get(kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    print(
        f"ok: {len(graph.corpus.documents)} documents, {g.number_of_nodes()} arguments, "
        f"{g.number_of_edges()} relations ({summary or 'none'}), {len(graph.debates)} debates"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from app.formats import FORMATS, context_of
    from app.graph import Filters, select, subgraph
    from app.seeds import load_graph

    graph = load_graph(args.seeds)
    sub = subgraph(graph, select(graph, Filters(origin=args.origin)))
    text = FORMATS[args.format].write(sub, context_of(graph.corpus))
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
