"""The ``simulator`` command (also ``python -m simulator``).

Each subcommand is declared by a function ``_add_<name>(subparsers)`` in this module: it adds its parser and
sets ``func`` to a function taking the parsed arguments and returning the exit status. Every ``_add_*``
function is picked up in the order it is defined. Import heavy modules (Flask, WeasyPrint, Faker) inside
the command's function, not at the top, so that ``simulator --help`` and batch commands stay fast.

Exit status: what the command returns; 2 for usage errors (argparse's convention).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000


# --- serve ------------------------------------------------------------------------------------------------


def _add_serve(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="start the web application (development server)",
        description=(
            "Start the web application with Werkzeug's server, for a classroom or a try-out. "
            "In production, run gunicorn in front of the same factory instead: "
            "gunicorn -w 2 -b 0.0.0.0:8000 'simulator:create_app()' (see docs/deployment.md)."
        ),
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument(
        "--db",
        type=Path,
        metavar="FILE",
        help="SQLite file, created if missing (default: $SIMULATOR_DB, else instance/simulator.db)",
    )
    parser.set_defaults(func=_serve)


def _serve(args: argparse.Namespace) -> int:
    from . import create_app

    config = {"DATABASE": str(args.db.resolve())} if args.db else None
    app = create_app(config)
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    print(f"Lettrage : ouvrez http://{shown_host}:{args.port}/ dans votre navigateur.", flush=True)
    print(f"Base de données : {app.config['DATABASE']}", flush=True)
    print("Ctrl+C pour arrêter.", flush=True)
    app.run(host=args.host, port=args.port, debug=False, use_reloader=False)
    return 0


# --- packs, worlds, reference solutions, grading -------------------------------------------------------------


def _add_pack(subparsers: argparse._SubParsersAction) -> None:
    from .packs.commands import add_pack

    add_pack(subparsers)


def _add_world(subparsers: argparse._SubParsersAction) -> None:
    from .packs.commands import add_world

    add_world(subparsers)


def _add_solve(subparsers: argparse._SubParsersAction) -> None:
    from .grading.commands import add_solve

    add_solve(subparsers)


def _add_grade(subparsers: argparse._SubParsersAction) -> None:
    from .grading.commands import add_grade

    add_grade(subparsers)


# --- documents ----------------------------------------------------------------------------------------------


def _add_document(subparsers: argparse._SubParsersAction) -> None:
    from .documents.commands import add_document

    add_document(subparsers)


# --- the parser -------------------------------------------------------------------------------------------


def _subcommand_adders() -> list[Callable[[argparse._SubParsersAction], None]]:
    return [value for name, value in globals().items() if name.startswith("_add_") and callable(value)]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="simulator",
        description="Lettrage: training simulator for customer payments, matching and follow-up.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add in _subcommand_adders():
        add(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped early (`simulator solve … | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
