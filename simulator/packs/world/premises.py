"""The premise of a scenario, checked for each seed once its world is drawn: the expected work must make
sense for the world that came out (receipts of the right customer, credit notes below their invoice, reminders
at the level the delays reach, customers not to remind with nothing overdue, ``due_today`` as the ledger
lists it). A broken premise raises :class:`ScenarioPremiseError`.

Plain functions over the :class:`~simulator.packs.world.draw.Draw` of the world: they read its drawn items
(``docs``, ``customers``, ``payments``…) and raise through its ``fail``.
"""

from __future__ import annotations

from simulator.formatting import format_date
from simulator.ledger.followup import contact_reason, level_reached
from simulator.ledger.model import (
    CREDIT_NOTE,
    INVOICE,
)
from simulator.ledger.terms import days_past_due
from simulator.packs.spec.schema import CHANNEL_ACTIONS
from simulator.packs.world.draw import Draw
from simulator.packs.world.model import (
    Expected,
    World,
)
from simulator.packs.world.opening import initial_books


def check_due_today(draw: Draw, world: World) -> None:
    """The customers the scenario says are to contact today are exactly those the ledger lists
    (ledger.followup.contact_reason on the books as the scenario starts)."""
    if world.expected.due_today is None:
        return
    books = initial_books(world)
    found = {c for c in books.customers if contact_reason(books, c)}
    if found != set(world.expected.due_today):
        raise draw.fail(
            f"due_today annonce {', '.join(sorted(world.expected.due_today)) or 'personne'} mais les "
            f"clients à contacter aujourd'hui sont {', '.join(sorted(found)) or 'personne'}"
        )


def settled_keys(draw: Draw) -> set[str]:
    """Documents paid before the scenario, or settled by a receipt the student records."""
    settled = {k for k, status in draw.doc_status.items() if status == "paid"} | draw.slip_settled
    for spec in draw.s.expected.receipts:
        if draw.included[spec.source]:
            settled.update(spec.documents)
    return settled


def overdue_days(draw: Draw, key: str) -> int:
    doc = draw.docs[key]
    return days_past_due(doc.due_date, draw.today)


def reminder_level(draw: Draw, customer: str, channel: str, documents: list[str], what: str) -> int:
    settled = settled_keys(draw)
    for key in documents:
        if key in settled:
            raise draw.fail(f"{what} : la facture {draw.docs[key].number} est déjà réglée")
    overdue = [overdue_days(draw, k) for k in documents if overdue_days(draw, k) > 0]
    if not overdue:
        raise draw.fail(f"{what} : aucune des factures n'est échue au {format_date(draw.today)}")
    level = level_reached(draw.levels, max(overdue))
    if level is None:
        first = min(lv.days for lv in draw.levels)
        raise draw.fail(
            f"{what} : retard de {max(overdue)} jours, avant le premier niveau de relance (J+{first})"
        )
    if not set(CHANNEL_ACTIONS[channel]) & set(level.actions):
        raise draw.fail(
            f"{what} : au niveau {level.level} ({level.name}, J+{level.days}) la relance se fait par "
            f"{', '.join(level.actions)}, pas par {channel}"
        )
    return level.level


def check_premise(draw: Draw, expected: Expected) -> None:
    for spec in draw.s.expected.receipts:
        if not draw.included[spec.source]:
            continue
        what = f"règlement attendu « {spec.source} »"
        customer = draw.customers[spec.customer].id
        for key in spec.documents:
            if draw.docs[key].customer != customer:
                raise draw.fail(f"{what} : la pièce {draw.docs[key].number} n'est pas du client {customer}")
        if draw.payments[spec.source].amount <= 0:
            raise draw.fail(f"{what} : montant {draw.payments[spec.source].amount} non positif")
        if spec.source in draw.cheques and draw.cheques[spec.source].customer != customer:
            raise draw.fail(f"{what} : le chèque n'est pas tiré par le client {customer}")
    for key, doc in draw.docs.items():
        if doc.kind == CREDIT_NOTE:
            invoice = next(d for d in draw.docs.values() if d.number == doc.refers_to)
            if doc.amount_ttc >= invoice.amount_ttc:
                raise draw.fail(
                    f"avoir « {key} » ({doc.amount_ttc}) pas plus petit que sa facture ({invoice.amount_ttc})"
                )
            if doc.date < invoice.date:
                raise draw.fail(f"avoir « {key} » daté avant sa facture {invoice.number}")
        elif doc.due_date < doc.date:  # type: ignore[operator]
            raise draw.fail(f"facture « {key} » : échéance avant la date de facture")  # pragma: no cover
    settled = settled_keys(draw)
    for key in draw.s.expected.not_reminded:
        if key not in draw.customers:
            continue
        late = [
            k
            for k, d in draw.docs.items()
            if d.kind == INVOICE
            and d.customer == draw.customers[key].id
            and k not in settled
            and overdue_days(draw, k) > 0
        ]
        if late:
            numbers = ", ".join(draw.docs[k].number for k in late)
            raise draw.fail(
                f"le client « {key} » ne doit pas être relancé mais a une facture échue non "
                f"réglée ({numbers})"
            )
