"""Scenario packs: strict YAML schema, loading with file:line errors, world generation, JSON export.

Public API (imported lazily, so that ``import simulator.packs.commands`` does not load pydantic or Faker)::

    load_pack(path_or_id) -> Pack            validate_pack(path) -> list[PackError]
    list_packs() -> list[Pack]               generate_world(pack_or_id_or_path, scenario_id, seed) -> World
    world_to_dict(world) -> dict             world_to_json(world) -> str

``generate(pack, scenario_id, seed)`` itself is imported from :mod:`simulator.packs.world.generate` (the
package attribute ``generate`` is that submodule once it is imported).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Pack": "spec.loader",
    "PackError": "spec.yamlsource",
    "PackInvalid": "spec.loader",
    "PackNotFound": "spec.loader",
    "load_pack": "spec.registry",
    "validate_pack": "spec.loader",
    "list_packs": "spec.registry",
    "ScenarioPremiseError": "world.draw",
    "derive_seed": "world.draw",
    "generate_world": "world.generate",
    "world_to_dict": "world.serialize",
    "world_to_json": "world.serialize",
    "World": "world.model",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'simulator.packs' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
