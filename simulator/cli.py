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
    _db_option(parser, "$SIMULATOR_DB, else instance/simulator.db, created if missing")
    parser.set_defaults(func=_serve)


def _serve(args: argparse.Namespace) -> int:
    from . import ConfigurationError, create_app, store

    config = {"DATABASE": _database(args.db)} if args.db else None
    try:
        app = create_app(config)
    except (ConfigurationError, store.DatabaseUnreachable) as error:
        print(error, file=sys.stderr)
        return 1
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    print(f"Lettrage : ouvrez http://{shown_host}:{args.port}/ dans votre navigateur.", flush=True)
    print(f"Base de données : {store.display_address(app.config['DATABASE'])}", flush=True)
    token = _first_teacher_token(app.config["DATABASE"])
    if token:
        print(
            "Aucun compte enseignant : créez le premier avec ce lien (à usage unique, valable 3 jours) :\n"
            f"    http://{shown_host}:{args.port}/lien/{token}",
            flush=True,
        )
    print("Ctrl+C pour arrêter.", flush=True)
    app.run(host=args.host, port=args.port, debug=False, use_reloader=False)
    return 0


def _first_teacher_token(database: str) -> str | None:
    from . import services, store

    db = store.open_db(database)
    try:
        return services.accounts.first_teacher_token(db)
    finally:
        db.close()


def _database(address: str | None) -> str:
    """The database a command works on: ``--db`` (a SQLite file, or a ``postgresql://`` URL), else
    ``$SIMULATOR_DB``, else the file ``simulator serve`` uses."""
    from . import instance_folder
    from .store import is_postgresql

    address = address or os.environ.get("SIMULATOR_DB")
    if address:
        return address if is_postgresql(address) else str(Path(address).resolve())
    return str(instance_folder() / "simulator.db")


def _db_option(parser: argparse.ArgumentParser, default: str = "as for serve") -> None:
    parser.add_argument(
        "--db",
        metavar="FILE|URL",
        help=f"SQLite file, or postgresql://… URL of a shared database (default {default})",
    )


# --- the database -------------------------------------------------------------------------------------------


def _add_db(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "db",
        help="the database: copy a school's SQLite file into a PostgreSQL database",
        description="`db copy SQLITE_FILE URL` moves a school's data to a shared PostgreSQL database.",
    )
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    copy = actions.add_parser(
        "copy",
        help="copy every row of a SQLite file into an empty database, and compare the row counts",
        description=(
            "Copy every row of SQLITE_FILE into the empty database at URL (created tables, same schema "
            "version) in one transaction, then print the number of rows of each table on both sides. "
            "Exit 0 when every count matches; 1 otherwise (nothing is kept) or when the copy is refused."
        ),
    )
    copy.add_argument("source", metavar="SQLITE_FILE", type=Path, help="the school's simulator.db")
    copy.add_argument("target", metavar="URL", help="postgresql://user:password@host/database (or a file)")
    copy.set_defaults(func=_db_copy)


def _db_copy(args: argparse.Namespace) -> int:
    from . import services, store

    if not args.source.is_file():
        print(f"{args.source} : fichier SQLite introuvable.", file=sys.stderr)
        return 1
    source = store.open_db(args.source)
    target = None
    try:
        # An instance from before pack versions were kept in the database: its packs folder goes in too.
        services.packs.import_folders(source, services.packs.packs_root(args.source))
        target = store.open_db(_database(args.target))
        counts = store.copy_database(source, target)
    except (store.CopyRefused, store.DatabaseUnreachable) as refused:
        print(f"Copie refusée : {refused}", file=sys.stderr)
        return 1
    except store.CopyMismatch as mismatch:
        counts = mismatch.counts
    finally:
        source.close()
        if target is not None:
            target.close()
        store.close_pools()
    width = max(len(count.table) for count in counts)
    print(f"{'table':<{width}}  {'source':>8}  {'copie':>8}")
    for count in counts:
        mark = "" if count.matches else "  ← différent"
        print(f"{count.table:<{width}}  {count.source:>8}  {count.target:>8}{mark}")
    if all(count.matches for count in counts):
        print(
            f"Copie terminée : {sum(c.target for c in counts)} lignes dans {store.display_address(target.address)}."
        )
        return 0
    print("Les nombres de lignes diffèrent : rien n'a été gardé dans la base cible.", file=sys.stderr)
    return 1


# --- background jobs ----------------------------------------------------------------------------------------


def _add_jobs(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "jobs",
        help="the background jobs (regrades, grades sent to a platform) any host may run",
        description="`jobs run` runs the jobs worker on its own (each web process also runs one).",
    )
    actions = parser.add_subparsers(dest="jobs_command", metavar="ACTION", required=True)
    run = actions.add_parser(
        "run",
        help="run the due jobs, then keep waiting for new ones (Ctrl-C to stop)",
        description=(
            "Take the due jobs of the database one at a time and run them; a job another host holds is left "
            "to it, a job whose host died is taken over when its lease runs out. With --once: exit when no "
            "job is due (0), for cron."
        ),
    )
    run.add_argument("--once", action="store_true", help="run the due jobs, then exit")
    _db_option(run)
    run.set_defaults(func=_jobs_run)


def _jobs_run(args: argparse.Namespace) -> int:
    import threading

    from . import services, store

    database = _database(args.db)
    db = store.open_db(database)
    try:
        if args.once:
            count = services.jobs.run_due(db)
            print(f"Tâches exécutées : {count}")
            return 0
    finally:
        db.close()
    print(f"Tâches de fond de {store.display_address(database)} : en attente (Ctrl-C pour arrêter).")
    services.jobs.work(database, threading.Event())
    return 0


# --- teachers -----------------------------------------------------------------------------------------------


def _add_teacher(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "teacher",
        help="teacher accounts",
        description="Teacher accounts: `teacher add EMAIL` prints a one-time link to set the password.",
    )
    actions = parser.add_subparsers(dest="teacher_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create a teacher account and print a one-time link")
    add.add_argument("email", metavar="EMAIL")
    _db_option(add)
    add.add_argument(
        "--url",
        default=f"http://{DEFAULT_HOST}:{DEFAULT_PORT}",
        help="the address of the web app in the link",
    )
    add.set_defaults(func=_teacher_add)


def _teacher_add(args: argparse.Namespace) -> int:
    from . import services, store

    db = store.open_db(_database(args.db))
    try:
        user, token = services.accounts.add_teacher(db, args.email)
    finally:
        db.close()
    if user is None:
        print(token, file=sys.stderr)
        return 1
    print(f"Compte enseignant : {user.email}")
    print(
        f"Lien pour choisir le mot de passe (à usage unique, valable 3 jours) :\n    {args.url.rstrip('/')}/lien/{token}"
    )
    return 0


# --- LTI 1.3 platforms ---------------------------------------------------------------------------------------


def _add_lti(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "lti",
        help="LTI 1.3 platforms (Moodle)",
        description="LTI 1.3: `lti add` registers a platform (a Moodle) with the values of its tool page; "
        "`lti list` prints the platforms; `lti send` sends the grades still waiting (a cron job).",
    )
    actions = parser.add_subparsers(dest="lti_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="register a platform")
    add.add_argument("--issuer", required=True, help="« ID de la plateforme » (Moodle's address)")
    add.add_argument("--client-id", required=True, help="« ID client »")
    add.add_argument("--deployment-id", action="append", required=True, help="« ID de déploiement » (repeat)")
    add.add_argument("--key-set-url", required=True, help="« URL du jeu de clés publiques »")
    add.add_argument("--auth-login-url", required=True, help="« URL de requête d'authentification »")
    add.add_argument("--auth-token-url", required=True, help="« URL du jeton d'accès »")
    add.add_argument("--name", default="", help="a name for the teachers' page")
    add.add_argument("--owner", metavar="EMAIL", help="the teacher who manages it (default: none)")
    _db_option(add)
    add.set_defaults(func=_lti_add)
    listing = actions.add_parser("list", help="the registered platforms")
    _db_option(listing)
    listing.set_defaults(func=_lti_list)
    send = actions.add_parser("send", help="send the grades waiting for a platform (for cron)")
    _db_option(send)
    send.set_defaults(func=_lti_send)


def _lti_add(args: argparse.Namespace) -> int:
    from . import services, store

    db = store.open_db(_database(args.db))
    try:
        owner = store.find_user_by_email(db, args.owner) if args.owner else None
        if args.owner and (owner is None or owner.role != "teacher"):
            print(f"Aucun compte enseignant n'a l'adresse {args.owner}.", file=sys.stderr)
            return 1
        form = {
            "name": args.name,
            "issuer": args.issuer,
            "client_id": args.client_id,
            "deployment_ids": "\n".join(args.deployment_id),
            "key_set_url": args.key_set_url,
            "auth_login_url": args.auth_login_url,
            "auth_token_url": args.auth_token_url,
        }
        platform, errors = services.lti.register(db, owner.id if owner else None, form)
    finally:
        db.close()
    if platform is None:
        for name, message in errors.items():
            print(f"{name}: {message}", file=sys.stderr)
        return 1
    print(f"Plateforme enregistrée : {platform.name} ({platform.issuer}, ID client {platform.client_id})")
    return 0


def _lti_send(args: argparse.Namespace) -> int:
    """Exit 1 while some grades still wait (the reason of each is on the gradebook)."""
    from . import services, store

    db = store.open_db(_database(args.db))
    try:
        sent, failed = services.lti.send_pending(db)
    finally:
        db.close()
    print(f"Notes transmises : {sent} ; en attente : {failed}")
    return 1 if failed else 0


def _lti_list(args: argparse.Namespace) -> int:
    from . import store

    db = store.open_db(_database(args.db))
    try:
        for platform in store.list_platforms(db):
            deployments = ", ".join(store.deployments(db, platform.id))
            print(f"{platform.name}\t{platform.issuer}\t{platform.client_id}\t{deployments}")
    finally:
        db.close()
    return 0


# --- packs, worlds, reference solutions, grading -------------------------------------------------------------


def _add_pack(subparsers: argparse._SubParsersAction) -> None:
    from .packs.commands import add_pack

    add_pack(subparsers)
    # `pack install` and `pack list` read or write the store, which the packs package may not import: they
    # are completed here.
    pack_actions = subparsers.choices["pack"]._subparsers._group_actions[0]
    listing = pack_actions.choices["list"]
    listing.description = (
        "The installed versions of each pack (built-in and uploaded), which one is current and how many "
        "attempts each carries."
    )
    for choice in pack_actions._choices_actions:
        if choice.dest == "list":
            choice.help = "installed versions of each pack: which is current, attempts on each"
    _db_option(listing)
    listing.set_defaults(func=_pack_list)
    install = pack_actions.add_parser(
        "install",
        help="validate a pack folder or .zip and install it as a new version",
        description="Exit 0 when installed; 1 with one line FILE:LINE: message per problem otherwise.",
    )
    install.add_argument("path", metavar="PATH", type=Path, help="pack folder or .zip archive")
    _db_option(install)
    install.set_defaults(func=_pack_install)


def _pack_list(args: argparse.Namespace) -> int:
    from . import packs_folder, services, store

    database = _database(args.db)
    db = store.open_db(database)
    try:
        services.packs.register_builtin(db, packs_folder(database))  # as the app does at start
        packs = services.packs.installed(db)
    finally:
        db.close()
    for pack_id, versions in packs.items():
        print(f"{pack_id} « {versions[-1].record.title} »")
        for v in versions:
            origin = {
                "builtin": "pack intégré",
                "upload": f"importé par {v.owner}",
                "command": "installé en ligne de commande",
            }[v.origin]
            attempts = f"{v.attempts} tentative{'s' if v.attempts > 1 else ''}"
            current = "actuelle" if v.current else ""
            print(f"  version {v.record.version:<14} {origin:<40} {current:<8} {attempts}".rstrip())
    return 0


def _pack_install(args: argparse.Namespace) -> int:
    from . import packs_folder, services, store

    database = _database(args.db)
    db = store.open_db(database)
    try:
        services.packs.register_builtin(db, packs_folder(database))
        if args.path.is_file():
            installed = services.packs.install_zip(db, args.path.read_bytes(), None)
        else:
            installed = services.packs.install_folder(db, args.path, None)
    finally:
        db.close()
    if installed.errors:
        for line in installed.errors:
            print(line)
        return 1
    record = installed.record
    print(f"Pack {record.id} version {record.version} installé dans la base de données.")
    return 0


def _add_world(subparsers: argparse._SubParsersAction) -> None:
    from .grading.world_command import add_world

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
