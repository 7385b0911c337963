"""Checks on receipts: recorded on the right customer, journal, date and amount; matched with the right
documents in the right order; the difference treated by the rules (rounding, discount, partial)."""

from __future__ import annotations

from decimal import Decimal

from simulator.ledger.accounts import DISCOUNT_GRANTED, VAT_COLLECTED
from simulator.ledger.books import Payment
from simulator.ledger.money import ZERO
from simulator.packs.outcome import DISCOUNT, EXACT, NOT_ENTITLED, OVERPAID, PARTIAL, ROUNDING, ReceiptOutcome

from .content import find_amounts, find_dates
from .context import Context, Mistake, total


def check_receipts(ctx: Context) -> list[Mistake]:
    mistakes: list[Mistake] = []
    for index, r in enumerate(ctx.outcome.receipts):
        payments = ctx.claims[index]
        if not payments:
            mistakes.append(Mistake("MISSING_PAYMENT", _receipt_params(ctx, r), r.receipt.source))
            continue
        found = _recording(ctx, r, payments) + _matching(ctx, r, payments) + _difference(ctx, r, payments)
        if not found:
            found = _lettering_complete(ctx, r, payments)
        mistakes += found
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
            )
        )
    return mistakes


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
                    {**params, "document": r.partial_document, "documents": open_now, "amount": expected},
                    key,
                )
            )
    return found


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
            if still_open or unused:
                document = still_open[0] if still_open else r.receipt.documents[0]
                return [
                    Mistake(
                        "DIFFERENCE_LEFT_OPEN",
                        {**params, "document": document, "expected_account": t.account},
                        key,
                    )
                ]
            return []
        if t.kind == ROUNDING:
            if any(account != t.account for account in by_account) or vat != ZERO:
                account = next((a for a in by_account if a != t.account), t.account)
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
            if abs(written) > ctx.world.settings.rounding_tolerance:
                return [Mistake("WRITEOFF_TOO_LARGE", {**params, "amount": abs(written)}, key)]
            return []
        # discount
        if any(account != DISCOUNT_GRANTED for account in by_account):
            account = next(a for a in by_account if a != DISCOUNT_GRANTED)
            return [
                Mistake(
                    "WRONG_WRITEOFF_ACCOUNT",
                    {**params, "account": account, "expected_account": DISCOUNT_GRANTED},
                    key,
                )
            ]
        if vat != t.vat:
            return [
                Mistake(
                    "DISCOUNT_VAT_MISSING",
                    {**params, "amount": written, "discount_ht": t.amount_ht, "discount_vat": t.vat},
                    key,
                )
            ]
        return []
    if written != ZERO:
        code = {
            NOT_ENTITLED: "DISCOUNT_NOT_ENTITLED",
            PARTIAL: "PARTIAL_WRITTEN_OFF",
            OVERPAID: "WRITEOFF_TOO_LARGE",
        }.get(t.kind, "WRITEOFF_TOO_LARGE")
        deadline = next(
            (
                ctx.world.document(n).discount.deadline
                for n in r.receipt.documents  # type: ignore[union-attr]
                if ctx.world.document(n).discount
            ),
            None,
        )  # type: ignore[union-attr]
        document = r.partial_document or params["document"]
        return [
            Mistake(
                code,
                {**params, "document": document, "amount": abs(written), "deadline": deadline or r.date},
                key,
            )
        ]
    return []


def _schedule(ctx: Context, r: ReceiptOutcome) -> list[Mistake]:
    """A partial payment's schedule: a note on the invoice with dated instalments adding up to the
    residual."""
    doc = r.partial_document
    if doc is None:
        return []
    residual = ctx.outcome.residuals[doc]
    params = {"document": doc, "amount": residual, "customer": ctx.customer_name(r.receipt.customer)}
    for note in (n for n in ctx.books.notes if n.document == doc):
        amounts = [a for a in find_amounts(note.text) if a != residual]
        dates = [d for d in find_dates(note.text, ctx.world.today.year) if d > ctx.world.today]
        if len(amounts) >= 2 and len(dates) >= 2 and total(amounts) == residual:
            return []
    return [Mistake("SCHEDULE_NOTE_MISSING", params, doc)]
