"""``simulator solve`` (reference attempts) and ``simulator grade`` (batch grading), as contracts.md
says: JSON Lines or CSV out; exit 0 when every input was graded, 1 when one could not be read, 2 for
usage errors."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    add_solve(subparsers)
    add_grade(subparsers)


def add_solve(subparsers: argparse._SubParsersAction) -> None:
    solve = subparsers.add_parser(
        "solve", help="print the reference attempt of a scenario for a seed or seeds"
    )
    solve.add_argument("pack", help="built-in pack id (e.g. procedure-11) or pack folder")
    solve.add_argument("scenario")
    seeds = solve.add_mutually_exclusive_group(required=True)
    seeds.add_argument("--seed", type=int, help="one seed: prints one JSON attempt")
    seeds.add_argument(
        "--seeds", metavar="A-B", help="a range of seeds: prints JSON Lines, one attempt per seed"
    )
    solve.set_defaults(func=_solve)


def add_grade(subparsers: argparse._SubParsersAction) -> None:
    grade = subparsers.add_parser(
        "grade", help="grade attempt files (JSON or JSON Lines; '-' or none = stdin)"
    )
    grade.add_argument("pack", help="built-in pack id (e.g. procedure-11) or pack folder")
    grade.add_argument("files", nargs="*", help="attempt files; '-' or none reads standard input")
    grade.add_argument(
        "--format", choices=("jsonl", "csv"), default="jsonl", help="output format (default jsonl)"
    )
    grade.set_defaults(func=_grade)
    _files_also_after_options(grade)


def _files_also_after_options(parser: argparse.ArgumentParser) -> None:
    """Take the files typed after an option (``grade PACK --format csv a.jsonl``) as files too: argparse
    matches an ``nargs="*"`` positional once, before the option, and leaves what follows unrecognized."""
    parse = parser.parse_known_args

    def parse_known_args(args=None, namespace=None):  # type: ignore[no-untyped-def]
        namespace, extras = parse(args, namespace)
        is_file = [arg == "-" or not arg.startswith("-") for arg in extras]
        namespace.files = [*namespace.files, *(a for a, file in zip(extras, is_file, strict=True) if file)]
        return namespace, [a for a, file in zip(extras, is_file, strict=True) if not file]

    parser.parse_known_args = parse_known_args  # type: ignore[method-assign]


def _seed_range(text: str) -> range | None:
    match = re.fullmatch(r"(\d+)-(\d+)", text.strip())
    if not match or int(match[1]) > int(match[2]):
        return None
    return range(int(match[1]), int(match[2]) + 1)


def _solve(args: argparse.Namespace) -> int:
    from simulator.packs.world.draw import ScenarioPremiseError

    try:
        return _solve_seeds(args)
    except ScenarioPremiseError as error:
        print(f"simulator: {error}", file=sys.stderr)
        return 1


def _solve_seeds(args: argparse.Namespace) -> int:
    from simulator.packs.commands import load_for_command
    from simulator.packs.play.solve import attempt, solve
    from simulator.packs.world.generate import generate

    pack = load_for_command(args.pack, args.scenario)
    if pack is None:
        return 2
    if args.seed is not None:
        world = generate(pack, args.scenario, args.seed)
        print(json.dumps(attempt(world, solve(world)), ensure_ascii=False, indent=2))
        return 0
    seeds = _seed_range(args.seeds)
    if seeds is None:
        print(
            f"simulator: --seeds attend un intervalle A-B (par exemple 1-300), pas « {args.seeds} »",
            file=sys.stderr,
        )
        return 2
    out = sys.stdout
    for seed in seeds:
        world = generate(pack, args.scenario, seed)
        out.write(json.dumps(attempt(world, solve(world)), ensure_ascii=False) + "\n")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from simulator.packs.commands import load_for_command
    from simulator.packs.spec.yamlsource import os_reason

    from .batch import Grader, Input, csv_row, grade_inputs, read_attempts, to_csv

    pack = load_for_command(args.pack)
    if pack is None:
        return 2
    grader = Grader(pack)
    status = 0
    rows = []
    for name in args.files or ["-"]:
        if name == "-":
            inputs = read_attempts(sys.stdin.read(), "<stdin>")
        else:
            try:
                inputs = read_attempts(Path(name).read_text(encoding="utf-8"), name)
            except (OSError, UnicodeDecodeError) as error:
                reason = os_reason(error) if isinstance(error, OSError) else "le fichier n'est pas en UTF-8"
                inputs = iter([Input(name, error=f"fichier illisible : {reason}.")])
        for item, result, error in grade_inputs(inputs, grader):
            if error:
                status = 1
                print(f"{item.where}: {error}", file=sys.stderr)
            if args.format == "csv":
                rows.append(csv_row(item, result, error))
            elif result is not None:
                print(json.dumps({"input": item.where, **result.as_dict()}, ensure_ascii=False))
            else:
                print(json.dumps({"input": item.where, "error": error}, ensure_ascii=False))
    if args.format == "csv":
        sys.stdout.write(to_csv(rows))
    return status
