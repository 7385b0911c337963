"""Pack commands of the ``simulator`` CLI: ``pack list``, ``pack validate PATH`` and
``world PACK SCENARIO --seed N``.

``add_pack`` and ``add_world`` follow simulator/cli.py's ``_add_<name>(subparsers)`` convention;
``register(subparsers)`` adds both. Heavy modules (pydantic, Faker) are imported inside the commands, so
that ``simulator --help`` stays fast. Exit status: 0 success, 1 invalid pack or failed generation,
2 usage errors (argparse).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def add_pack(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "pack",
        help="list or validate scenario packs",
        description="Scenario packs: list the built-in packs, or validate a pack folder.",
    )
    actions = parser.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="built-in packs: id, version, scenarios")
    listing.set_defaults(func=pack_list)
    validate = actions.add_parser(
        "validate",
        help="check a pack folder; one line FILE:LINE: message per problem",
        description=(
            "Exit 0 when the pack is valid, 1 otherwise with one line FILE:LINE: message per problem."
        ),
    )
    validate.add_argument("path", metavar="PATH", help="pack folder (containing pack.yaml)")
    validate.set_defaults(func=pack_validate)


def add_world(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "world",
        help="print the generated world of a scenario as JSON",
        description="Generate the world of SCENARIO for a seed and print it as JSON.",
    )
    parser.add_argument("pack", metavar="PACK", help="built-in pack id (e.g. procedure-11) or pack folder")
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario id")
    parser.add_argument("--seed", type=int, required=True, metavar="N", help="seed (integer)")
    parser.set_defaults(func=world)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``pack`` and ``world`` to a ``simulator`` subparsers object."""
    add_pack(subparsers)
    add_world(subparsers)


def _print_errors(errors: Sequence[object], base: str, stream=None) -> None:
    stream = stream or sys.stdout
    for error in errors:
        file, line, message = error.file, error.line, error.message  # type: ignore[attr-defined]
        path = os.path.join(base, file) if base and file else (file or base)
        print(f"{path}:{line}: {message}" if line else f"{path}: {message}", file=stream)


def load_for_command(pack_arg: str, scenario: str | None = None):
    """The pack a command names (built-in id or folder), with ``scenario`` in it; else print why on
    stderr (``FILE:LINE: message`` for an invalid pack) and return None."""
    from simulator.packs.spec.loader import PackInvalid, PackNotFound
    from simulator.packs.spec.registry import load_pack, resolve_pack_path

    try:
        pack = load_pack(pack_arg)
    except PackNotFound as exc:
        _print_errors(exc.errors, "", sys.stderr)
        return None
    except PackInvalid as exc:
        _print_errors(exc.errors, str(resolve_pack_path(pack_arg)), sys.stderr)
        return None
    if scenario is not None and scenario not in pack.scenarios:
        print(
            f"le pack {pack.id} n'a pas de scénario « {scenario} » (scénarios : {', '.join(pack.scenario_ids)})",
            file=sys.stderr,
        )
        return None
    return pack


def pack_list(args: argparse.Namespace) -> int:
    from simulator.packs.spec.loader import PackInvalid
    from simulator.packs.spec.registry import builtin_dirs, load_pack

    status = 0
    for folder in builtin_dirs():
        try:
            pack = load_pack(folder)
        except PackInvalid as exc:
            _print_errors(exc.errors, str(folder), sys.stderr)
            status = 1
            continue
        print(f"{pack.id}\t{pack.version}\t{' '.join(pack.scenario_ids)}")
    return status


def pack_validate(args: argparse.Namespace) -> int:
    from simulator.packs.spec.loader import read_pack

    reading = read_pack(Path(args.path))  # read and checked once
    if reading.pack is None:
        _print_errors(reading.errors, args.path)
        return 1
    count = len(reading.pack.scenarios)
    print(f"Pack valide : {count} scénario{'s' if count > 1 else ''}")
    return 0


def world(args: argparse.Namespace) -> int:
    from simulator.packs.world.serialize import world_to_json

    generated = generate_for_command(args.pack, args.scenario, args.seed)
    return 1 if generated is None else print_stdout(world_to_json(generated))


def generate_for_command(pack_ref: str, scenario: str, seed: int):
    """The world of ``scenario`` for ``seed``, or None after printing why not (unknown pack or scenario, a
    premise the seed breaks): what ``simulator world`` prints, with or without what grading adds to it."""
    from simulator.packs.world.draw import ScenarioPremiseError
    from simulator.packs.world.generate import generate

    pack = load_for_command(pack_ref, scenario)
    if pack is None:
        return None
    try:
        return generate(pack, scenario, seed)
    except ScenarioPremiseError as exc:
        print(f"prémisse du scénario non respectée : {exc}", file=sys.stderr)
        return None


def print_stdout(text: str) -> int:
    """Print, and stay quiet when the reader stops early (``simulator world … | head``)."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Stand-alone entry point (``python -m simulator.packs.commands pack validate PATH``)."""
    parser = argparse.ArgumentParser(prog="simulator")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register(subparsers)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
