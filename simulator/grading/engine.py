"""Grade the books of an attempt against the World's expected outcome.

The end state of the books and of the follow-up log is graded, not the order of clicks: any order that
yields the same books scores the same. Every mistake has a code (contracts.md), a French message naming
the documents and amounts, and the procedure step to read again; each mistake is charged to the rubric
criterion it belongs to, and each criterion earns in proportion to the expected work it judges that was
done right (:mod:`simulator.grading.scoring`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal

from simulator.ledger.accounts import BANK, CHEQUES_TO_CASH
from simulator.ledger.books import Books
from simulator.ledger.compare import compare_entries
from simulator.packs.play.outcome import Outcome, expected_outcome
from simulator.packs.play.replay import Replay
from simulator.packs.world.model import World

from .balances import check_balances
from .catalogue import MISTAKES, render
from .cheques import check_cheques, check_slip_credits
from .context import Context, Mistake
from .followup import check_followup
from .grades import CriterionResult, Grade, MistakeResult, ProblemResult
from .lettrage import check_lettrage
from .lots import check_lots
from .period import check_period
from .receipts import check_receipts
from .scoring import FALLBACK_CRITERION as FALLBACK_CRITERION  # where the rubric lacks a criterion
from .scoring import (
    GRADING_VERSION,
    charged_criterion,
    score_criteria,
    score_of,
)
from .statements import check_contact_list, check_statements
from .strategy import check_strategy

#: Cheques not deposited or a bank credit not reconciled leave 5112 and 512 wrong: those mistakes explain them.
CHEQUE_CODES = frozenset({"SLIP_MISSING", "SLIP_CHEQUE_MISSING", "SLIP_NOT_RECONCILED"})
CHEQUE_ACCOUNTS = frozenset({BANK, CHEQUES_TO_CASH})


def check_statement(ctx: Context) -> list[Mistake]:
    return [
        Mistake(
            "STATEMENT_NOT_ANNOTATED",
            {
                "document": line_id,
                "date": ctx.world.statement_line(line_id).date,  # type: ignore[union-attr]
                "amount": ctx.world.statement_line(line_id).amount,  # type: ignore[union-attr]
                "customer": ctx.world.statement_line(line_id).label,
            },
            line_id,
        )  # type: ignore[union-attr]
        for line_id in ctx.world.expected.annotate
        if line_id not in ctx.books.annotations
    ]


CHECKS: tuple[Callable[[Context], list[Mistake]], ...] = (
    check_receipts,
    check_statement,
    check_cheques,
    check_slip_credits,
    check_followup,
    check_statements,
    check_contact_list,
    check_period,  # the month-long scenario « Un mois de relances »
    check_strategy,  # the follow-up levels (Niveaux de relance)
    check_lots,  # relances par lot
    check_lettrage,  # the month-end lettrage (scenarios/lettrage)
)


def _context(
    world: World, replayed: Replay, outcome: Outcome | None, signatories: tuple[str, ...]
) -> Context:
    return Context(
        world, outcome or expected_outcome(world), replayed.books, tuple(signatories), replayed.refused_slips
    )


def _mistakes(ctx: Context) -> list[Mistake]:
    seen: set[tuple[str, str]] = set()
    mistakes: list[Mistake] = []
    for check in CHECKS:
        for mistake in check(ctx):
            if (mistake.code, mistake.key) not in seen:
                seen.add((mistake.code, mistake.key))
                if mistake.code in CHEQUE_CODES:
                    mistake = dataclasses.replace(mistake, accounts=CHEQUE_ACCOUNTS)
                mistakes.append(mistake)
    return mistakes + check_balances(ctx, mistakes)


def grade(
    world: World,
    replayed: Replay,
    outcome: Outcome | None = None,
    signatories: tuple[str, ...] = (),
    expected: Books | None = None,
) -> Grade:
    """The grade of a replayed attempt (``as_dict()`` is contracts.md's JSON); ``signatories`` are names
    accepted as an e-mail signature beside the world's signatory (the student's own name). Each criterion
    earns in proportion to the expected work it judges that was done right (:mod:`simulator.grading.scoring`).
    With ``expected`` (the books after the reference solution) the grade says which entries differ."""
    ctx = _context(world, replayed, outcome, signatories)
    rubric_ids = {c.id for c in world.rubric}
    charged: dict[str, list[tuple[Mistake, str]]] = {}
    mistakes = []
    for m in _mistakes(ctx):
        spec = MISTAKES[m.code]
        message = render(m.code, **m.params)
        criterion = charged_criterion(spec.criterion, rubric_ids)
        charged.setdefault(criterion, []).append((m, message))
        mistakes.append(MistakeResult(m.code, message, spec.procedure, criterion))
    scored = score_criteria(ctx, world.rubric, charged)
    criteria = tuple(
        CriterionResult(
            s.criterion.id,
            s.criterion.label,
            s.passed,
            s.points,
            s.criterion.points,
            s.units,
            s.earned,
            s.feedback(),
        )
        for s in scored
    )
    points = sum((s.points for s in scored), Decimal(0))
    max_points = sum(c.points for c in world.rubric)
    return Grade(
        pack=world.pack,
        pack_version=world.pack_version,
        scenario=world.scenario,
        seed=world.seed,
        grading_version=GRADING_VERSION,
        score=score_of(points, max_points),
        points=points,
        max_points=max_points,
        criteria=criteria,
        mistakes=tuple(mistakes),
        problems=tuple(ProblemResult(p.index, p.type, p.code, p.field, p.message) for p in replayed.problems),
        entries=compare_entries(replayed.books, expected) if expected is not None else None,
    )
