"""Text rendering of a generated world: the placeholders of the brief, hints, document lines, statement
labels, messages and follow-up history are replaced by the drawn world's values, written the French way.

Plain functions over the :class:`~simulator.packs.world.draw.Draw` of the world: they read its drawn items
and raise through its ``fail`` when a placeholder names an item absent for the seed.
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
from simulator.packs.world.draw import Draw


def bank_label_name(name: str) -> str:
    """A name as a bank statement prints it: upper case, no accents, no apostrophes."""
    text = name.replace("œ", "oe").replace("Œ", "OE")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^A-Za-z0-9&\- ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip().upper()


def render(draw: Draw, template: str, where: str) -> str:
    return ph.render(template, lambda p: value_of(draw, p, where))


def value_of(draw: Draw, p: ph.Placeholder, where: str) -> str:
    if p.key == "today":
        return format_date(draw.today + timedelta(days=p.days))
    if p.key == "company":
        c = draw.company
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
    if key in draw.customers:
        c = draw.customers[key]
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
    if key in draw.docs:
        d = draw.docs[key]
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
    if key in draw.statement or key in draw.cheques:
        item = draw.statement.get(key) or draw.cheques[key]
        payment = draw.payments[key]
        if attr == "leave":
            return format_money(payment.leave) if payment.leave is not None else ""
        if attr == "amount":
            return format_money(abs(item.amount))
        if attr == "id":
            return item.id
        if attr == "date":
            return format_date(item.date)
        if isinstance(item, Cheque):
            return {"received": format_date(item.received), "number": item.number, "bank": item.bank}[attr]
    if key in draw.slips:
        slip = draw.slips[key]
        total = sum((c.amount for c in draw.cheques.values() if c.id in slip.cheques), ZERO)
        return {
            "id": slip.id,
            "amount": format_money(total),
            "date": format_date(slip.date),
            "count": str(len(slip.cheques)),
        }[attr]
    if key in draw.messages:
        m = draw.messages[key]
        return {"id": m.id, "date": format_date(m.date)}[attr]
    raise draw.fail(f"{where} : la variable {p.text} cite « {key} », absent de ce monde pour cette graine")


def render_texts(draw: Draw) -> None:
    for key, doc in draw.docs.items():
        lines = tuple(
            dataclasses.replace(line, label=render(draw, line.label, f"pièce « {key} »"))
            for line in doc.lines
        )
        draw.docs[key] = dataclasses.replace(
            doc, lines=lines, reason=render(draw, doc.reason, f"avoir « {key} »")
        )
    for key, line in draw.statement.items():
        draw.statement[key] = dataclasses.replace(line, label=render(draw, line.label, f"ligne « {key} »"))
    for key, cheque in draw.cheques.items():
        draw.cheques[key] = dataclasses.replace(cheque, payee=draw.company.name)
    for key, msg in draw.messages.items():
        where = f"message « {key} »"
        draw.messages[key] = dataclasses.replace(
            msg, subject=render(draw, msg.subject, where), body=render(draw, msg.body, where)
        )
    for i, entry in enumerate(draw.history):
        text = render(draw, entry.text, f"historique de relance n° {i + 1}")
        draw.history[i] = dataclasses.replace(entry, text=text)


def _percent(rate: Decimal) -> str:
    text = format(rate.normalize(), "f").replace(".", ",")
    return f"{text}\u00a0%"
