"""``simulator world PACK SCENARIO --seed N``: the generated world as JSON, with its ``traps`` (the
situations that provoke a known mistake, :mod:`simulator.grading.traps`), each with the mistake codes it
provokes. The command's arguments are the packs' own (:func:`simulator.packs.commands.add_world`); only the
printing is here, since packs do not know the mistake catalogue."""

from __future__ import annotations

import argparse
import json


def add_world(subparsers: argparse._SubParsersAction) -> None:
    from simulator.packs.commands import add_world as add_packs_world

    add_packs_world(subparsers)
    subparsers.choices["world"].set_defaults(func=world)


def world(args: argparse.Namespace) -> int:
    from simulator.packs.commands import generate_for_command, print_stdout
    from simulator.packs.world.serialize import world_to_dict

    from .traps import traps

    generated = generate_for_command(args.pack, args.scenario, args.seed)
    if generated is None:
        return 1
    data = world_to_dict(generated)
    data["traps"] = [trap.as_dict() for trap in traps(generated)]
    return print_stdout(json.dumps(data, ensure_ascii=False, indent=2))
