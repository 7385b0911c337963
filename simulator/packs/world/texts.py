"""Text rendering of a generated world: the placeholders of the brief, hints, document lines, statement
labels, messages and follow-up history are replaced by the drawn world's values, written the French way.

:class:`_TextRendering` is a part of the world builder (:mod:`simulator.packs.world.generate`): its methods read the
builder's drawn items and raise through its ``fail`` when a placeholder names an item absent for the seed.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from datetime import timedelta
from decimal import Decimal

from simulator.formatting import format_date, format_money
from simulator.ledger.model import (
    Cheque,
)
from simulator.ledger.money import ZERO
from simulator.packs.spec import placeholders as ph


def bank_label_name(name: str) -> str:
    """A name as a bank statement prints it: upper case, no accents, no apostrophes."""
    text = name.replace("œ", "oe").replace("Œ", "OE")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^A-Za-z0-9&\- ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip().upper()


class _TextRendering:
    """The text rendering of the world builder."""

    def render(self, template: str, where: str) -> str:
        return ph.render(template, lambda p: self.value_of(p, where))

    def value_of(self, p: ph.Placeholder, where: str) -> str:
        if p.key == "today":
            return format_date(self.today + timedelta(days=p.days))
        if p.key == "company":
            c = self.company
            return {
                "name": c.name,
                "iban": c.iban,
                "bic": c.bic,
                "bank": c.bank,
                "siret": c.siret,
                "phone": c.phone,
                "email": c.email,
                "signatory": c.signatory.full_name,
                "address": f"{c.address.street}, {c.address.postcode} {c.address.city}",
            }[p.attribute]
        key, attr = p.key, p.attribute
        if key in self.customers:
            c = self.customers[key]
            return {
                "name": c.customer.name,
                "name_upper": bank_label_name(c.customer.name),
                "contact": c.contact.full_name,
                "email": c.contact.email,
                "phone": c.contact.phone,
                "id": c.id,
                "account": c.customer.account,
                "address": f"{c.address.street}, {c.address.postcode} {c.address.city}",
            }[attr]
        if key in self.docs:
            d = self.docs[key]
            if attr == "number":
                return d.number
            if attr in ("ttc", "ht", "vat"):
                return format_money({"ttc": d.amount_ttc, "ht": d.amount_ht, "vat": d.amount_vat}[attr])
            if attr == "date":
                return format_date(d.date)
            if attr == "due":
                return format_date(d.due_date)  # type: ignore[arg-type]
            if attr == "terms":
                return d.payment_terms
            if attr == "discount_rate":
                return _percent(d.discount.rate)  # type: ignore[union-attr]
            if attr == "discount_deadline":
                return format_date(d.discount.deadline)  # type: ignore[union-attr]
        if key in self.statement or key in self.cheques:
            item = self.statement.get(key) or self.cheques[key]
            payment = self.payments[key]
            if attr == "leave":
                return format_money(payment.leave) if payment.leave is not None else ""
            if attr == "amount":
                return format_money(abs(item.amount))
            if attr == "id":
                return item.id
            if attr == "date":
                return format_date(item.date)
            if isinstance(item, Cheque):
                return {"received": format_date(item.received), "number": item.number, "bank": item.bank}[
                    attr
                ]
        if key in self.slips:
            slip = self.slips[key]
            total = sum((c.amount for c in self.cheques.values() if c.id in slip.cheques), ZERO)
            return {
                "id": slip.id,
                "amount": format_money(total),
                "date": format_date(slip.date),
                "count": str(len(slip.cheques)),
            }[attr]
        if key in self.messages:
            m = self.messages[key]
            return {"id": m.id, "date": format_date(m.date)}[attr]
        raise self.fail(
            f"{where} : la variable {p.text} cite « {key} », absent de ce monde pour cette graine"
        )

    def render_texts(self) -> None:
        for key, doc in self.docs.items():
            lines = tuple(
                dataclasses.replace(line, label=self.render(line.label, f"pièce « {key} »"))
                for line in doc.lines
            )
            self.docs[key] = dataclasses.replace(
                doc, lines=lines, reason=self.render(doc.reason, f"avoir « {key} »")
            )
        for key, line in self.statement.items():
            self.statement[key] = dataclasses.replace(line, label=self.render(line.label, f"ligne « {key} »"))
        for key, cheque in self.cheques.items():
            self.cheques[key] = dataclasses.replace(cheque, payee=self.company.name)
        for key, msg in self.messages.items():
            where = f"message « {key} »"
            self.messages[key] = dataclasses.replace(
                msg, subject=self.render(msg.subject, where), body=self.render(msg.body, where)
            )
        for i, entry in enumerate(self.history):
            text = self.render(entry.text, f"historique de relance n° {i + 1}")
            self.history[i] = dataclasses.replace(entry, text=text)


def _percent(rate: Decimal) -> str:
    text = format(rate.normalize(), "f").replace(".", ",")
    return f"{text}\u00a0%"
