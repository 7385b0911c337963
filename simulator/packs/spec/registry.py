"""Where packs are found: a built-in pack id (a folder of ``scenarios/``) or a pack folder.

``load_pack(path_or_id)`` returns a :class:`Pack` or raises :class:`PackInvalid`; ``load_builtin_pack(pack_id)``
only looks among the built-in packs, for ids that come from outside; ``list_packs()`` lists the built-in packs.
"""

from __future__ import annotations

import functools
from pathlib import Path

from simulator.packs.spec.loader import PACK_FILE, Pack, PackInvalid, PackNotFound, builtin_root, read_pack
from simulator.packs.spec.yamlsource import PackError


def resolve_pack_path(path_or_id: str | Path) -> Path:
    """A built-in pack id (a folder of ``scenarios/``) or a path to a pack folder."""
    if isinstance(path_or_id, Path):
        return path_or_id
    builtin = _builtin_folders().get(path_or_id)
    if builtin is not None:
        return builtin
    try:
        if Path(path_or_id).is_dir():
            return Path(path_or_id)
    except OSError:  # a name too long for the file system
        pass
    known = ", ".join(p.name for p in builtin_dirs()) or "aucun"
    raise PackNotFound(
        [PackError(str(path_or_id), 0, f"pack introuvable : ni dossier, ni pack intégré ({known})")]
    )


def load_pack(path_or_id: str | Path) -> Pack:
    """Load and validate a pack; raise :class:`PackInvalid` with every problem when it is not valid."""
    folder = resolve_pack_path(path_or_id)
    reading = read_pack(folder)
    if reading.pack is None:
        raise PackInvalid(reading.errors)
    return reading.pack


def builtin_dirs() -> list[Path]:
    """The built-in pack folders (each with a pack.yaml), sorted."""
    root = builtin_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / PACK_FILE).is_file())


@functools.cache
def _builtin_folders() -> dict[str, Path]:
    """The built-in pack folders by name, listed once: they ship with the program."""
    return {folder.name: folder for folder in builtin_dirs()}


def load_builtin_pack(pack_id: str) -> Pack:
    """The built-in pack ``pack_id``, looked up by name among the folders of ``scenarios/`` and never used
    as a path: for ids that come from outside (the HTTP API). An unknown id costs a dictionary lookup."""
    folder = _builtin_folders().get(pack_id)
    if folder is None:
        raise PackNotFound([PackError("", 0, "pack introuvable parmi les packs installés")])
    return load_pack(folder)


def list_packs() -> list[Pack]:
    """The built-in packs, by id."""
    return sorted((load_pack(p) for p in builtin_dirs()), key=lambda pack: pack.id)
