"""The ``lettrage`` block of a scenario file (scenarios/lettrage): the month the generator
(simulator.packs.world.lettrage) draws, and the parameters the brief imposes, if it does."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _decimal(value: object) -> object:
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value


Amount = Annotated[Decimal, BeforeValidator(_decimal), Field(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class WriteOffSpec(_Strict):
    account: Annotated[str, Field(pattern=r"^[67][0-9]{2,7}$")] = "658"
    gain_account: Annotated[str, Field(pattern=r"^[67][0-9]{2,7}$")] = "758"
    journal: Literal["OD", "BNK"] = "OD"


class ImposedSpec(_Strict):
    """The parameters the brief imposes (« puissance 3, écart autorisé 1,00 €, annulations sur 658/758 »)."""

    power: Annotated[int, Field(ge=2, le=4)]
    max_gap: Amount
    write_off: WriteOffSpec | None = None


class LettrageSpec(_Strict):
    """``variant``: ``free`` (the student chooses the parameters) or ``imposed`` (the month holds a
    payment in four parts and a gap a little beyond the écart, which a careless run letters or writes
    off). ``tolerance``: the largest gap written off (658/758), beyond it the set is lettered partially."""

    variant: Literal["free", "imposed"] = "free"
    tolerance: Amount = Decimal("1.00")
    write_off: WriteOffSpec = WriteOffSpec()
    imposed: ImposedSpec | None = None
