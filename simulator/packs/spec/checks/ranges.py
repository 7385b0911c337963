"""Ranges a scenario draws from: day offsets (a date in the past, or within the calendar when it moves) and
amounts (min not above max, a positive step), and the bounds other checks compare."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from simulator.packs.spec.checks.context import ScenarioContext
from simulator.packs.spec.schema import AmountRange, LineSpec, OffsetRange
from simulator.packs.spec.yamlsource import Loc


def fixed_range(value: Any) -> tuple[Decimal, Decimal] | None:
    """The [min, max] an AmountSpec can take when it does not depend on other items."""
    if isinstance(value, Decimal):
        return value, value
    if isinstance(value, AmountRange):
        return value.min, value.max
    return None


def line_ht_bounds(line: LineSpec) -> tuple[Decimal, Decimal] | None:
    """The smallest and largest HT amount of a line, when they do not depend on other documents."""
    bounds = fixed_range(line.drawn)
    return None if bounds is None else (line.ht(bounds[0]), line.ht(bounds[1]))


def offset_range(value: int | OffsetRange) -> tuple[int, int]:
    """The [min, max] days from today of a date given as an offset or a range of offsets."""
    if isinstance(value, OffsetRange):
        return value.min, value.max
    return value, value


def check_past(ctx: ScenarioContext, loc: Loc, offset: int | OffsetRange, future: int = 0) -> None:
    """A date range is well formed and not after today (or after the calendar's last day, ``future``)."""
    low, high = offset_range(offset)
    if low > high:
        ctx.error(loc, f"plage de jours invalide : min ({low}) > max ({high})")
    elif future and high > future:
        ctx.error(
            loc,
            f"date après la fin du calendrier (jour {high} après today) : le scénario dure {future} jours",
        )
    elif high > 0 and not future:
        ctx.error(
            loc,
            f"date dans le futur (jour {high} après today) : les pièces sont datées au plus tard de today",
        )


def check_range(
    ctx: ScenarioContext, loc: Loc, low: Decimal, high: Decimal, step: Decimal | None = None
) -> bool:
    """An amount range is well formed: min not above max, a positive step. False when it is not."""
    if low > high:
        ctx.error(loc, f"plage invalide : min ({low}) > max ({high})")
        return False
    if step is not None and step <= 0:
        ctx.error(loc + ("step",), f"le pas doit être positif (reçu {step})")
        return False
    return True
