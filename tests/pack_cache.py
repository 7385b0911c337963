"""The built-in packs read once per test process: reading and checking a pack's YAML costs about 65 ms, and
many tests only need the pack as a value (a :class:`Pack` is frozen). Tests of the reading itself, or that
change a pack's files, call ``load_pack`` directly."""

from __future__ import annotations

import functools

from simulator.packs.spec.loader import Pack
from simulator.packs.spec.registry import load_pack


@functools.cache
def builtin_pack(pack_id: str) -> Pack:
    """The built-in pack ``pack_id`` as ``load_pack`` reads it, shared by the tests of this process."""
    return load_pack(pack_id)
