"""Receipts and the bank: statement lines and cheques (dates, amounts fixed or computed from the documents
they settle, of one customer), deposit slips of cheques settled by documents, and the expected receipts,
deposit, reconciliation and annotations naming them."""

from __future__ import annotations

from typing import Any

from simulator.packs.spec.checks.context import ScenarioContext
from simulator.packs.spec.checks.ranges import check_past, check_range, fixed_range, offset_range
from simulator.packs.spec.schema import AmountRange, FromDocuments, FromSlip, SameAs
from simulator.packs.spec.yamlsource import Loc


def check_statement(ctx: ScenarioContext) -> None:
    for i, line in enumerate(ctx.scenario.statement):
        loc = ("statement", i)
        check_past(ctx, loc + ("date",), line.date, ctx.calendar_days)
        check_payment_amount(ctx, loc + ("amount",), line.amount, customer=None, positive=False, item=line)


def check_cheques(ctx: ScenarioContext) -> None:
    for i, chq in enumerate(ctx.scenario.cheques):
        loc = ("cheques", i)
        ctx.ref(loc + ("customer",), chq.customer, ("customer",), holder=chq)
        check_past(ctx, loc + ("date",), chq.date)
        check_past(ctx, loc + ("received",), chq.received)
        if offset_range(chq.received)[1] < offset_range(chq.date)[0]:
            ctx.error(loc + ("received",), "chèque reçu avant la date écrite dessus")
        check_payment_amount(
            ctx, loc + ("amount",), chq.amount, customer=chq.customer, positive=True, item=chq
        )


def check_slips(ctx: ScenarioContext) -> None:
    """A past deposit slip lists cheques once each, whose amounts name the documents they settled."""
    on_slips: set[str] = set()
    for i, slip in enumerate(ctx.scenario.slips):
        loc = ("slips", i)
        check_past(ctx, loc + ("date",), slip.date)
        for j, key in enumerate(slip.cheques):
            if not ctx.ref(loc + ("cheques", j), key, ("cheque",), group=None):
                continue
            if key in on_slips:
                ctx.error(loc + ("cheques", j), f"le chèque « {key} » est déjà sur une remise")
            on_slips.add(key)
            if not isinstance(ctx.items[key].spec.amount, FromDocuments):
                ctx.error(
                    loc + ("cheques", j),
                    f"le chèque « {key} » d'une remise passée doit avoir un montant {{documents: [...]}} : "
                    "ce sont les pièces que son encaissement a réglées",
                )


def check_payment_amount(
    ctx: ScenarioContext, loc: Loc, amount: Any, customer: str | None, positive: bool, item: Any
) -> None:
    """The amount of a statement line (any sign, ``customer`` None) or a cheque (positive)."""
    if isinstance(amount, SameAs):
        ctx.error(loc, "same_as ne s'emploie que pour le montant HT d'une ligne de facture")
        return
    if isinstance(amount, FromDocuments):
        check_documents_amount(ctx, loc, amount, customer, item)
        return
    if isinstance(amount, FromSlip):
        if positive:  # a cheque
            ctx.error(loc, "slip ne s'emploie que pour une ligne du relevé qui crédite une remise")
        else:
            ctx.ref(loc + ("slip",), amount.slip, ("slip",), holder=item)
        return
    bounds = fixed_range(amount)
    assert bounds is not None
    if isinstance(amount, AmountRange) and not check_range(ctx, loc, amount.min, amount.max, amount.step):
        return
    if positive and bounds[0] <= 0:
        ctx.error(loc, f"le montant d'un chèque reçu doit être positif (reçu {bounds[0]})")
    elif bounds == (0, 0):
        ctx.error(loc, "montant nul")


def check_documents_amount(
    ctx: ScenarioContext, loc: Loc, amount: FromDocuments, customer: str | None, item: Any
) -> None:
    """An amount computed from documents: of one customer (the cheque's, when given), a discount only on
    invoices that offer one, sound adjust and leave ranges."""
    customers: list[str] = []
    invoices: list[Any] = []
    resolved = True  # every document found: the checks on the whole list are meaningful
    for j, key in enumerate(amount.documents):
        if not ctx.ref(loc + ("documents", j), key, ("invoice", "credit_note"), holder=item):
            resolved = False
            continue
        doc = ctx.items[key]
        customers.append(doc.spec.customer)
        if doc.kind == "invoice":
            invoices.append(doc.spec)
        if customer is not None and doc.spec.customer != customer:
            ctx.error(
                loc + ("documents", j),
                f"« {key} » est une pièce de « {doc.spec.customer} », pas de « {customer} »",
            )
    if customer is None and len(set(customers)) > 1:
        ctx.error(loc + ("documents",), "les documents d'un même règlement doivent être du même client")
    if amount.discount and resolved and not any(inv.discount for inv in invoices):
        ctx.error(
            loc + ("discount",),
            f"discount: {str(amount.discount).lower()} mais aucune des factures citées n'a de conditions d'escompte",
        )
    if amount.adjust is not None:
        adj = amount.adjust
        if check_range(ctx, loc + ("adjust",), adj.min, adj.max) and adj.nonzero and adj.min == adj.max == 0:
            ctx.error(loc + ("adjust",), "nonzero: true avec une plage réduite à 0")
    if amount.leave is not None:
        leave = amount.leave
        if check_range(ctx, loc + ("leave",), leave.min, leave.max, leave.step) and leave.min <= 0:
            ctx.error(loc + ("leave", "min"), f"le reste laissé ouvert doit être positif (reçu {leave.min})")
        if resolved and not invoices:
            ctx.error(loc + ("leave",), "leave demande au moins une facture dans documents")


def check_expected_receipts(ctx: ScenarioContext) -> None:
    """Each expected receipt comes from a statement line or a cheque of its customer and settles that
    customer's documents."""
    for i, receipt in enumerate(ctx.scenario.expected.receipts):
        loc = ("expected", "receipts", i)
        source = ctx.items.get(receipt.source)
        if source is None and receipt.source in ctx.pruned.broken_keys:
            group = None
        elif source is None or source.kind not in ("statement", "cheque"):
            ctx.error(
                loc + ("source",),
                f"la source « {receipt.source} » n'est ni une ligne du relevé (statement) ni un "
                "chèque (cheques)",
            )
            group = None
        else:
            group = source.group
            if receipt.journal == "CHQ" and source.kind == "statement":
                ctx.error(
                    loc + ("journal",), "un virement lu sur le relevé s'enregistre au journal BNK, pas CHQ"
                )
            if source.kind == "cheque" and source.spec.customer != receipt.customer:
                ctx.error(
                    loc + ("customer",),
                    f"le chèque « {receipt.source} » vient de « {source.spec.customer} », pas "
                    f"de « {receipt.customer} »",
                )
        ctx.ref(loc + ("customer",), receipt.customer, ("customer",), group=group)
        for j, key in enumerate(receipt.documents):
            if ctx.ref(loc + ("documents", j), key, ("invoice", "credit_note"), group=group):
                owner = ctx.customer_of(key)
                if owner != receipt.customer:
                    ctx.error(
                        loc + ("documents", j),
                        f"« {key} » est une pièce de « {owner} », pas de « {receipt.customer} »",
                    )


def check_expected_deposit(ctx: ScenarioContext) -> None:
    deposit = ctx.scenario.expected.deposit
    if deposit is None:
        return
    for j, key in enumerate(deposit.cheques):
        ctx.ref(("expected", "deposit", "cheques", j), key, ("cheque",), group=ctx.group_of(key))
    if deposit.statement_line is not None:
        ctx.ref(("expected", "deposit", "statement_line"), deposit.statement_line, ("statement",), group=None)


def check_expected_reconciliation(ctx: ScenarioContext) -> None:
    """Expected reconciliations pair a statement line with a slip; expected annotations name lines."""
    expected = ctx.scenario.expected
    for j, r in enumerate(expected.reconcile):
        loc = ("expected", "reconcile", j)
        ctx.ref(loc + ("statement_line",), r.statement_line, ("statement",), group=None)
        ctx.ref(loc + ("slip",), r.slip, ("slip",), group=None)
    for j, key in enumerate(expected.annotate):
        ctx.ref(("expected", "annotate", j), key, ("statement",), group=ctx.group_of(key))
