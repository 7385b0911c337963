"""Règlements clients: the list, a payment's detail (Annuler le règlement → ``cancel_payment``) and
Nouveau règlement, the guide's voucher: one receipt for several open documents of a customer, with
Lettrage complet / Affectation per document and the live « Écart de règlement » (→ ``register_payment``).

:func:`payment_action` reads the fields every receipt form shares (Journal, Montant, Date de règlement,
Mémo, Ligne du relevé, the Écart de règlement block); the invoice's dialog uses it too."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import abort, render_template, request, url_for

from simulator.formatting import format_amount, format_date, format_money
from simulator.ledger.accounts import account_name
from simulator.ledger.bank import statement_line_for
from simulator.ledger.money import VAT_RATES, parse_rate
from simulator.ledger.names import payment_called
from simulator.ledger.payments import (
    BY_INVOICE_RATES,
    KEEP_OPEN,
    WRITE_OFF,
    PaymentGap,
    payment_gap,
    vat_rates,
    write_off_accounts,
)
from simulator.ledger.views import books_view
from simulator.services.attempts import LoadedAttempt, preview_payment

from ..access import attempt_or_404
from ..forms import ActionForm, read_amount
from ..rendering import page_or_fragment
from ..responses import action_response, perform
from . import bp

#: Other panels listen to this event (``hx-trigger="payments-changed from:body"``).
TRIGGER = "payments-changed"
LABELS = {
    "customer": "Client",
    "journal": "Journal",
    "amount": "Montant",
    "date": "Date de règlement",
    "reference": "Mémo",
    "documents": "Pièces",
    "payment": "Règlement",
}
JOURNALS = (("BNK", "Banque (BNK)"), ("CHQ", "Chèques reçus (CHQ)"))
LIST_PAGE = "student/payments.html"
LIST_FRAGMENT = "student/_payments_table.html"
DETAIL_PAGE, DETAIL_FRAGMENT = "student/payment.html", "student/_payment.html"
NEW_PAGE, NEW_FRAGMENT = "student/payment_new.html", "student/_payment_new.html"
DIFFERENCE_FRAGMENT = "student/_difference.html"
PREVIEW_FRAGMENT = "student/_payment_preview.html"


# --- the fields every receipt form shares ---------------------------------------------------------------


def gap_of(attempt: LoadedAttempt, documents: list[str], data: Any) -> PaymentGap | None:
    """The core's Écart de règlement for what is typed so far (None while the amount does not parse)."""
    amount, error = read_amount(data.get("amount"))
    if error:
        return None
    chosen = data.get("vat_rate", "") if data.get("vat_split") else ""
    by_invoice = chosen == BY_INVOICE_RATES
    rate = parse_rate(chosen)[0] if chosen and not by_invoice else None
    return payment_gap(attempt.books, documents, amount, rate, by_invoice)  # type: ignore[arg-type]


def vat_rate_choices(attempt: LoadedAttempt, documents: list[str]) -> dict[str, Any]:
    """The options of « Taux de TVA » for a difference on ``documents``: « Taux de la facture » when the
    invoices have lines at several rates (the write-off split per rate, domain.md §4), their rates, then
    the other usual French rates; and the one proposed (the invoices' own)."""
    own = vat_rates(attempt.books, documents)
    rates = list(own) + [r for r in VAT_RATES if r not in own]  # the invoices' own first
    options = [(BY_INVOICE_RATES, "Taux de la facture (ventilé par taux)")] if len(own) > 1 else []
    options += [(_rate_value(r), f"{_rate_value(r).replace('.', ',')} %") for r in rates]
    proposed = BY_INVOICE_RATES if len(own) > 1 else _rate_value(own[0] if own else VAT_RATES[0])
    return {"vat_rates": options, "proposed_vat_rate": proposed}


def _rate_value(rate: Decimal) -> str:
    """A rate as the form posts it: ``20``, ``5.5``."""
    return format(rate.normalize(), "f")


def payment_action(
    attempt: LoadedAttempt,
    form: ActionForm,
    customer: str,
    documents: list[str],
    allocations: dict[str, str] | None = None,
) -> dict[str, Any]:
    """``register_payment`` from the posted fields; the Écart de règlement block counts only when the core
    finds a difference for these documents and this amount."""
    action: dict[str, Any] = {
        "type": "register_payment",
        "customer": customer,
        "journal": form.text("journal"),
        "date": form.date("date"),
        "amount": form.amount("amount"),
        "documents": documents,
    }
    if allocations:
        action["allocations"] = allocations
    if form.text("reference"):
        action["reference"] = form.text("reference")
    line, cheque = form.text("statement_line"), form.text("cheque")
    if line and cheque:
        form.errors["cheque"] = "Choisissez une ligne du relevé ou un chèque, pas les deux."
    elif line or cheque:
        action["source"] = {"statement_line": line} if line else {"cheque": cheque}
    gap = gap_of(attempt, documents, form.data)
    if gap is not None and gap.exists:
        if form.text("handling") == WRITE_OFF:
            difference = {
                "handling": WRITE_OFF,
                "account": form.text("account"),
                "label": form.text("label"),
            }
            if form.data.get("vat_split"):
                difference["vat_rate"] = form.text("vat_rate")
            action["difference"] = difference
        else:
            action["difference"] = {"handling": KEEP_OPEN}
    return action


def cheque_option(cheque) -> tuple[str, str]:
    """A cheque in a list of choices, as the student reads it on the paper: number, drawer, amount."""
    return cheque.id, f"N° {cheque.number} · {cheque.drawer} · {format_money(cheque.amount)}"


def receipt_choices(attempt: LoadedAttempt, documents: list[str] | None = None) -> dict[str, Any]:
    """The options of the receipt forms: journals, the bank lines not reconciled yet (credits), the
    cheques not recorded yet, the accounts a difference can go to and its VAT rates for ``documents``."""
    view = books_view(attempt.books)
    free = [
        s
        for s in view.statement_lines.values()
        if s.is_credit and not s.reconciled and not s.label.upper().startswith("REMISE")
    ]
    lines = [("", "Aucune (rapprochement plus tard)")] + [
        (s.id, f"{format_date(s.date)} · {s.label} · {format_money(s.amount)}") for s in free
    ]
    cheques = [("", "Aucun")] + [cheque_option(c) for c in view.cheques.values() if not c.recorded]
    accounts = [("", "Choisir un compte")] + [(code, f"{code} {name}") for code, name in write_off_accounts()]
    return {
        "journals": JOURNALS,
        "lines": lines,
        # a line chosen brings its date into « Date de règlement » (the student can still change it)
        "line_dates": {s.id: s.date.isoformat() for s in free},
        "cheques": cheques,
        "accounts": accounts,
        **vat_rate_choices(attempt, documents or []),
    }


def receipt_defaults(attempt: LoadedAttempt, amount, documents: list[str] | None = None) -> dict[str, str]:
    """What the receipt form proposes: the amount due, and for one invoice the bank line that names it
    for that amount, if exactly one does (then the date of règlement is that line's date, not today)."""
    books = attempt.books
    line = statement_line_for(books, documents[0]) if documents and len(documents) == 1 else None
    return {
        "journal": "BNK",
        "amount": format_amount(amount) if amount else "",
        "date": (books.statement_lines[line].date if line else books.today).isoformat(),
        "statement_line": line or "",
        "reference": books.statement_lines[line].label if line else "",
        "handling": KEEP_OPEN,
        "vat_rate": vat_rate_choices(attempt, documents or [])["proposed_vat_rate"],
    }


def payment_preview(
    attempt: LoadedAttempt,
    data: Any,
    customer: str,
    documents: list[str],
    allocations: dict[str, str] | None = None,
) -> dict[str, Any]:
    """« Écriture comptable »: the entry the core would post for what the form holds (the same plan
    Valider posts), or what is missing before it can be shown."""
    form = ActionForm(data)
    action = payment_action(attempt, form, customer, documents, allocations)
    difference = action.get("difference") or {}
    if not form.errors and difference.get("handling") == WRITE_OFF and not difference.get("account"):
        return {"entry": None, "reasons": ["Choisissez le compte de contrepartie de l'écart."]}
    return entry_preview(attempt, action, form.errors)


def entry_preview(
    attempt: LoadedAttempt, action: dict[str, Any], form_errors: dict[str, str]
) -> dict[str, Any]:
    """The « Écriture comptable » block of a ``register_payment`` action read from a form: the entry the
    core plans for it, or the reasons it cannot be shown yet (the form's own errors first)."""
    if form_errors:
        return {"entry": None, "reasons": list(dict.fromkeys(form_errors.values()))}
    entry, errors = preview_payment(attempt, action, LABELS)
    if entry is None:
        return {"entry": None, "reasons": list(dict.fromkeys(errors.values()))}
    rows = [(ln.account, account_name(ln.account), ln.label, ln.debit, ln.credit) for ln in entry.lines]
    return {"entry": entry, "rows": rows, "reasons": []}


# --- Règlements clients: list and detail ----------------------------------------------------------------


def _list_context(attempt: LoadedAttempt) -> dict:
    view = books_view(attempt.books)
    # what the books hold: the receipts recorded before the scenario started, then the student's
    return {"attempt": attempt, "payments": list(view.payments.values())}


@bp.get("/tentatives/<int:attempt_id>/reglements")
def payments(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    return page_or_fragment(LIST_PAGE, LIST_FRAGMENT, **_list_context(attempt), errors={}, form={})


def _detail_context(payment_id: str):
    def context(attempt: LoadedAttempt) -> dict:
        view = books_view(attempt.books)
        payment = view.payments.get(payment_id)
        if payment is None:
            abort(404)
        return {"attempt": attempt, "payment": payment, "documents": view.documents}

    return context


def _in_url(books, payment_id: str) -> str:
    payment = books.payments.get(payment_id)
    return payment.entry if payment is not None and payment.entry else payment_id


# A receipt's URL names it by its entry number (« reglements/BNK/2026/0002 »), as the screens do; its id
# (P1, HIST-1) is still understood.
@bp.get("/tentatives/<int:attempt_id>/reglements/<path:payment_id>")
def payment(attempt_id: int, payment_id: str):
    attempt = attempt_or_404(attempt_id)
    context = _detail_context(payment_called(attempt.books, payment_id))(attempt)
    return page_or_fragment(DETAIL_PAGE, DETAIL_FRAGMENT, **context, errors={}, form={})


@bp.post("/tentatives/<int:attempt_id>/reglements/<path:payment_id>/annuler")
def cancel_payment(attempt_id: int, payment_id: str):
    attempt = attempt_or_404(attempt_id)
    payment_id = payment_called(attempt.books, payment_id)
    action = {"type": "cancel_payment", "payment": payment_id}
    result = perform(attempt, action, labels=LABELS)
    if not result.accepted and payment_id not in attempt.books.payments:
        abort(404)
    return action_response(
        result,
        page=DETAIL_PAGE,
        fragment=DETAIL_FRAGMENT,
        redirect_to=url_for(
            "student.payment", attempt_id=attempt.id, payment_id=_in_url(attempt.books, payment_id)
        ),
        trigger=TRIGGER,
        context=_detail_context(payment_id),
        form=request.form.to_dict(),
    )


# --- Nouveau règlement: one receipt, several documents --------------------------------------------------


def _new_context(customer: str | None, done: str | None = None, documents: list[str] | None = None):
    def context(attempt: LoadedAttempt) -> dict:
        view = books_view(attempt.books)
        row = view.customers.get(customer or "")
        # its open 411 documents, then its invoices transferred to 416 (a receipt for them credits 416)
        items = [i for i in row.open_items if i.kind != "payment"] + list(row.doubtful_items) if row else []
        return {
            "attempt": attempt,
            "customers": [("", "Choisir un client")] + [(c.id, c.name) for c in view.customers.values()],
            "customer": row,
            "items": items,
            "done": view.payments.get(done) if done else None,
            **receipt_choices(attempt, documents),
        }

    return context


def _selection(data) -> tuple[list[str], dict[str, str] | None, dict[str, str]]:
    """The documents ticked (Lettrage complet) or given an amount (Affectation), and the allocations when
    amounts are typed: a ticked document gets all it still owes (``"full"`` → resolved by the core's
    residual), a typed amount is capped at that amount."""
    documents: list[str] = []
    typed: dict[str, str] = {}
    errors: dict[str, str] = {}
    full = set(data.getlist("full")) if hasattr(data, "getlist") else set()
    for key in data.getlist("item") if hasattr(data, "getlist") else []:
        text = (data.get(f"allocation-{key}") or "").strip()
        if text:
            value, error = read_amount(text, "allocations")
            if error:
                errors["allocations"] = f"{key} : {error}"
                continue
            typed[key] = f"{value:.2f}"
        if key in full or key in typed:
            documents.append(key)
    return documents, typed or None, errors


def _allocations(attempt: LoadedAttempt, documents: list[str], typed: dict[str, str] | None):
    """Typed amounts cap what each invoice receives; ticked invoices without an amount receive what they
    still owe (the core's residual), as Odoo's voucher fills the allocation of a fully reconciled line."""
    if not typed:
        return None
    items = attempt.books.items()
    allocations = dict(typed)
    for key in documents:
        if key not in allocations and key in items and items[key].amount > 0:
            allocations[key] = f"{attempt.books.residual(key):.2f}"
    return {k: v for k, v in allocations.items() if k in items and items[k].amount > 0}


@bp.get("/tentatives/<int:attempt_id>/reglements/nouveau")
def new_payment(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    customer = request.args.get("customer") or None
    documents = _selection(request.args)[0]
    context = _new_context(customer, documents=documents)(attempt)
    form = {**receipt_defaults(attempt, None, documents), **request.args.to_dict()}
    form["customer"] = customer or ""
    gap = gap_of(attempt, documents, form) if customer else None
    ticked = set(request.args.getlist("full"))
    preview = _new_preview(attempt, _Args(request.args, form)) if customer else None
    return page_or_fragment(
        NEW_PAGE, NEW_FRAGMENT, **context, errors={}, form=form, gap=gap, ticked=ticked, preview=preview
    )


class _Args(dict):
    """The form's defaults under what the query string holds, keeping its lists (ticked documents)."""

    def __init__(self, args, defaults: dict[str, str]):
        super().__init__(defaults)
        self.args = args

    def getlist(self, key: str) -> list[str]:
        return self.args.getlist(key)


@bp.get("/tentatives/<int:attempt_id>/reglements/nouveau/ecart")
def new_payment_difference(attempt_id: int):
    """The Écart de règlement block for what the new-payment form holds (htmx refresh)."""
    attempt = attempt_or_404(attempt_id)
    documents, typed, _ = _selection(request.args)
    choices = receipt_choices(attempt, documents)
    return render_template(
        DIFFERENCE_FRAGMENT,
        gap=gap_of(attempt, documents, request.args),
        form={"vat_rate": choices["proposed_vat_rate"], **request.args.to_dict()},
        errors={},
        refresh_url=url_for("student.new_payment_difference", attempt_id=attempt.id),
        **choices,
    )


@bp.get("/tentatives/<int:attempt_id>/reglements/nouveau/ecriture")
def new_payment_preview(attempt_id: int):
    """« Écriture comptable » for what the new-payment form holds (htmx refresh on every change)."""
    attempt = attempt_or_404(attempt_id)
    return render_template(
        PREVIEW_FRAGMENT,
        preview=_new_preview(attempt, request.args),
        preview_url=url_for("student.new_payment_preview", attempt_id=attempt.id),
        errors={},
    )


def _new_preview(attempt: LoadedAttempt, data) -> dict[str, Any]:
    documents, typed, errors = _selection(data)
    if errors:
        return {"entry": None, "reasons": list(errors.values())}
    allocations = _allocations(attempt, documents, typed)
    return payment_preview(attempt, data, data.get("customer", ""), documents, allocations)


@bp.post("/tentatives/<int:attempt_id>/reglements/nouveau")
def record_payment(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    form = ActionForm(request.form)
    customer = form.text("customer")
    documents, typed, errors = _selection(request.form)
    form.errors.update(errors)
    action = payment_action(attempt, form, customer, documents, _allocations(attempt, documents, typed))
    result = perform(attempt, action, form, labels=LABELS)
    done = list(result.attempt.books.payments)[-1] if result.accepted else None
    context = _new_context(None if result.accepted else customer, done, documents)
    response = action_response(
        result,
        page=NEW_PAGE,
        fragment=NEW_FRAGMENT,
        redirect_to=url_for(
            "student.payment", attempt_id=attempt.id, payment_id=_in_url(result.attempt.books, done)
        )
        if done
        else url_for("student.new_payment", attempt_id=attempt.id),
        trigger=TRIGGER,
        context=lambda a: {
            **context(a),
            "gap": None if result.accepted else gap_of(a, documents, request.form),
            "preview": None if result.accepted else _new_preview(a, request.form),
            "ticked": set() if result.accepted else set(request.form.getlist("full")),
        },
        form=request.form.to_dict(),
    )
    return response
