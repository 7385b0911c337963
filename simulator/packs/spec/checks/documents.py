"""Invoices and credit notes: their customer, date, terms and discount, and each line's amount (given one
way, positive, a TTC reachable from a HT to the cent, a same_as naming an earlier invoice), VAT rate and
account; a credit note refers to an invoice of its customer, dated before it, and is smaller than it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from simulator.ledger.money import VAT_RATES, ht_of_ttc, vat_of
from simulator.packs.spec.checks.context import ScenarioContext
from simulator.packs.spec.checks.ranges import (
    check_past,
    check_range,
    fixed_range,
    line_ht_bounds,
    offset_range,
)
from simulator.packs.spec.schema import AmountRange, FromDocuments, FromSlip, LineSpec, SameAs
from simulator.packs.spec.yamlsource import Loc

INVOICE_ACCOUNTS = ("706", "707")
CREDIT_NOTE_ACCOUNTS = ("706", "707", "709", "665")


def check_invoices(ctx: ScenarioContext) -> None:
    for i, inv in enumerate(ctx.scenario.invoices):
        loc = ("invoices", i)
        ctx.ref(loc + ("customer",), inv.customer, ("customer",), holder=inv)
        check_past(ctx, loc + ("date",), inv.date)
        if inv.terms.days < 0:
            ctx.error(
                loc + ("terms", "days"),
                f"échéance avant la date de facture ({inv.terms.days} jours) : le délai doit être "
                "positif ou nul",
            )
        if inv.discount is not None:
            if not Decimal(0) < inv.discount.rate < Decimal(100):
                ctx.error(loc + ("discount", "rate"), f"taux d'escompte {inv.discount.rate} % hors de 0–100")
            if inv.discount.days < 0:
                ctx.error(loc + ("discount", "days"), "le délai d'escompte doit être positif ou nul")
        check_lines(ctx, loc, inv, INVOICE_ACCOUNTS, i)


def check_credit_notes(ctx: ScenarioContext) -> None:
    for i, note in enumerate(ctx.scenario.credit_notes):
        check_credit_note(ctx, i, note)


def check_credit_note(ctx: ScenarioContext, i: int, note: Any) -> None:
    loc = ("credit_notes", i)
    ctx.ref(loc + ("customer",), note.customer, ("customer",), holder=note)
    check_past(ctx, loc + ("date",), note.date)
    check_lines(ctx, loc, note, CREDIT_NOTE_ACCOUNTS, None)
    if not ctx.ref(loc + ("refers_to",), note.refers_to, ("invoice",), holder=note):
        return
    invoice = ctx.items[note.refers_to].spec
    if invoice.customer != note.customer:
        ctx.error(
            loc + ("refers_to",),
            f"l'avoir est pour « {note.customer} » mais la facture « {note.refers_to} » est "
            f"pour « {invoice.customer} »",
        )
    if offset_range(note.date)[1] < offset_range(invoice.date)[0]:
        ctx.error(loc + ("date",), f"l'avoir est daté avant la facture « {note.refers_to} »")
    note_ht = [line_ht_bounds(line) for line in note.lines]
    invoice_ht = [line_ht_bounds(line) for line in invoice.lines]
    if all(note_ht) and all(invoice_ht):
        note_min = sum((b[0] for b in note_ht if b), Decimal(0))
        invoice_max = sum((b[1] for b in invoice_ht if b), Decimal(0))
        if note_min >= invoice_max:
            where = ("lines", 0, "amount_ht") if len(note.lines) == 1 else ("lines",)
            ctx.error(
                loc + where,
                f"l'avoir ({note_min} HT) n'est pas plus petit que la facture « "
                f"{note.refers_to} » ({invoice_max} HT)",
            )


def check_lines(
    ctx: ScenarioContext, loc: Loc, doc: Any, accounts: tuple[str, ...], invoice_index: int | None
) -> None:
    """Each line of an invoice (``invoice_index``, its place in the file) or a credit note (None)."""
    group = doc.when.group if doc.when else None
    for j, line in enumerate(doc.lines):
        line_loc = loc + ("lines", j)
        check_line_form(ctx, line_loc, line, invoice_index, group)
        if line.vat_rate not in VAT_RATES:
            rates = " ; ".join(f"{r} %".replace(".", ",") for r in sorted(VAT_RATES))
            ctx.error(
                line_loc + ("vat_rate",),
                f"taux de TVA {str(line.vat_rate).replace('.', ',')} % inconnu (taux français : {rates})",
            )
        if line.account not in accounts:
            ctx.error(
                line_loc + ("account",),
                f"compte « {line.account} » refusé ici (comptes possibles : {', '.join(accounts)})",
            )


def check_line_form(
    ctx: ScenarioContext, loc: Loc, line: LineSpec, invoice_index: int | None, group: str | None
) -> None:
    """Exactly one of ``amount_ht``, ``quantity`` × ``unit_price`` and ``amount_ttc``, each sound."""
    forms = [
        name
        for name, given in (
            ("amount_ht", line.amount_ht is not None),
            ("quantity × unit_price", line.quantity is not None or line.unit_price is not None),
            ("amount_ttc", line.amount_ttc is not None),
        )
        if given
    ]
    if len(forms) != 1:
        found = " et ".join(f"« {f} »" for f in forms) if forms else "aucun"
        ctx.error(
            loc,
            "une ligne donne son montant d'une seule façon : « amount_ht » (HT), « quantity » × "
            f"« unit_price » (prix unitaire HT) ou « amount_ttc » (trouvé : {found})",
        )
        return
    if line.amount_ht is not None:
        check_line_amount(ctx, loc + ("amount_ht",), line.amount_ht, invoice_index, group)
    elif line.amount_ttc is not None:
        check_price(ctx, loc + ("amount_ttc",), line.amount_ttc, "le montant TTC")
        if not isinstance(line.amount_ttc, AmountRange) and line.vat_rate in VAT_RATES:
            ht, exact = ht_of_ttc(line.amount_ttc, line.vat_rate)
            if not exact:
                ctx.error(
                    loc + ("amount_ttc",),
                    f"aucun montant HT au centime ne donne {line.amount_ttc} TTC à {line.vat_rate} % "
                    f"(le plus proche, {ht} HT, donne {ht + vat_of(ht, line.vat_rate)} TTC) : "
                    "donnez ce TTC-là ou le montant HT",
                )
    else:
        for name in ("quantity", "unit_price"):
            if getattr(line, name) is None:
                other = "unit_price" if name == "quantity" else "quantity"
                ctx.error(loc + (other,), f"« {other} » sans « {name} » : donnez les deux")
                return
        if line.quantity <= 0:  # type: ignore[operator]
            ctx.error(loc + ("quantity",), f"la quantité doit être positive (reçu {line.quantity})")
            return
        if check_price(ctx, loc + ("unit_price",), line.unit_price, "le prix unitaire"):
            low = line_ht_bounds(line)[0]  # type: ignore[index]
            if low <= 0:
                ctx.error(loc + ("quantity",), f"quantité × prix unitaire arrondi au centime : {low} HT")


def check_line_amount(
    ctx: ScenarioContext, loc: Loc, amount: Any, invoice_index: int | None, group: str | None
) -> None:
    """A line's HT amount: positive, or the same as an invoice declared above this one."""
    if isinstance(amount, FromDocuments | FromSlip):
        ctx.error(loc, "un montant de ligne de facture ne peut pas être calculé à partir de documents")
        return
    if isinstance(amount, SameAs):
        target = ctx.items.get(amount.same_as)
        if ctx.ref(loc + ("same_as",), amount.same_as, ("invoice",), group=group):
            assert target is not None
            if invoice_index is not None and target.loc[1] >= invoice_index:
                ctx.error(
                    loc + ("same_as",),
                    "same_as doit désigner une facture déclarée plus haut que celle-ci (« "
                    f"{amount.same_as} »)",
                )
        return
    bounds = fixed_range(amount)
    assert bounds is not None
    if isinstance(amount, AmountRange) and not check_range(ctx, loc, amount.min, amount.max, amount.step):
        return
    if bounds[0] <= 0:
        ctx.error(loc, f"le montant HT doit être positif (reçu {bounds[0]})")


def check_price(ctx: ScenarioContext, loc: Loc, price: Any, what: str) -> bool:
    """A unit price or a TTC amount is a sound range and positive. False when it is not."""
    low, high = fixed_range(price)  # type: ignore[misc]
    if isinstance(price, AmountRange) and not check_range(ctx, loc, price.min, price.max, price.step):
        return False
    if low <= 0:
        ctx.error(loc, f"{what} doit être positif (reçu {low})")
        return False
    return True
