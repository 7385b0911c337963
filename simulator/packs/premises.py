"""The premise of a scenario, checked for each seed once its world is drawn: the expected work must make
sense for the world that came out (receipts of the right customer, credit notes below their invoice, reminders
at the level the delays reach, customers not to remind with nothing overdue, ``due_today`` as the ledger
lists it). A broken premise raises :class:`ScenarioPremiseError`.

:class:`_PremiseChecks` is a part of the world builder (:mod:`simulator.packs.generate`): its methods read the
builder's drawn items (``docs``, ``customers``, ``payments``…) and raise through its ``fail``.
"""

from __future__ import annotations

from simulator.formatting import format_date
from simulator.ledger.followup import contact_reason, level_reached
from simulator.ledger.model import (
    CREDIT_NOTE,
    INVOICE,
)
from simulator.ledger.terms import days_past_due

from .replay import initial_books
from .world import (
    Expected,
    World,
)

CHANNEL_ACTIONS = {"phone": ("phone",), "email": ("email",), "letter": ("letter", "registered_letter")}


class ScenarioPremiseError(ValueError):
    """The scenario, for this seed, does not produce the situation its expected work assumes."""

    def __init__(self, pack: str, scenario: str, seed: int, message: str):
        self.pack, self.scenario, self.seed = pack, scenario, seed
        super().__init__(f"{pack}/{scenario}, graine {seed} : {message}")


class _PremiseChecks:
    """The premise checks of the world builder."""

    def check_due_today(self, world: World) -> None:
        """The customers the scenario says are to contact today are exactly those the ledger lists
        (ledger.followup.contact_reason on the books as the scenario starts)."""
        if world.expected.due_today is None:
            return
        books = initial_books(world)
        found = {c for c in books.customers if contact_reason(books, c)}
        if found != set(world.expected.due_today):
            raise self.fail(
                f"due_today annonce {', '.join(sorted(world.expected.due_today)) or 'personne'} mais les "
                f"clients à contacter aujourd'hui sont {', '.join(sorted(found)) or 'personne'}"
            )

    def settled_keys(self) -> set[str]:
        """Documents paid before the scenario, or settled by a receipt the student records."""
        settled = {k for k, status in self.doc_status.items() if status == "paid"} | self.slip_settled
        for spec in self.s.expected.receipts:
            if self.included[spec.source]:
                settled.update(spec.documents)
        return settled

    def overdue_days(self, key: str) -> int:
        doc = self.docs[key]
        return days_past_due(doc.due_date, self.today)

    def reminder_level(self, customer: str, channel: str, documents: list[str], what: str) -> int:
        settled = self.settled_keys()
        for key in documents:
            if key in settled:
                raise self.fail(f"{what} : la facture {self.docs[key].number} est déjà réglée")
        overdue = [self.overdue_days(k) for k in documents if self.overdue_days(k) > 0]
        if not overdue:
            raise self.fail(f"{what} : aucune des factures n'est échue au {format_date(self.today)}")
        level = level_reached(self.levels, max(overdue))
        if level is None:
            first = min(lv.days for lv in self.levels)
            raise self.fail(
                f"{what} : retard de {max(overdue)} jours, avant le premier niveau de relance (J+{first})"
            )
        if not set(CHANNEL_ACTIONS[channel]) & set(level.actions):
            raise self.fail(
                f"{what} : au niveau {level.level} ({level.name}, J+{level.days}) la relance se fait par "
                f"{', '.join(level.actions)}, pas par {channel}"
            )
        return level.level

    def check_premise(self, expected: Expected) -> None:
        for spec in self.s.expected.receipts:
            if not self.included[spec.source]:
                continue
            what = f"règlement attendu « {spec.source} »"
            customer = self.customers[spec.customer].id
            for key in spec.documents:
                if self.docs[key].customer != customer:
                    raise self.fail(
                        f"{what} : la pièce {self.docs[key].number} n'est pas du client {customer}"
                    )
            if self.payments[spec.source].amount <= 0:
                raise self.fail(f"{what} : montant {self.payments[spec.source].amount} non positif")
            if spec.source in self.cheques and self.cheques[spec.source].customer != customer:
                raise self.fail(f"{what} : le chèque n'est pas tiré par le client {customer}")
        for key, doc in self.docs.items():
            if doc.kind == CREDIT_NOTE:
                invoice = next(d for d in self.docs.values() if d.number == doc.refers_to)
                if doc.amount_ttc >= invoice.amount_ttc:
                    raise self.fail(
                        f"avoir « {key} » ({doc.amount_ttc}) pas plus petit que sa facture "
                        f"({invoice.amount_ttc})"
                    )
                if doc.date < invoice.date:
                    raise self.fail(f"avoir « {key} » daté avant sa facture {invoice.number}")
            elif doc.due_date < doc.date:  # type: ignore[operator]
                raise self.fail(f"facture « {key} » : échéance avant la date de facture")  # pragma: no cover
        settled = self.settled_keys()
        for key in self.s.expected.not_reminded:
            if key not in self.customers:
                continue
            late = [
                k
                for k, d in self.docs.items()
                if d.kind == INVOICE
                and d.customer == self.customers[key].id
                and k not in settled
                and self.overdue_days(k) > 0
            ]
            if late:
                numbers = ", ".join(self.docs[k].number for k in late)
                raise self.fail(
                    f"le client « {key} » ne doit pas être relancé mais a une facture échue non "
                    f"réglée ({numbers})"
                )
