"""The ``auto_reconcile`` and ``undo_auto_reconcile`` actions (docs/grading.md, « Lettrage automatique »):
their fields read from an attempt file or a form, then the run of simulator.ledger.autoreconcile.

``auto_reconcile``: ``accounts`` (a list of account codes: ``"411"`` for every customer, or customers'
sub-accounts), ``power`` (2 to 4), ``max_gap`` (« écart autorisé », an amount, ``"0.00"`` allowed),
``write_off`` (``null``: annulations not allowed; else ``{"account", "journal", ["gain_account"]}``),
``date_from``, ``date_to``, [``id``] (``LA1``, ``LA2``… by default).
``undo_auto_reconcile``: ``run`` (its id), [``sets``] (ids ``LA1-3``…; all its sets still lettered when
absent); [``date``] the date of the write-offs' reversals (their own date when absent).

Every bad field is reported at once, each on its field, and nothing is applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from simulator.ledger import dates
from simulator.ledger.autoreconcile import AutoParams, WriteOffRule, auto_reconcile, undo_auto_reconcile
from simulator.ledger.books import Books
from simulator.ledger.money import parse_amount
from simulator.ledger.problems import Problem

AUTO_RECONCILE = "auto_reconcile"
UNDO_AUTO_RECONCILE = "undo_auto_reconcile"


def _power(value: Any) -> tuple[int | None, Problem | None]:
    text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
    if not text.isdigit() or not 2 <= int(text) <= 4:
        return None, Problem("auto_power_invalid", "power", {"value": "" if value is None else value})
    return int(text), None


def _gap(value: Any) -> tuple[Decimal | None, Problem | None]:
    if isinstance(value, str) and value.strip().startswith(("-", "−")):
        return None, Problem("auto_gap_negative", "max_gap", {})
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, Problem("amount_empty", "max_gap", {})
    return parse_amount(value, field="max_gap", allow_zero=True)


def _accounts(value: Any) -> tuple[tuple[str, ...] | None, Problem | None]:
    if isinstance(value, str):
        value = [part for part in value.replace(",", " ").split()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None, Problem("auto_accounts_required", "accounts", {})
    return tuple(dict.fromkeys(v.strip().upper() for v in value if v.strip())), None


def _write_off(value: Any) -> tuple[WriteOffRule | None, list[Problem]]:
    if value in (None, False):
        return None, []
    if not isinstance(value, Mapping):
        return None, [Problem("auto_write_off_account", "write_off_account", {"account": str(value)})]
    fields = {name: value.get(name) for name in ("account", "journal", "gain_account")}
    problems = []
    if not isinstance(fields["account"], str) or not fields["account"].strip():
        problems.append(Problem("field_required", "write_off_account", {"name": "Compte d'annulation"}))
    if not isinstance(fields["journal"], str) or not fields["journal"].strip():
        problems.append(Problem("field_required", "write_off_journal", {"name": "Journal d'annulation"}))
    gain = fields["gain_account"]
    if gain is not None and not isinstance(gain, str):
        problems.append(Problem("auto_write_off_account", "write_off_gain_account", {"account": str(gain)}))
    if problems:
        return None, problems
    return WriteOffRule(
        fields["account"].strip(), fields["journal"].strip().upper(), (gain or "").strip()
    ), []


def read_params(action: Mapping[str, Any]) -> tuple[AutoParams | None, list[Problem]]:
    """The run's parameters from an action (or a form turned into one), or every problem found."""
    problems: list[Problem] = []
    accounts, p1 = _accounts(action.get("accounts"))
    power, p2 = _power(action.get("power"))
    gap, p3 = _gap(action.get("max_gap"))
    rule, p4 = _write_off(action.get("write_off"))
    start, p5 = dates.parse_date(action.get("date_from"), "date_from")
    end, p6 = dates.parse_date(action.get("date_to"), "date_to")
    problems = [p for p in (p1, p2, p3, p5, p6) if p] + p4
    if problems:
        return None, problems
    return AutoParams(accounts, power, gap, rule, start, end), []  # type: ignore[arg-type]


def apply_auto_reconcile(books: Books, action: Mapping[str, Any]) -> tuple[Books, list[Problem]]:
    params, problems = read_params(action)
    if problems:
        return books, problems
    run_id = action.get("id")
    return auto_reconcile(books, params, run_id if isinstance(run_id, str) and run_id.strip() else None)  # type: ignore[arg-type]


def apply_undo(books: Books, action: Mapping[str, Any]) -> tuple[Books, list[Problem]]:
    run = action.get("run")
    if not isinstance(run, str) or not run.strip():
        return books, [Problem("field_required", "run", {"name": "run"})]
    sets = action.get("sets")
    if sets is not None and (not isinstance(sets, list) or not all(isinstance(s, str) for s in sets)):
        return books, [
            Problem("field_invalid", "sets", {"name": "sets", "reason": "liste de lettrages attendue."})
        ]
    on: date | None = None
    if action.get("date") not in (None, ""):
        on, problem = dates.parse_date(action.get("date"), "date")
        if problem:
            return books, [problem]
    return undo_auto_reconcile(books, run.strip(), sets or None, on)


HANDLERS = {AUTO_RECONCILE: apply_auto_reconcile, UNDO_AUTO_RECONCILE: apply_undo}
