"""The follow-up reports: Livre des tiers (customer ledger with letters and running balance), Balance âgée
des clients (by due date, at the world's date) and Balance (trial balance), each as a PDF and as a French
CSV (``;`` separator, decimal comma, dates JJ/MM/AAAA, UTF-8 with a BOM so that Excel opens it right).

The rows come from simulator.ledger.reports; this module only arranges them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from simulator.formatting import format_date
from simulator.ledger.books import Books
from simulator.ledger.money import ZERO
from simulator.ledger.reports import (
    BUCKETS,
    AgedRow,
    LedgerRow,
    TrialRow,
    aged_balance,
    aged_totals,
    customer_ledger,
    trial_balance,
)
from simulator.packs.world.model import World

from .chart import CHART_LABELS, aged_balance_svg
from .render import Printable

# --- French CSV ---------------------------------------------------------------------------------------------


def csv_amount(value: Decimal | None) -> str:
    """``Decimal("-1234.5")`` -> ``"-1234,50"``: no thousands separator, so a spreadsheet reads a number."""
    return "" if value is None else f"{value.quantize(Decimal('0.01')):f}".replace(".", ",")


def csv_date(value: date | None) -> str:
    return "" if value is None else format_date(value)


def french_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


# --- Livre des tiers -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CustomerSection:
    id: str
    name: str
    account: str
    rows: tuple[LedgerRow, ...]

    @property
    def debit(self) -> Decimal:
        return sum((r.debit for r in self.rows), ZERO)

    @property
    def credit(self) -> Decimal:
        return sum((r.credit for r in self.rows), ZERO)

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit


def ledger_sections(world: World, books: Books) -> list[CustomerSection]:
    return [
        CustomerSection(c.id, c.name, c.account, tuple(customer_ledger(books, c.id)))
        for c in sorted(books.customers.values(), key=lambda c: c.account)
    ]


def customer_ledger_document(world: World, books: Books) -> Printable:
    sections = ledger_sections(world, books)
    return Printable(
        "documents/customer_ledger.html",
        "Livre des tiers – clients",
        {
            "company": world.company,
            "today": books.today,
            "subtitle": f"au {format_date(books.today)}",
            "sections": sections,
            "debit": sum((s.debit for s in sections), ZERO),
            "credit": sum((s.credit for s in sections), ZERO),
        },
    )


def customer_ledger_csv(world: World, books: Books) -> bytes:
    header = (
        "Compte",
        "Client",
        "Date",
        "Journal",
        "Écriture",
        "Pièce",
        "Libellé",
        "Débit",
        "Crédit",
        "Lettre",
        "Solde",
    )
    return french_csv(
        header,
        (
            (s.account, s.name, csv_date(r.date), r.journal, r.entry, "" if r.piece == r.entry else r.piece, r.label,
             csv_amount(r.debit), csv_amount(r.credit), r.letter, csv_amount(r.balance))
            for s in ledger_sections(world, books)
            for r in s.rows
        ),
    )  # fmt: skip


# --- Balance âgée ----------------------------------------------------------------------------------------------

#: the marker an aged balance prints beside an invoice of each status (ledger.reports.AgedRow.status), and
#: its legend
AGED_MARKERS = {"doubtful": "416", "disputed": "Litige"}
AGED_LEGEND = {
    "doubtful": "facture transférée en clients douteux ou litigieux (compte 416), toujours due",
    "disputed": "facture contestée par le client, exclue des relances",
}


@dataclass(frozen=True, slots=True)
class AgedGroup:
    id: str
    name: str
    rows: tuple[AgedRow, ...]
    totals: dict[str, Decimal]

    @property
    def markers(self) -> tuple[str, ...]:
        """The markers of the group's invoices (« 416 », « Litige »), once each, for a per-customer view."""
        return tuple(AGED_MARKERS[s] for s in AGED_MARKERS if any(r.status == s for r in self.rows))


def aged_groups(
    world: World, books: Books, at: date | None = None
) -> tuple[list[AgedGroup], dict[str, Decimal]]:
    """Customers with open items, their rows and bucket totals; and the grand totals per bucket."""
    rows = aged_balance(books, at)
    totals = aged_totals(rows)
    names = {cid: c.name for cid, c in books.customers.items()}
    groups = [
        AgedGroup(cid, names.get(cid, cid), tuple(r for r in rows if r.customer == cid), totals[cid])
        for cid in sorted(totals, key=lambda c: names.get(c, c))
    ]
    grand = {key: sum((g.totals[key] for g in groups), ZERO) for key in (*BUCKETS, "total")}
    return groups, grand


def aged_balance_chart(world: World, books: Books, at: date | None = None, id_prefix: str = "aged") -> str:
    """The stacked bar chart of the aged balance (SVG markup), for the PDF and the web screen."""
    groups, _ = aged_groups(world, books, at)
    when = at or books.today
    return aged_balance_svg(
        {g.id: g.totals for g in groups},
        {g.id: g.name for g in groups},
        f"Balance âgée des clients au {format_date(when)}, par tranche de retard",
        id_prefix,
    )


def aged_balance_document(world: World, books: Books, at: date | None = None) -> Printable:
    groups, grand = aged_groups(world, books, at)
    when = at or books.today
    return Printable(
        "documents/aged_balance.html",
        "Balance âgée des clients",
        {
            "company": world.company,
            "today": books.today,
            "subtitle": f"au {format_date(when)}, par date d'échéance",
            "groups": groups,
            "grand": grand,
            "buckets": BUCKETS,
            "labels": CHART_LABELS,
            "chart": aged_balance_chart(world, books, at),
            "markers": AGED_MARKERS,
            "legend": [
                (AGED_MARKERS[s], text)
                for s, text in AGED_LEGEND.items()
                if any(r.status == s for g in groups for r in g.rows)
            ],
        },
    )


def aged_balance_csv(world: World, books: Books, at: date | None = None) -> bytes:
    groups, grand = aged_groups(world, books, at)
    header = ("Client", "Pièce", "Échéance", "Situation", *(CHART_LABELS[b] for b in BUCKETS), "Total")
    rows: list[list[str]] = []
    for g in groups:
        for r in g.rows:
            rows.append([g.name, r.item, csv_date(r.due_date), AGED_MARKERS.get(r.status, ""),
                         *(csv_amount(r.amount) if r.bucket == b else "" for b in BUCKETS), csv_amount(r.amount)])  # fmt: skip
        rows.append(
            [
                f"Total {g.name}",
                "",
                "",
                "",
                *(csv_amount(g.totals[b]) for b in BUCKETS),
                csv_amount(g.totals["total"]),
            ]
        )
    rows.append(
        ["Total général", "", "", "", *(csv_amount(grand[b]) for b in BUCKETS), csv_amount(grand["total"])]
    )
    return french_csv(header, rows)


# --- Balance ---------------------------------------------------------------------------------------------------


def trial_balance_document(world: World, books: Books) -> Printable:
    rows = trial_balance(books)
    return Printable(
        "documents/trial_balance.html",
        "Balance générale",
        {
            "company": world.company,
            "today": books.today,
            "subtitle": f"au {format_date(books.today)}",
            "rows": rows,
            "debit": sum((r.debit for r in rows), ZERO),
            "credit": sum((r.credit for r in rows), ZERO),
            "debit_balance": sum((r.balance for r in rows if r.balance > 0), ZERO),
            "credit_balance": sum((-r.balance for r in rows if r.balance < 0), ZERO),
        },
    )


def _balances(row: TrialRow) -> tuple[str, str]:
    return (
        csv_amount(row.balance) if row.balance > 0 else "",
        csv_amount(-row.balance) if row.balance < 0 else "",
    )


def trial_balance_csv(world: World, books: Books) -> bytes:
    header = ("Compte", "Intitulé", "Débit", "Crédit", "Solde débiteur", "Solde créditeur")
    return french_csv(
        header,
        (
            (r.account, r.name, csv_amount(r.debit), csv_amount(r.credit), *_balances(r))
            for r in trial_balance(books)
        ),
    )
