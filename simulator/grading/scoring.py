"""Points earned by work that exists: each rubric criterion earns in proportion to the expected work it
judges that was done right (docs/grading.md, « Scoring »).

Every criterion has a *scope*: the work units of the world's expected outcome it judges — the expected
receipts, the bank lines to annotate, the cheques to endorse or to deposit, the reminders to make, the
levels to configure… Each unit is *done* when the student's books hold work for it, and *right* when it
is done and no mistake of the criterion is about it (a mistake is about the unit whose key its key is, or
begins with followed by ``:``). A mistake of the criterion about no unit of its scope (a payment recorded
twice, an invoice excluded without a dispute, an extra level) costs one unit more::

    points = max_points × max(0, units right − mistakes about no unit) / units

Criteria that judge the absence of harm (``books_clean``, ``no_undue_reminder``, and any criterion with no
unit in the world) have no scope of their own: they earn in proportion to the expected work that exists —
the units, done right or not, of the work the rubric's other criteria judge — and earn nothing when a
mistake of theirs occurred. An attempt with no action earns nothing; the reference earns every point.

Mistakes are mapped through their criterion, never by code: a new mistake code works as soon as the
catalogue gives it a criterion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from simulator.ledger.model import FollowupLevel
from simulator.packs.play.outcome import expected_late_fees
from simulator.packs.play.period import level_channel
from simulator.packs.world.model import Criterion

from . import lettrage
from .context import Context, Mistake
from .followup import CHANNEL_EVENT
from .period import CHANNEL_KIND, reminders_due
from .strategy import compare_level, pair_levels

#: The version of the scoring rules, stored with every grade: a grade of an older version (one stored
#: without any reads as "1": a criterion passed whole when none of its mistakes occurred) is regraded
#: only when the teacher asks (Recorriger).
GRADING_VERSION = "2"

#: Where a mistake goes when the rubric lacks its criterion: a related criterion of the same work, else
#: ``FALLBACK_CRITERION`` — harm is never free. An unreconciled bank line is about the bank statement
#: the student processes (« Relevé bancaire annoté »), not about an entry too many.
RELATED: Mapping[str, str] = {"statement_reconciled": "statement_annotated"}
FALLBACK_CRITERION = "books_clean"

#: Criteria that judge the absence of harm: no scope of their own.
HARM: frozenset[str] = frozenset({"books_clean", "no_undue_reminder"})

_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of expected work: ``key`` names its subject (a statement line, a cheque, a customer…)."""

    key: str
    done: bool


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of work, its units in a world, and how the feedback counts them (singular, plural)."""

    units: Callable[[Context], list[Unit]]
    noun: tuple[str, str]


def charged_criterion(criterion: str, rubric_ids: Iterable[str]) -> str:
    """The criterion of the rubric a mistake of ``criterion`` is charged to."""
    ids = set(rubric_ids)
    if criterion in ids:
        return criterion
    related = RELATED.get(criterion)
    return related if related in ids else FALLBACK_CRITERION


# --- the work units of a world ----------------------------------------------------------------------------


def _receipts(ctx: Context) -> list[Unit]:
    return [Unit(r.receipt.source, bool(ctx.claims[i])) for i, r in enumerate(ctx.outcome.receipts)]


def _schedules(ctx: Context) -> list[Unit]:
    noted = {n.document for n in ctx.books.notes}
    return [
        Unit(r.partial_document, r.partial_document in noted)
        for r in ctx.outcome.receipts
        if r.receipt.schedule_required and r.partial_document
    ]


def _annotations(ctx: Context) -> list[Unit]:
    return [Unit(line, line in ctx.books.annotations) for line in ctx.world.expected.annotate]


def _endorsements(ctx: Context) -> list[Unit]:
    deposit = ctx.world.expected.deposit
    cheques = deposit.cheques if deposit else ()
    return [Unit(c, c in ctx.books.endorsements) for c in cheques]


def _deposits(ctx: Context) -> list[Unit]:
    """A cheque is deposited when a slip carries it; one recorded in another journal than CHQ cannot be
    (WRONG_JOURNAL says so, the slip is judged without it)."""
    deposit = ctx.world.expected.deposit
    if deposit is None:
        return []
    slips = (s for s in (*ctx.books.slips, *ctx.refused_slips) if not s.cancelled)
    on_slips = {line.cheque for s in slips for line in s.lines}
    return [Unit(c, c in on_slips or bool(ctx.receipt_journals(c) - {"CHQ"})) for c in deposit.cheques]


def _reconciliations(ctx: Context) -> list[Unit]:
    """Each credit of the statement: a receipt's line (judged once the receipt exists), an earlier slip's
    credit, the credit of the slip to hand in."""
    books = ctx.books
    credited = {s.statement_line for s in books.slips if s.statement_line}
    units = [
        Unit(r.receipt.source, bool(ctx.claims[i]))
        for i, r in enumerate(ctx.outcome.receipts)
        if r.receipt.source_kind == "statement_line"
    ]
    units += [
        Unit(
            r.statement_line,
            r.statement_line in credited or bool(books.statement_matches.get(r.statement_line)),
        )
        for r in ctx.world.expected.reconcile
    ]
    deposit = ctx.world.expected.deposit
    if deposit is not None and deposit.statement_line is not None:
        units.append(Unit(deposit.statement_line, deposit.statement_line in credited))
    return units


def _reminders(ctx: Context) -> list[Unit]:
    """The reminders the brief asks for (by customer) and, when the calendar moves, those of the month
    (by customer and level)."""
    made = {(e.customer, e.kind) for e in ctx.student_followup}
    units = [
        Unit(r.customer, (r.customer, CHANNEL_EVENT[r.channel]) in made) for r in ctx.world.expected.reminders
    ]
    if ctx.world.calendar_moves:
        at_level = {(e.customer, e.kind, e.level) for e in ctx.student_followup}
        for due in reminders_due(ctx.world):
            kind = CHANNEL_KIND[level_channel(ctx.world, due.level)]
            units.append(Unit(f"{due.customer}:{due.level}", (due.customer, kind, due.level) in at_level))
    return units


def _next_actions(ctx: Context) -> list[Unit]:
    planned = {e.customer for e in ctx.student_followup if e.kind == "next_action"}
    expected = ctx.world.expected
    customers = [r.customer for r in expected.reminders if r.next_action]
    customers += [s.customer for s in expected.statements if s.next_action]
    return [Unit(c, c in planned) for c in dict.fromkeys(customers)]


def _disputes(ctx: Context) -> list[Unit]:
    return [Unit(n, n in ctx.books.excluded) for n in ctx.world.expected.disputes]


def _expected_payments(ctx: Context) -> list[Unit]:
    noted = ctx.books.expected_payments
    return [Unit(p.document, p.document in noted) for p in ctx.world.expected.expected_payments]


def _statements(ctx: Context) -> list[Unit]:
    sent = {e.customer for e in ctx.student_followup if e.kind == "statement"}
    return [Unit(s.customer, s.customer in sent) for s in ctx.world.expected.statements]


def _doubtful(ctx: Context) -> list[Unit]:
    moved = {ctx.books.documents[n].customer for n in ctx.books.doubtful}
    return [Unit(c, c in moved) for c in ctx.world.expected.doubtful]


def _late_fees(ctx: Context) -> list[Unit]:
    billed = {fee.invoice for fee in ctx.books.late_fees}
    return [Unit(f.invoice, f.invoice in billed) for f in expected_late_fees(ctx.world, ctx.outcome.receipts)]


def _strategy(ctx: Context, templates: bool = False) -> list[Unit]:
    """The levels asked for that the company's strategy does not already have right; one is done when the
    student's level paired with it is not one of the company's levels left as it was."""
    target = ctx.world.expected.strategy
    if target is None:
        return []
    initial = ctx.world.followup_levels
    settled = {
        wanted.name
        for wanted, level in pair_levels(target.levels, initial)[0]
        if not compare_level(wanted, level)
    }
    untouched = {_signature(level) for level in initial}
    paired = {wanted.name: level for wanted, level in pair_levels(target.levels, tuple(ctx.books.levels))[0]}
    return [
        Unit(wanted.name, wanted.name in paired and _signature(paired[wanted.name]) not in untouched)
        for wanted in target.levels
        if wanted.name not in settled and (wanted.placeholders or not templates)
    ]


def _signature(level: FollowupLevel) -> tuple[Any, ...]:
    """A level as the student sees it (its number follows from the others)."""
    return (level.name, level.days, frozenset(level.actions), level.marker, level.template)


def _lot_customers(ctx: Context) -> list[Unit]:
    run = ctx.world.expected.followup_run
    if run is None:
        return []
    reminded = {c for lot in ctx.books.lots if lot.level == run.level for c in lot.customers}
    return [Unit(c, c in reminded) for c in run.customers]


def _lot_emails(ctx: Context) -> list[Unit]:
    run = ctx.world.expected.followup_run
    if run is None:
        return []
    return [Unit(c, c in ctx.books.customer_emails) for c, _ in run.emails]


def _answers(ctx: Context) -> list[Unit]:
    return [Unit(q.id, q.id in ctx.books.answers) for q in ctx.world.questions]


KINDS: Mapping[str, Kind] = {
    "receipt": Kind(_receipts, ("règlement", "règlements")),
    "schedule": Kind(_schedules, ("échéancier", "échéanciers")),
    "annotation": Kind(_annotations, ("ligne du relevé à annoter", "lignes du relevé à annoter")),
    "endorsement": Kind(_endorsements, ("chèque à endosser", "chèques à endosser")),
    "deposit": Kind(_deposits, ("chèque à remettre", "chèques à remettre")),
    "reconciliation": Kind(
        _reconciliations, ("ligne du relevé à rapprocher", "lignes du relevé à rapprocher")
    ),
    "reminder": Kind(_reminders, ("relance", "relances")),
    "next_action": Kind(_next_actions, ("prochaine action", "prochaines actions")),
    "dispute": Kind(_disputes, ("facture en litige", "factures en litige")),
    "expected_payment": Kind(
        _expected_payments, ("date de paiement annoncée", "dates de paiement annoncées")
    ),
    "statement": Kind(_statements, ("relevé de compte", "relevés de compte")),
    "doubtful": Kind(_doubtful, ("transfert en clients douteux", "transferts en clients douteux")),
    "late_fee": Kind(_late_fees, ("facturation de pénalités", "facturations de pénalités")),
    "strategy_level": Kind(_strategy, ("niveau", "niveaux")),
    "strategy_template": Kind(
        lambda ctx: _strategy(ctx, templates=True), ("modèle de lettre", "modèles de lettre")
    ),
    "lot_customer": Kind(_lot_customers, ("client du lot", "clients du lot")),
    "lot_email": Kind(_lot_emails, ("adresse électronique", "adresses électroniques")),
    "answer": Kind(_answers, ("chiffre", "chiffres")),
    # the month-end lettrage (scenarios/lettrage)
    "lettrage_set": Kind(
        lambda ctx: [Unit(k, done) for k, done in lettrage.set_units(ctx)], ("lettrage", "lettrages")
    ),
    "lettrage_write_off": Kind(
        lambda ctx: [Unit(k, done) for k, done in lettrage.write_off_units(ctx)],
        ("écart soldé", "écarts soldés"),
    ),
    "auto_run": Kind(
        lambda ctx: [Unit(k, done) for k, done in lettrage.run_units(ctx)],
        ("lettrage automatique", "lettrages automatiques"),
    ),
}

#: The kind of work each criterion of the rubric vocabulary (packs.criteria) judges; the others judge harm.
SCOPES: Mapping[str, str] = {
    "receipts_recorded": "receipt",
    "receipts_matched": "receipt",
    "difference_handled": "receipt",
    "schedule_noted": "schedule",
    "statement_annotated": "annotation",
    "cheques_endorsed": "endorsement",
    "deposit_slip": "deposit",
    "statement_reconciled": "reconciliation",
    "reminders_sent": "reminder",
    "reminder_content": "reminder",
    "reminders_on_time": "reminder",
    "next_action_set": "next_action",
    "disputes_handled": "dispute",
    "expected_payments_noted": "expected_payment",
    "statement_sent": "statement",
    "doubtful_transferred": "doubtful",
    "late_fees_billed": "late_fee",
    "strategy_levels": "strategy_level",
    "strategy_actions": "strategy_level",
    "strategy_templates": "strategy_template",
    "lot_run": "lot_customer",
    "lot_emails": "lot_email",
    "summary_quoted": "answer",
    "lettrage_sets": "lettrage_set",
    "lettrage_writeoffs": "lettrage_write_off",
    "auto_run_parameters": "auto_run",
}
HARM_NOUN = ("tâche", "tâches")


# --- points -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scored:
    """One criterion of the rubric, scored: ``points = max_points × earned / units`` (rounded to the cent)."""

    criterion: Criterion
    units: int
    earned: int
    points: Decimal
    messages: tuple[str, ...]
    noun: tuple[str, str]
    harm: bool

    @property
    def passed(self) -> bool:
        return self.earned == self.units

    def feedback(self) -> str:
        if self.passed:
            return "Correct."
        if self.harm and self.messages:  # harm costs the whole criterion
            return " ".join(self.messages)
        singular, plural = self.noun
        noun = plural if self.earned >= 2 else singular
        if self.harm:
            share = f"Aucune erreur, mais les points suivent le travail fait : {self.earned} {noun} sur {self.units}."
        else:
            share = f"Points au prorata du travail fait sans erreur : {self.earned} {noun} sur {self.units}."
        return " ".join((*self.messages, share))


def score_criteria(
    ctx: Context, rubric: Sequence[Criterion], charged: Mapping[str, Sequence[tuple[Mistake, str]]]
) -> list[Scored]:
    """Score each criterion of ``rubric``; ``charged`` gives, by criterion, its mistakes and their messages."""
    cache: dict[str, list[Unit]] = {}

    def units_of(kind: str) -> list[Unit]:
        if kind not in cache:
            cache[kind] = KINDS[kind].units(ctx)
        return cache[kind]

    scopes = {c.id: SCOPES.get(c.id) for c in rubric if c.id not in HARM}
    work_kinds = {k for k in scopes.values() if k and units_of(k)} or {k for k in KINDS if units_of(k)}
    # the expected work, each unit once (a receipt is judged by several criteria)
    work = {(kind, u.key): u.done for kind in sorted(work_kinds) for u in units_of(kind)}
    scored = []
    for c in rubric:
        mine = charged.get(c.id, ())
        messages = tuple(message for _, message in mine)
        kind = scopes.get(c.id)
        units = units_of(kind) if kind else []
        if units:
            earned = _earned(units, [m for m, _ in mine])
            scored.append(_scored(c, len(units), earned, messages, KINDS[kind].noun, harm=False))  # type: ignore[index]
        elif work:
            earned = 0 if mine else sum(work.values())
            scored.append(_scored(c, len(work), earned, messages, HARM_NOUN, harm=True))
        else:  # nothing is expected in this world: only harm can cost
            scored.append(_scored(c, 1, 0 if mine else 1, messages, HARM_NOUN, harm=True))
    return scored


def _earned(units: list[Unit], mistakes: list[Mistake]) -> int:
    keys = {u.key for u in units}
    wrong: set[str] = set()
    stray = 0
    for m in mistakes:
        key = _unit_key(m.key, keys)
        if key is None:
            stray += 1
        else:
            wrong.add(key)
    right = sum(1 for u in units if u.done and u.key not in wrong)
    return max(0, right - stray)


def _unit_key(key: str, keys: set[str]) -> str | None:
    """The unit a mistake is about: its key, or the longest ``:``-separated beginning of it."""
    while True:
        if key in keys:
            return key
        if ":" not in key:
            return None
        key = key.rsplit(":", 1)[0]


def _scored(
    c: Criterion, units: int, earned: int, messages: tuple[str, ...], noun: tuple[str, str], harm: bool
) -> Scored:
    # exact enough: a tie at the cent is a terminating decimal, which the division gives exactly
    points = (Decimal(c.points * earned) / Decimal(units)).quantize(_CENT, ROUND_HALF_UP)
    return Scored(c, units, earned, points, messages, noun, harm)


def json_number(value: Decimal, *, whole_as_int: bool = True) -> int | float:
    """The grade JSON's number for a Decimal computed here (contracts.md: ``score`` and ``points`` are JSON
    numbers): points whole as an integer, a score always with its decimal (``100.0``), else the value's own
    digits (at most two decimals). This is the one place a grade's Decimal leaves Decimal; nothing is
    computed on the result."""
    if whole_as_int and value == value.to_integral_value():
        return int(value)
    return float(value)  # the JSON boundary: json.dumps writes the same digits back (81.3, 4.5, 0.67)


def score_of(points: Decimal | int, max_points: int) -> Decimal:
    """0–100 with one decimal (half up), from the points shown: anyone can recompute it from the grade."""
    if not max_points:
        return Decimal(0)
    return (Decimal(points) * 100 / Decimal(max_points)).quantize(_TENTH, ROUND_HALF_UP)
