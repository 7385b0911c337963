"""Checks on receipts: recorded on the right customer, journal, date and amount; matched with the right
documents in the right order; the difference treated by the rules (rounding, discount, partial)."""

from __future__ import annotations

import dataclasses
import itertools
from decimal import Decimal

from simulator.ledger.accounts import BANK, DISCOUNT_GRANTED, RECEIPT_ACCOUNT, VAT_COLLECTED
from simulator.ledger.model import Payment
from simulator.ledger.money import ZERO
from simulator.ledger.settlement import DISCOUNT, EXACT, NOT_ENTITLED, OVERPAID, PARTIAL, ROUNDING
from simulator.messages.formatting import short_date
from simulator.packs.play.outcome import ReceiptOutcome, remittance_of

from .context import Context, Mistake, total
from .reading import find_amounts, find_dates


def check_receipts(ctx: Context) -> list[Mistake]:
    mistakes: list[Mistake] = []
    for index, r in enumerate(ctx.outcome.receipts):
        payments = ctx.claims[index]
        if not payments:
            mistakes.append(
                Mistake("MISSING_PAYMENT", _receipt_params(ctx, r), r.receipt.source, _accounts(ctx, r, []))
            )
            continue
        recording = _recording(ctx, r, payments)
        matching = _matching(ctx, r, payments)
        ignored = [m for m in matching if m.code == "CREDIT_NOTE_IGNORED"]
        if ignored:
            # one root cause: the difference the ignored credit note leaves is not judged again
            found = recording + _swallowed(ctx, r, payments, matching)
        else:
            found = recording + matching + _difference(ctx, r, payments)
        if not found:
            found = _lettering_complete(ctx, r, payments)
        if not recording:
            found += _reconciled(ctx, r, payments)
        mistakes += [dataclasses.replace(m, accounts=_accounts(ctx, r, payments)) for m in found]
        if r.receipt.schedule_required:
            mistakes += _schedule(ctx, r)
    mistakes += _other_documents(ctx)
    mistakes += _unjustified_credit_notes(ctx)
    for extra in ctx.unclaimed:
        mistakes.append(
            Mistake(
                "DUPLICATE_PAYMENT",
                {"customer": ctx.customer_name(extra.customer), "amount": extra.amount, "date": extra.date},
                extra.id,
                _payment_accounts(ctx, extra),
            )
        )
    return mistakes


def _accounts(ctx: Context, r: ReceiptOutcome, payments: list[Payment]) -> frozenset[str]:
    """The accounts a mistake on this receipt can leave wrong: its customers', its cash account, the
    write-off and VAT accounts, and the lines of credit notes issued on its documents."""
    profile = ctx.world.customer(r.receipt.customer)
    found = {RECEIPT_ACCOUNT[r.receipt.journal], VAT_COLLECTED}
    if profile:
        found.add(profile.customer.account)
    if r.treatment.account:
        found.add(r.treatment.account)
    for p in payments:
        found |= _payment_accounts(ctx, p)
    for doc in ctx.books.documents.values():
        if doc.refers_to in r.receipt.documents:
            found |= {line.account for line in doc.lines}
    return frozenset(found)


def _payment_accounts(ctx: Context, p: Payment) -> frozenset[str]:
    accounts = {ctx.books.customers[p.customer].account, RECEIPT_ACCOUNT.get(p.journal, BANK), VAT_COLLECTED}
    if p.write_off:
        accounts.add(p.write_off.account)
    return frozenset(accounts)


def _reconciled(ctx: Context, r: ReceiptOutcome, payments: list[Payment]) -> list[Mistake]:
    """A receipt from the bank statement is reconciled with its line (domain.md §1): recorded from it
    (``source``) or matched with it afterwards (``reconcile_statement_line``)."""
    if r.receipt.source_kind != "statement_line":
        return []
    matched = set(ctx.books.statement_matches.get(r.receipt.source, ()))
    if matched & {p.id for p in payments}:
        return []
    line = ctx.world.statement_line(r.receipt.source)
    params = {
        **_receipt_params(ctx, r),
        "line": r.receipt.source,
        "label": line.label,  # type: ignore[union-attr]
        "payments": [p.id for p in payments],
    }
    return [Mistake("STATEMENT_NOT_RECONCILED", params, r.receipt.source)]


def _swallowed(ctx: Context, r: ReceiptOutcome, payments: list[Payment], matching: list[Mistake]):
    """A credit note left open while the difference it makes was written off is reported as such."""
    by_account, vat = _written_off(ctx, r, payments)
    written = total(by_account.values()) + vat
    if written <= r.treatment.written_off:
        return matching
    found = []
    for m in matching:
        if m.code == "CREDIT_NOTE_IGNORED":
            account = next(iter(sorted(by_account)), DISCOUNT_GRANTED)
            m = Mistake("CREDIT_NOTE_SWALLOWED", {**m.params, "account": account, "written": written}, m.key)
        found.append(m)
    return found


def _lettering_complete(ctx: Context, r: ReceiptOutcome, payments: list[Payment]) -> list[Mistake]:
    """Last check of a receipt otherwise right: every document and payment is lettered as expected
    (a payment lettered for part of its amount, or lettering undone afterwards, leaves them open)."""
    books = ctx.books
    unused = -r.treatment.gap if r.treatment.kind == OVERPAID else ZERO  # an overpayment kept open
    documents_ok = all(books.residual(n) == ctx.outcome.residuals[n] for n in r.receipt.documents)
    if documents_ok and total(books.residual(p.id) for p in payments) == unused:
        return []
    return [Mistake("UNMATCHED_PAYMENT", _receipt_params(ctx, r), r.receipt.source)]


def _other_documents(ctx: Context) -> list[Mistake]:
    """Documents no receipt of the scenario touches must end as they started: undoing an earlier
    payment's lettering is a mistake."""
    concerned = {n for r in ctx.outcome.receipts for n in r.receipt.documents}
    books, found = ctx.books, []
    for doc in ctx.world.documents:
        if doc.number in concerned or books.residual(doc.number) <= ctx.outcome.residuals[doc.number]:
            continue
        prior = next((p for p in ctx.world.prior_payments if doc.number in p.documents), None)
        if prior is not None:
            params = {
                "customer": ctx.customer_name(doc.customer),
                "amount": prior.amount,
                "documents": [doc.number],
            }
            found.append(Mistake("UNMATCHED_PAYMENT", params, doc.number))
    return found


def _unjustified_credit_notes(ctx: Context) -> list[Mistake]:
    """A credit note the student issued is justified only by a receipt with a difference to treat (the
    difference checks judge it there); any other one cuts revenue for nothing."""
    handled = {n for r in ctx.outcome.receipts if r.treatment.kind != EXACT for n in r.receipt.documents}
    world_numbers = {d.number for d in ctx.world.documents}
    return [
        Mistake(
            "UNJUSTIFIED_CREDIT_NOTE",
            {
                "customer": ctx.customer_name(note.customer),
                "amount": note.amount_ttc,
                "date": note.date,
                "document": note.refers_to,
            },
            note.number,
            frozenset(
                {
                    ctx.books.customers[note.customer].account,
                    VAT_COLLECTED,
                    *(ln.account for ln in note.lines),
                }
            ),
        )
        for note in ctx.books.documents.values()
        if note.number not in world_numbers
        and note.refers_to not in handled
        and note.number not in ctx.books.cancelled_documents
    ]


def _receipt_params(ctx: Context, r: ReceiptOutcome) -> dict:
    return {
        "customer": ctx.customer_name(r.receipt.customer),
        "amount": r.amount,
        "date": r.date,
        "documents": list(r.receipt.documents),
        "document": r.receipt.documents[0],
        "journal": r.receipt.journal,
    }


def _recording(ctx: Context, r: ReceiptOutcome, payments: list[Payment]) -> list[Mistake]:
    found: list[Mistake] = []
    params = _receipt_params(ctx, r)
    key = r.receipt.source
    received = total(p.amount for p in payments)
    if len(payments) > 1 and received > r.amount:
        found.append(Mistake("DUPLICATE_PAYMENT", params, key))
    elif len(payments) > 1 and received == r.amount and _split(ctx, r, payments):
        split = {**params, "count": len(payments), "amounts": [p.amount for p in payments]}
        found.append(Mistake("RECEIPT_SPLIT", split, key))
    elif received != r.amount:
        found.append(
            Mistake("WRONG_AMOUNT", {**params, "amount": received, "expected_amount": r.amount}, key)
        )
    for p in payments:
        if p.customer != r.receipt.customer:
            found.append(
                Mistake(
                    "WRONG_CUSTOMER",
                    {
                        **params,
                        "customer": ctx.customer_name(p.customer),
                        "expected_customer": params["customer"],
                    },
                    key,
                )
            )
        if p.journal != r.receipt.journal:
            found.append(
                Mistake(
                    "WRONG_JOURNAL",
                    {**params, "journal": p.journal, "expected_journal": r.receipt.journal},
                    key,
                )
            )
        if p.date != r.date:
            found.append(Mistake("WRONG_DATE", {**params, "date": p.date, "expected_date": r.date}, key))
    return found


def _split(ctx: Context, r: ReceiptOutcome, payments: list[Payment]) -> bool:
    """Several payments that add up to one receipt. A cheque is one paper with one line on the slip: one
    payment. A bank movement may be recorded as one payment per invoice it settles, each matched with the
    statement line (Odoo reconciles a line with several payments); two payments on the same document, or
    one settling nothing, are one receipt cut in pieces. The balances agree either way, so only this
    check tells."""
    if r.receipt.source_kind == "cheque":
        return True
    seen: set[str] = set()
    for p in payments:
        mine = {a.debit_item for a in ctx.books.allocations if a.credit_item == p.id}
        if not mine or mine & seen:
            return True
        seen |= mine
    return False


def _matching(ctx: Context, r: ReceiptOutcome, payments: list[Payment]) -> list[Mistake]:
    books = ctx.books
    params = _receipt_params(ctx, r)
    key = r.receipt.source
    ids = {p.id for p in payments}
    matched_docs = {a.debit_item for a in books.allocations if a.credit_item in ids}
    if not matched_docs:
        return [Mistake("UNMATCHED_PAYMENT", params, key)]
    found: list[Mistake] = []
    wrong = sorted(matched_docs - set(r.receipt.documents))
    if wrong:
        found.append(
            Mistake(
                "WRONG_DOCUMENT",
                {
                    **params,
                    "document": wrong[0],
                    "documents": wrong,
                    "expected_documents": list(r.receipt.documents),
                },
                key,
            )
        )
    notes = [n for n in r.receipt.documents if not ctx.world.document(n).is_invoice]  # type: ignore[union-attr]
    ignored = [n for n in notes if books.residual(n) > ZERO]
    if ignored:
        found.append(
            Mistake(
                "CREDIT_NOTE_IGNORED",
                {**params, "document": ignored[0], "amount": books.residual(ignored[0])},
                key,
            )
        )
    if not wrong and not ignored and r.partial_document:
        expected = ctx.outcome.residuals[r.partial_document]
        open_now = [
            n for n in r.receipt.documents if ctx.world.document(n).is_invoice and books.residual(n) > ZERO
        ]  # type: ignore[union-attr]
        if (
            open_now
            and (open_now != [r.partial_document] or books.residual(r.partial_document) != expected)
            and total(books.residual(n) for n in open_now) == expected
        ):
            found.append(
                Mistake(
                    "WRONG_ALLOCATION_ORDER",
                    {
                        **params,
                        "document": r.partial_document,
                        "documents": open_now,
                        "amount": expected,
                        "rule": _allocation_rule(ctx, r),
                    },
                    key,
                )
            )
    return found


def _allocation_rule(ctx: Context, r: ReceiptOutcome) -> str:
    advice = remittance_of(ctx.world, r.receipt)
    if advice is not None:
        return (
            f"suivre l'avis de règlement du client ({advice.id} du {short_date(advice.date)}), qui dit quelles "
            "pièces il paie et dans quel ordre"
        )
    return "solder d'abord les factures échues, de la plus ancienne à la plus récente (sans instruction du client)"


def _written_off(ctx: Context, r: ReceiptOutcome, payments: list[Payment]):
    """What the student wrote off for this receipt: by payment write-offs and by credit notes issued in
    the attempt on its documents. Returns (ht by account, vat)."""
    by_account: dict[str, Decimal] = {}
    vat = ZERO
    for p in payments:
        if p.write_off:
            by_account[p.write_off.account] = (
                by_account.get(p.write_off.account, ZERO) + p.write_off.amount_ht
            )
            vat += p.write_off.vat
    world_docs = {d.number for d in ctx.world.documents}
    for doc in ctx.books.documents.values():
        if (
            r.treatment.kind != EXACT
            and doc.number not in world_docs
            and doc.refers_to in r.receipt.documents
            and doc.number not in ctx.books.cancelled_documents
        ):
            for line in doc.lines:
                by_account[line.account] = by_account.get(line.account, ZERO) + line.amount_ht
            vat += doc.amount_vat
    return by_account, vat


def _difference(ctx: Context, r: ReceiptOutcome, payments: list[Payment]) -> list[Mistake]:
    t = r.treatment
    by_account, vat = _written_off(ctx, r, payments)
    written = total(by_account.values()) + vat
    params = {
        **_receipt_params(ctx, r),
        "gap": abs(t.gap),
        "tolerance": ctx.world.settings.rounding_tolerance,
    }
    key = r.receipt.source
    if t.kind in (ROUNDING, DISCOUNT):
        if written == ZERO:
            still_open = [n for n in r.receipt.documents if ctx.books.residual(n) > ZERO]
            unused = [p.id for p in payments if ctx.books.residual(p.id) > ZERO]  # an overpayment left open
            if not (still_open or unused):
                return []
            if t.kind == DISCOUNT:  # a discount that was due, left open: not a rounding gap
                document = _discounted(ctx, r)
                return [
                    Mistake(
                        "DISCOUNT_LEFT_OPEN",
                        {
                            **params,
                            "document": document,
                            "amount": t.written_off,
                            "deadline": _deadline(ctx, document),
                        },
                        key,
                    )
                ]
            document = sorted(still_open)[0] if still_open else sorted(r.receipt.documents)[0]
            return [
                Mistake(
                    "DIFFERENCE_LEFT_OPEN",
                    {**params, "document": document, "expected_account": t.account},
                    key,
                )
            ]
        if t.kind == ROUNDING:
            if any(account != t.account for account in by_account) or vat != ZERO:
                account = next((a for a in sorted(by_account) if a != t.account), t.account)
                return [
                    Mistake(
                        "WRONG_WRITEOFF_ACCOUNT",
                        {
                            **params,
                            "account": account if vat == ZERO else f"{account} + {VAT_COLLECTED}",
                            "expected_account": t.account,
                        },
                        key,
                    )
                ]
            if abs(written) > ctx.world.settings.rounding_tolerance:  # the gap itself is within it
                return [Mistake("WRITEOFF_BEYOND_GAP", {**params, "amount": abs(written)}, key)]
            return []
        # discount
        if any(account != DISCOUNT_GRANTED for account in by_account):
            account = next(a for a in sorted(by_account) if a != DISCOUNT_GRANTED)
            return [
                Mistake(
                    "WRONG_WRITEOFF_ACCOUNT",
                    {
                        **params,
                        "document": _discounted(ctx, r),  # the invoice whose discount the gap is
                        "account": account,
                        "expected_account": DISCOUNT_GRANTED,
                    },
                    key,
                )
            ]
        if t.late and written > t.written_off:  # the discount of an invoice paid late was granted too
            late = t.late[0]
            return [
                Mistake(
                    "DISCOUNT_NOT_ENTITLED",
                    {
                        **params,
                        "document": late,
                        "amount": written - t.written_off,
                        "deadline": _deadline(ctx, late),
                    },
                    key,
                )
            ]
        if vat != t.vat or written != t.written_off:
            return [
                Mistake(
                    "DISCOUNT_VAT_MISSING",
                    {
                        **params,
                        "document": _discounted(ctx, r),
                        "amount": written,
                        "written_ht": written - vat,
                        "written_vat": vat,
                        "discount_ht": t.amount_ht,
                        "discount_vat": t.vat,
                    },
                    key,
                )
            ]
        return []
    if written != ZERO:
        # an exact payment (gap 0) or any gap within the tolerance: written off beyond the real gap
        beyond = abs(t.gap) <= ctx.world.settings.rounding_tolerance
        code = {
            NOT_ENTITLED: "DISCOUNT_NOT_ENTITLED",
            PARTIAL: "PARTIAL_WRITTEN_OFF",
        }.get(t.kind, "WRITEOFF_BEYOND_GAP" if beyond else "WRITEOFF_TOO_LARGE")
        document = t.late[0] if t.late else r.partial_document or sorted(r.receipt.documents)[0]
        return [
            Mistake(
                code,
                {
                    **params,
                    "document": document,
                    "amount": abs(written),
                    "deadline": _deadline(ctx, document) or r.date,
                },
                key,
            )
        ]
    return []


def _discounted(ctx: Context, r: ReceiptOutcome) -> str:
    """The invoice whose discount was due (the first by number when several)."""
    return r.treatment.granted[0] if r.treatment.granted else sorted(r.receipt.documents)[0]


def _deadline(ctx: Context, number: str):
    doc = ctx.world.document(number)
    return doc.discount.deadline if doc is not None and doc.discount else None


def _schedule(ctx: Context, r: ReceiptOutcome) -> list[Mistake]:
    """A partial payment's schedule: a note on the invoice with dated instalments adding up to the
    residual."""
    doc = r.partial_document
    if doc is None:
        return []
    residual = ctx.outcome.residuals[doc]
    params = {"document": doc, "amount": residual, "customer": ctx.customer_name(r.receipt.customer)}
    for note in (n for n in ctx.books.notes if n.document == doc):
        amounts = [a for a in find_amounts(note.text) if a != residual][:MAX_AMOUNTS]
        dates = [d for d in find_dates(note.text, ctx.world.today.year) if d > ctx.world.today]
        if len(dates) >= 2 and _instalments_found(amounts, residual):
            return []
    return [Mistake("SCHEDULE_NOTE_MISSING", params, doc)]


#: amounts of a schedule note looked at (the instalments, plus what the note also states: the amount
#: received, the invoice total…)
MAX_AMOUNTS = 12


def _instalments_found(amounts: list[Decimal], residual: Decimal) -> bool:
    """Two or more of the amounts add up to the residual: the instalments, whatever else the note says."""
    return any(
        total(chosen) == residual
        for size in range(2, len(amounts) + 1)
        for chosen in itertools.combinations(amounts, size)
    )
