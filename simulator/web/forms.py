"""What a student types, read the French way: amounts (``1 234,56``, ``1234.56``) and dates (``JJ/MM/AAAA``
or a date picker's ``AAAA-MM-JJ``). Each reader returns ``(value, None)`` or ``(None, French reason)``;
the parsing itself is the core's (ledger.money.parse_amount, ledger.dates.parse_date).

Views turn a form into an action of contracts.md with these, then call the service. An action's fields are
plain JSON: amounts as ``"1234.56"`` and dates as ``"2026-03-02"`` (see :func:`amount_field`,
:func:`date_field`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from simulator.ledger.dates import parse_date
from simulator.ledger.money import parse_amount


def read_amount(
    text: str | None, field: str = "amount", *, allow_zero: bool = False
) -> tuple[Decimal | None, str | None]:
    """``"1 234,56"`` -> ``(Decimal("1234.56"), None)``; ``"abc"``, ``"-5"``, ``"1e9"``, ``""`` -> a reason;
    ``"0"`` too unless ``allow_zero`` (a figure quoted, not an amount posted)."""
    amount, problem = parse_amount(text if text is not None else "", field=field, allow_zero=allow_zero)
    return (amount, None) if problem is None else (None, problem.message)


def read_date(text: str | None, field: str = "date") -> tuple[date | None, str | None]:
    """``"02/03/2026"`` or ``"2026-03-02"`` -> ``(date(2026, 3, 2), None)``; anything else -> a reason."""
    value, problem = parse_date(text or "", field)
    return (value, None) if problem is None else (None, problem.message)


def whole_number(text: str | None) -> int | str:
    """``"15"`` -> ``15`` (up to 9 ASCII digits, as the core reads an action's whole numbers); anything else
    (``"-1"``, ``"1.5"``, ``"abc"``, ``"²"``, ``""``) is returned as typed, stripped, for the core to refuse
    with its French reason. (``str.isdigit`` is not the test: ``"²".isdigit()`` but ``int("²")`` fails.)"""
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else text


class ActionForm:
    """Reads the fields of one posted form into an action, collecting French errors by field.

    ``form = ActionForm(request.form)``; ``action = {"type": "...", "amount": form.amount("amount"), ...}``;
    if ``form.errors``: answer 422 with them, else call the service with the action."""

    def __init__(self, data: Mapping[str, str]):
        self.data = data
        self.errors: dict[str, str] = {}

    def text(self, name: str) -> str:
        return (self.data.get(name) or "").strip()

    def amount(self, name: str) -> str | None:
        """The amount as an action field (``"1234.56"``), or None with an error recorded."""
        value, error = read_amount(self.data.get(name), name)
        if error:
            self.errors[name] = error
            return None
        return f"{value:.2f}"

    def date(self, name: str) -> str | None:
        """The date as an action field (``"2026-03-02"``), or None with an error recorded."""
        value, error = read_date(self.data.get(name), name)
        if error:
            self.errors[name] = error
            return None
        return value.isoformat()  # type: ignore[union-attr]
