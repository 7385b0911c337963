"""The draw of one world: the state a scenario, a pack and a seed give the generator (the seeded random
source and fake data, what each `when` group drew, the items drawn so far) and its primitives (a day, an
amount in steps, the items present). The steps of :mod:`simulator.packs.world.generate`, the texts of
:mod:`simulator.packs.world.texts` and the premise checks of :mod:`simulator.packs.world.premises` are plain
functions over a :class:`Draw`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from simulator.ledger.model import Cheque, Document, StatementLine
from simulator.ledger.money import cents
from simulator.packs.spec.loader import Pack
from simulator.packs.spec.schema import AmountRange, OffsetRange, SameAs, ScenarioSpec
from simulator.packs.world.fakedata import CompanyIdentity, FrenchData
from simulator.packs.world.model import (
    Company,
    CustomerProfile,
    Message,
    PriorFollowup,
    PriorPayment,
    PriorSlip,
)
from simulator.packs.world.strategy import starting_levels


class ScenarioPremiseError(ValueError):
    """The scenario, for this seed, does not produce the situation its expected work assumes."""

    def __init__(self, pack: str, scenario: str, seed: int, message: str):
        self.pack, self.scenario, self.seed = pack, scenario, seed
        super().__init__(f"{pack}/{scenario}, graine {seed} : {message}")


def derive_seed(pack_id: str, scenario_id: str, seed: int) -> int:
    """A 64-bit seed from (pack, scenario, seed): stable everywhere (SHA-256, never ``hash()``)."""
    digest = hashlib.sha256(f"{pack_id}\x1f{scenario_id}\x1f{seed}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass
class DrawnPayment:
    """A statement line or cheque amount as drawn, before ids are assigned."""

    key: str
    amount: Decimal
    leave: Decimal | None


class Draw:
    """One world being drawn: read and filled by the generator's steps, in order."""

    def __init__(self, pack: Pack, scenario: ScenarioSpec, seed: int):
        self.pack = pack
        self.s = scenario
        self.seed = seed
        self.data = FrenchData(derive_seed(pack.id, scenario.id, seed))
        self.rng = self.data.rng
        self.today = scenario.today
        self.levels = starting_levels(pack, scenario)  # the scenario's own, else the pack's
        self.included: dict[str, bool] = {}
        self.identities: dict[str, CompanyIdentity] = {}
        self.customers: dict[str, CustomerProfile] = {}
        self.docs: dict[str, Document] = {}  # numbered at the end of the documents step
        self.doc_status: dict[str, str] = {}
        self.first_line_ht: dict[str, Decimal] = {}
        self.payments: dict[str, DrawnPayment] = {}
        self.statement: dict[str, StatementLine] = {}
        self.cheques: dict[str, Cheque] = {}
        self.messages: dict[str, Message] = {}
        self.prior: list[PriorPayment] = []
        self.slips: dict[str, PriorSlip] = {}
        self.slip_lines: dict[str, str] = {}  # statement line key -> the slip it credits
        self.slip_settled: set[str] = set()  # documents settled by the cheques of earlier slips
        self.history: list[PriorFollowup] = []
        self.company: Company | None = None  # drawn by the company step, before the texts are rendered

    def fail(self, message: str) -> ScenarioPremiseError:
        return ScenarioPremiseError(self.pack.id, self.s.id, self.seed, message)

    # ------------------------------------------------------------------------------------------ draws

    def day(self, offset: int | OffsetRange) -> date:
        if isinstance(offset, OffsetRange):
            offset = self.rng.randint(offset.min, offset.max)
        return self.today + timedelta(days=offset)

    def draw_steps(
        self,
        low: Decimal,
        high: Decimal,
        step: Decimal,
        below: Decimal | None = None,
        nonzero: bool = False,
        what: str = "montant",
    ) -> Decimal:
        """min + k × step with k uniform; ``below``: only values strictly under it; ``nonzero``: never 0.

        The candidates are counted first and exactly one index is drawn, so a cap or an excluded zero
        never changes how many numbers the generator consumes.
        """
        count = int((high - low) / step) + 1
        if below is not None:
            span = below - low
            fitting = int(span / step) + (1 if span % step else 0) if span > 0 else 0
            count = min(count, fitting)
        candidates = count
        zero_index = None
        if nonzero and low <= 0 <= low + (count - 1) * step and (-low) % step == 0:
            zero_index = int(-low / step)
            candidates -= 1
        if candidates <= 0:
            limit = f" inférieure à {below}" if below is not None else ""
            raise self.fail(f"aucune valeur possible pour {what} dans [{low} ; {high}]{limit}")
        index = self.rng.randrange(candidates)
        if zero_index is not None and index >= zero_index:
            index += 1
        return cents(low + index * step)

    def amount(self, spec: Any, what: str, below: Decimal | None = None) -> Decimal:
        if isinstance(spec, Decimal):
            return cents(spec)
        if isinstance(spec, AmountRange):
            return self.draw_steps(spec.min, spec.max, spec.step, below=below, what=what)
        if isinstance(spec, SameAs):
            if spec.same_as not in self.first_line_ht:
                raise self.fail(f"{what} : same_as « {spec.same_as} » ne désigne aucune facture de ce monde")
            return self.first_line_ht[spec.same_as]
        raise self.fail(f"{what} : forme de montant inattendue")  # pragma: no cover - validated

    def present(self, specs: list[Any]) -> list[Any]:
        """The items of ``specs`` this world includes (their `when` group drawn true)."""
        return [spec for spec in specs if self.included[spec.key]]
