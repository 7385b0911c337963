"""Validating a pack folder: every problem is reported with its file and line, all at once.

``validate_pack(path)`` returns the list of :class:`PackError`; a valid folder gives a :class:`Pack`. The
steps: read each YAML file (:mod:`.yamlsource`), check it against the schema (:mod:`.schema`, problems said
in French by :mod:`.schema_messages`), then cross-check keys, placeholders and dates (:mod:`.checks`).
Finding and loading packs by id or folder is :mod:`.registry`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from simulator.ledger.model import FollowupLevel
from simulator.packs.spec.checks import check_scenario, check_what_is_valid
from simulator.packs.spec.pack_checks import check_pack_spec
from simulator.packs.spec.schema import (
    CompanyOverride,
    PackSpec,
    ScenarioSpec,
)
from simulator.packs.spec.schema_messages import schema_errors
from simulator.packs.spec.strategy import levels_of
from simulator.packs.spec.yamlsource import PackError, Source, UnreadableFile, read_regular_file, read_yaml
from simulator.resources import resource_path

PACK_FILE = "pack.yaml"


class PackInvalid(Exception):
    def __init__(self, errors: list[PackError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class PackNotFound(PackInvalid):
    pass


@dataclass(frozen=True)
class Pack:
    """A valid pack: its ``pack.yaml``, its scenarios in order, where it was read from."""

    spec: PackSpec
    scenarios: dict[str, ScenarioSpec]
    path: Path
    readme: str = ""
    builtin: bool = False

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def version(self) -> str:
        return self.spec.version

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def scenario_ids(self) -> tuple[str, ...]:
        return tuple(self.scenarios)

    @cached_property
    def followup_levels(self) -> tuple[FollowupLevel, ...]:
        """The pack's levels; a level's ``letter`` is its template, so it stays with the level when a
        student adds or removes levels (Niveaux de relance) and the numbers move."""
        return levels_of(self.spec.followup_levels)

    def company_of(self, scenario_id: str) -> CompanyOverride:
        """Our company's fixed fields in a scenario: its own ``company`` fields, else the pack's."""
        return self.scenario(scenario_id).company.inherit(self.spec.company)

    def scenario(self, scenario_id: str) -> ScenarioSpec:
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            known = ", ".join(self.scenarios)
            raise KeyError(
                f"le pack {self.id} n'a pas de scénario « {scenario_id} » (scénarios : {known})"
            ) from None


def _procedure_steps(spec: PackSpec | None, source: Source | None) -> list[str] | None:
    """The procedure step ids of pack.yaml, read from the raw file when pack.yaml itself is invalid."""
    if spec is not None:
        return [step.id for step in spec.procedure]
    data = source.data if source is not None else None
    procedure = data.get("procedure") if isinstance(data, dict) else None
    if not isinstance(procedure, list):
        return None
    steps = [step.get("id") for step in procedure if isinstance(step, dict)]
    return [s for s in steps if isinstance(s, str)] if all(isinstance(s, str) for s in steps) else None


# ---------------------------------------------------------------------------------------------- entry points


@dataclass(frozen=True)
class PackReading:
    """A pack folder read once: the pack when it is valid, else every problem found (never both)."""

    pack: Pack | None
    errors: list[PackError]


def read_pack(folder: Path) -> PackReading:
    """Read, check and load the pack folder ``folder`` in one pass: the one validation, which both
    :func:`validate_pack` and loading use (an uploaded pack is parsed and cross-checked once)."""
    errors: list[PackError] = []
    if not folder.is_dir():
        return PackReading(None, [PackError("", 0, "dossier de pack introuvable")])
    pack_source = read_yaml(folder / PACK_FILE, PACK_FILE) if _lexists(folder / PACK_FILE) else None
    spec: PackSpec | None = None
    if pack_source is None:
        errors.append(PackError(PACK_FILE, 0, "fichier pack.yaml manquant"))
    elif pack_source.root is not None:
        try:
            spec = PackSpec.model_validate(pack_source.data)
        except ValidationError as exc:
            schema_errors(exc, pack_source)
        else:
            check_pack_spec(spec, pack_source)

    files = sorted(p for p in folder.glob("*.yaml") if p.name != PACK_FILE)
    order = [p.stem for p in files]
    if spec is not None and spec.scenarios is not None:
        order = []
        for i, sid in enumerate(spec.scenarios):
            if not _lexists(folder / f"{sid}.yaml"):
                assert pack_source is not None
                pack_source.error(
                    ("scenarios", i), f"scénario « {sid} » listé mais fichier {sid}.yaml absent"
                )
            elif sid in order:
                assert pack_source is not None
                pack_source.error(("scenarios", i), f"scénario « {sid} » listé deux fois")
            else:
                order.append(sid)
    if pack_source is not None:
        errors.extend(pack_source.errors)

    steps = _procedure_steps(spec, pack_source)
    scenarios: dict[str, ScenarioSpec] = {}
    for stem in order:
        source = read_yaml(folder / f"{stem}.yaml", f"{stem}.yaml")
        if source.root is not None:
            try:
                scenario = ScenarioSpec.model_validate(source.data)
            except ValidationError as exc:
                schema_errors(exc, source)
                check_what_is_valid(exc, source, stem, steps, spec)
            else:
                check_scenario(scenario, source, stem, steps, pack=spec)
                scenarios[stem] = scenario
        errors.extend(source.errors)
    if spec is not None and not order and not errors:
        errors.append(PackError(PACK_FILE, 1, "le pack ne contient aucun scénario"))
    errors.sort(key=lambda e: (e.file != PACK_FILE, e.file, e.line))
    if errors or spec is None:
        return PackReading(None, errors)
    readme = ""
    if _lexists(folder / "README.md"):
        try:
            readme = read_regular_file(folder / "README.md")
        except UnreadableFile as exc:
            return PackReading(None, [PackError("README.md", 1, str(exc))])
    pack = Pack(
        spec=spec,
        scenarios=scenarios,
        path=folder,
        readme=readme,
        builtin=folder.resolve().parent == builtin_root().resolve(),
    )
    return PackReading(pack, [])


def _lexists(path: Path) -> bool:
    """Something is there, whatever it is (a link, a FIFO): reading it says what is wrong with it."""
    return os.path.lexists(path)


def validate_pack(path: str | Path) -> list[PackError]:
    """Every problem of the pack folder ``path`` (empty list: the pack is valid)."""
    return read_pack(Path(path)).errors


def builtin_root() -> Path:
    return resource_path("scenarios")
