"""``simulator document KIND PACK SCENARIO --seed N [--customer ID] [--level L] [--number ND] [--attempt FILE]
-o FILE``:
a document of a world as PDF (the reports also as CSV when FILE ends in .csv). Without ``--attempt`` the
books are the reference solution's, so that a teacher gets a filled-in example.

Exit status: 0 written; 1 the attempt file cannot be read or the document does not exist for these books
(no slip, no overdue invoice); 2 usage errors (unknown pack or scenario, missing --customer, unknown level).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DOCUMENTS = ("bank-statement", "slip", "letter", "statement", "debit-note", "result")
REPORTS = ("aged-balance", "ledger", "trial-balance")
NEEDS_CUSTOMER = ("letter", "statement")


def add_document(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "document",
        help="render a document of a world as PDF (reports also as CSV)",
        description=(
            "Render a document of the world of SCENARIO for a seed, from the books of an attempt file or, "
            "without --attempt, of the reference solution. Reports (aged-balance, ledger, trial-balance) are "
            "written as CSV when the output file ends in .csv."
        ),
    )
    parser.add_argument(
        "kind", metavar="KIND", choices=DOCUMENTS + REPORTS, help=", ".join(DOCUMENTS + REPORTS)
    )
    parser.add_argument("pack", metavar="PACK", help="built-in pack id (e.g. procedure-11) or pack folder")
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario id")
    parser.add_argument("--seed", type=int, required=True, metavar="N", help="seed (integer)")
    parser.add_argument("--customer", metavar="ID", help="customer id (letter, statement)")
    parser.add_argument(
        "--level", type=int, metavar="L", help="follow-up level of a letter (default: the customer's)"
    )
    parser.add_argument(
        "--number", metavar="ND", help="number of a debit-note (default: the first one, e.g. ND/2026/0001)"
    )
    parser.add_argument(
        "--attempt", type=Path, metavar="FILE", help="attempt file (JSON); default: reference solution"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="file to write (.pdf, or .csv for a report)",
    )
    parser.set_defaults(func=document)


def _fail(message: str, status: int) -> int:
    print(f"simulator document : {message}", file=sys.stderr)
    return status


def _read_actions(path: Path, pack, scenario: str, seed: int) -> list | str:
    """The attempt's actions, or why they cannot be used (French)."""
    from simulator.grading.batch import AttemptError, check_attempt, parse_json

    try:
        attempt = parse_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return f"fichier de tentative illisible : {error}"
    except AttemptError as error:  # the same reader as simulator grade and the API
        return f"{path}: {error}"
    try:
        got_scenario, got_seed, actions = check_attempt(attempt, pack)
    except AttemptError as error:
        return f"{path}: {error}"
    if (got_scenario, got_seed) != (scenario, seed):
        return (
            f"{path}: la tentative porte sur le scénario « {got_scenario} », graine {got_seed}, "
            f"et non sur « {scenario} », graine {seed}."
        )
    return actions


def document(args: argparse.Namespace) -> int:
    from simulator.packs.commands import load_for_command
    from simulator.packs.play.replay import replay
    from simulator.packs.play.solve import solve
    from simulator.packs.world.draw import ScenarioPremiseError
    from simulator.packs.world.generate import generate

    from .render import DocumentUnavailable

    csv_out = args.output.suffix.lower() == ".csv"
    if csv_out and args.kind not in REPORTS:
        return _fail(f"le document {args.kind} ne s'exporte qu'en PDF (CSV : {', '.join(REPORTS)}).", 2)
    pack = load_for_command(args.pack, args.scenario)
    if pack is None:
        return 2
    try:
        world = generate(pack, args.scenario, args.seed)
    except ScenarioPremiseError as error:
        return _fail(str(error), 1)
    if args.kind in NEEDS_CUSTOMER:
        known = ", ".join(f"{c.id} ({c.customer.name})" for c in world.customers)
        if not args.customer:
            return _fail(f"--customer est obligatoire pour le document {args.kind} (clients : {known}).", 2)
        if world.customer(args.customer) is None:
            return _fail(f"client « {args.customer} » inconnu (clients : {known}).", 2)
    if args.level is not None and args.level not in {lvl.level for lvl in world.followup_levels}:
        known = ", ".join(f"{lvl.level} ({lvl.name})" for lvl in world.followup_levels)
        return _fail(f"niveau de relance {args.level} inconnu (niveaux : {known}).", 2)
    reference = solve(world)
    if args.attempt:
        actions = _read_actions(args.attempt, pack, args.scenario, args.seed)
        if isinstance(actions, str):
            return _fail(actions, 1)
    else:
        actions = reference
    replayed = replay(world, actions)
    try:
        data = _render(args, world, replayed, reference, csv_out)
    except DocumentUnavailable as error:
        return _fail(str(error), 1)
    try:
        args.output.write_bytes(data)
    except OSError as error:
        return _fail(f"impossible d'écrire {args.output} : {error}", 1)
    return 0


def _render(args: argparse.Namespace, world, replayed, reference: list, csv_out: bool) -> bytes:
    from . import bank, customer, debit_note, letters, reports, result
    from .render import DocumentUnavailable, to_pdf

    books = replayed.books
    if csv_out:
        export = {"aged-balance": reports.aged_balance_csv, "ledger": reports.customer_ledger_csv,
                  "trial-balance": reports.trial_balance_csv}[args.kind]  # fmt: skip
        return export(world, books)
    if args.kind == "bank-statement":
        doc = bank.bank_statement_document(world, books)
    elif args.kind == "slip":
        if not books.slips:
            if args.attempt:
                raise DocumentUnavailable("aucun bordereau de remise de chèques dans cette tentative.")
            raise DocumentUnavailable(
                f"la solution du scénario « {world.scenario} » n'établit aucun bordereau de remise de chèques "
                "(choisissez un scénario avec des chèques, par exemple « cheque »)."
            )
        doc = bank.slip_document(world, books)
    elif args.kind == "letter":
        doc = letters.letter_document(world, books, args.customer, args.level)
    elif args.kind == "statement":
        doc = customer.statement_document(world, books, args.customer)
    elif args.kind == "debit-note":
        doc = debit_note.debit_note_document(world, books, args.number)
    elif args.kind == "result":
        from simulator.grading.engine import grade
        from simulator.packs.play.replay import replay

        expected = replay(world, reference).books
        doc = result.result_document(world, books, grade(world, replayed), expected)
    elif args.kind == "aged-balance":
        doc = reports.aged_balance_document(world, books)
    elif args.kind == "ledger":
        doc = reports.customer_ledger_document(world, books)
    else:
        doc = reports.trial_balance_document(world, books)
    return to_pdf(doc)
