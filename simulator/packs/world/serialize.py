"""A World as JSON-able data: dataclass fields in declaration order, amounts as strings with a dot
("962.44"), dates ISO ("2026-03-02"). Documents also carry their derived totals (HT, VAT, TTC), as
the student sees them."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal
from typing import Any

from simulator.ledger.model import Document
from simulator.packs.world.model import World


def to_jsonable(value: Any) -> Any:
    """Plain JSON data from the world's value types (dataclasses, tuples, Decimal, date)."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, Document):
            data["amount_ht"] = to_jsonable(value.amount_ht)
            data["amount_vat"] = to_jsonable(value.amount_vat)
            data["amount_ttc"] = to_jsonable(value.amount_ttc)
        return data
    if isinstance(value, list | tuple):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    raise TypeError(f"cannot serialize {type(value).__name__}")


def world_to_dict(world: World) -> dict[str, Any]:
    return to_jsonable(world)


def world_to_json(world: World, indent: int | None = 2) -> str:
    """The world as JSON text (UTF-8 characters kept as they are)."""
    return json.dumps(world_to_dict(world), indent=indent, ensure_ascii=False)
