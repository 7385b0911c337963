"""An attempt from start to grade: start, load (the only way to read one, ownership checked), apply one
action, submit, restart, new variant, export.

One click is one call to :func:`apply_action`: the attempt's log is replayed, the action is applied to the
replayed books, and only an accepted action is appended, with the sequence number the log had when it was
read. Two tabs posting at once: the second append conflicts, is re-read and re-validated once, and then
reports a conflict (the page reloads). Each append is one committed transaction (WAL).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from simulator import store
from simulator.documents import result as printed_result
from simulator.grading.batch import AttemptError, Grader
from simulator.grading.grades import Grade
from simulator.ledger.books import Books
from simulator.ledger.compare import (
    BalanceRow,
    EntryComparison,
    ResidualRow,
    compare_balances,
    compare_entries,
    compare_residuals,
)
from simulator.ledger.entries import Entry
from simulator.ledger.problems import Problem
from simulator.messages import render
from simulator.packs.play import replay as replaying
from simulator.packs.world.model import World

from . import catalogue, packs
from .grading import grader_for
from .views import EVENT_KINDS

#: Seeds drawn for a new company: large enough that two students rarely share one.
SEED_RANGE = 1_000_000
FROZEN_MESSAGE = "Cette tentative a été rendue : elle ne peut plus être modifiée."
VARIANT_RANGE_MESSAGE = "Le numéro de variante est un nombre entier de 1 à 1 000 000."
VARIANT_INVALID_MESSAGE = (
    "La variante n° {seed} ne donne pas la situation de ce scénario : choisissez un autre numéro, "
    "ou laissez le champ vide pour en tirer une au hasard."
)
CONFLICT_MESSAGE = "La tentative a été modifiée dans un autre onglet : la page va se recharger."


@dataclass(frozen=True, slots=True)
class Owner:
    """Who is asking: a logged-in user, or a guest known by the random token of their browser session."""

    user_id: int | None = None
    guest_token: str | None = None

    def owns(self, attempt: store.Attempt) -> bool:
        if self.user_id is not None:
            return attempt.user_id == self.user_id
        return bool(
            self.guest_token
            and attempt.guest_token
            and secrets.compare_digest(attempt.guest_token, self.guest_token)
        )


def new_guest_token() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class LoadedAttempt:
    """An attempt with its world, its log and the books replayed from it."""

    record: store.Attempt
    world: World
    actions: tuple[dict[str, Any], ...]
    replayed: replaying.Replay
    student_name: str | None = None  # the owner's name when the owner has an account
    grader: Grader | None = None  # of the attempt's pack version (None: the built-in pack)

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def books(self) -> Books:
        return self.replayed.books

    @property
    def submitted(self) -> bool:
        return self.record.submitted_at is not None

    @property
    def grade(self) -> dict[str, Any] | None:
        return self.record.grade_data


@dataclass(frozen=True)
class ActionResult:
    """``status``: "accepted" (appended), "refused" (problems by field, nothing stored), "conflict"
    (another tab appended meanwhile, twice) or "frozen" (the attempt was handed in)."""

    status: str
    attempt: LoadedAttempt
    errors: dict[str, str] = field(default_factory=dict)  # field -> French message; "" = the whole form

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"


# --- worlds -----------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def expected_books(grader: Grader, scenario: str, seed: int) -> Books:
    """The books after the reference solution (what a careful accountant ends with), for the pack version
    of ``grader``."""
    return grader.expected_books(scenario, seed)


def new_seed(pack_id: str, scenario: str, avoid: int | None = None, grader: Grader | None = None) -> int:
    """A random seed whose world is valid for the scenario (a few seeds do not produce its situation)."""
    grader = grader or grader_for(pack_id)
    for _ in range(50):
        seed = secrets.randbelow(SEED_RANGE) + 1
        if seed == avoid:
            continue
        if valid_seed(grader, scenario, seed):
            return seed
    raise RuntimeError(f"no valid seed found for {pack_id}/{scenario}")  # pragma: no cover


def chosen_seed(pack_id: str, scenario: str, text: str) -> tuple[int | None, str]:
    """The seed typed in « Numéro de variante » (a teacher demonstrating a company, a student redoing one):
    ``(seed, "")``, ``(None, "")`` when nothing is typed (a random seed will be drawn), or ``(None, message)``
    with the French reason it is refused."""
    text = text.strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not text:
        return None, ""
    if not re.fullmatch(r"[0-9]{1,7}", text) or not 1 <= int(text) <= SEED_RANGE:
        return None, VARIANT_RANGE_MESSAGE
    seed = int(text)
    if not valid_seed(grader_for(pack_id), scenario, seed):
        return None, VARIANT_INVALID_MESSAGE.format(seed=seed)
    return seed, ""


def valid_seed(grader: Grader, scenario: str, seed: int) -> bool:
    """Whether the seed gives the scenario's situation (the world is then cached by the grader)."""
    try:
        grader.world(scenario, seed)
    except AttemptError:
        return False
    return True


# --- start, load --------------------------------------------------------------------------------------------


def start(
    db: store.Database, owner: Owner, pack_id: str, scenario: str, seed: int | None = None
) -> store.Attempt | None:
    """A new attempt of a catalogue scenario for ``owner`` (None if the scenario is not in the catalogue)."""
    if catalogue.scenario(pack_id, scenario) is None:
        return None
    if owner.user_id is None and not owner.guest_token:
        raise ValueError("an attempt needs an owner: a user or a guest token")
    pack = grader_for(pack_id).pack
    return store.create_attempt(
        db,
        pack=pack.id,
        pack_version=packs.builtin_version(db, pack.id),
        scenario=scenario,
        seed=new_seed(pack.id, scenario) if seed is None else seed,
        user_id=owner.user_id,
        guest_token=None if owner.user_id is not None else owner.guest_token,
    )


def load(db: store.Database, attempt_id: int, owner: Owner) -> LoadedAttempt | None:
    """The attempt if it exists and ``owner`` owns it, else None (the web answers 404 either way).

    This is the only way the web layer reads an attempt."""
    record = store.get_attempt(db, attempt_id)
    if record is None or not owner.owns(record):
        return None
    return _load(db, record)


def load_any(db: store.Database, attempt_id: int) -> LoadedAttempt | None:
    """The attempt without an ownership check: for services that checked access another way (a teacher's
    class, a regrade)."""
    record = store.get_attempt(db, attempt_id)
    return None if record is None else _load(db, record)


def _load(db: store.Database, record: store.Attempt) -> LoadedAttempt:
    grader = packs.grader(db, record.pack, record.pack_version, record.pack_owner)
    world = grader.world(record.scenario, record.seed)
    actions = tuple(store.list_actions(db, record.id))
    user = store.get_user(db, record.user_id) if record.user_id is not None else None
    return LoadedAttempt(
        record, world, actions, replaying.replay(world, actions), user.full_name if user else None, grader
    )


def reload(db: store.Database, attempt: LoadedAttempt) -> LoadedAttempt:
    return _load(db, store.get_attempt(db, attempt.id))  # type: ignore[arg-type]


def list_attempts(db: store.Database, owner: Owner) -> list[tuple[store.Attempt, str]]:
    """The owner's attempts, newest first, each with its scenario's title."""
    titles = {(c.pack, c.id): c.title for g in catalogue.groups() for c in g.scenarios}
    return [
        (a, titles.get((a.pack, a.scenario), a.scenario))
        for a in store.list_owned_attempts(db, user_id=owner.user_id, guest_token=owner.guest_token)
    ]


# --- one action -------------------------------------------------------------------------------------------


def errors_by_field(problems: list[Problem], labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """French messages keyed by the field they concern ("" for the whole form). ``labels`` give the
    field names as the form shows them (``{"text": "Annotation"}``) for the messages that name a field."""
    errors: dict[str, str] = {}
    for problem in problems:
        key = problem.field or ""
        message = problem.message
        if labels and "name" in problem.params and problem.params["name"] in labels:
            message = render(problem.code, **{**problem.params, "name": labels[problem.params["name"]]})
        errors[key] = f"{errors[key]} {message}" if key in errors else message
    return errors


def first_refusal(
    attempt: LoadedAttempt, actions: Sequence[Mapping[str, Any]], labels: Mapping[str, str] | None = None
) -> tuple[int, dict[str, str]] | None:
    """For a batch of actions a screen sends at once (statements in batch): the index and French errors of
    the first the replay would refuse after the ones before it, or None. Nothing is stored: check the whole
    batch first, so that a refusal leaves the attempt as it was."""
    books = attempt.books
    for index, action in enumerate(actions):
        books, problems = replaying.apply_action(books, dict(action), attempt.world)
        if problems:
            return index, errors_by_field(problems, labels)
    return None


def preview_payment(
    attempt: LoadedAttempt, action: Mapping[str, Any], labels: Mapping[str, str] | None = None
) -> tuple[Entry | None, dict[str, str]]:
    """The entry a ``register_payment`` action would post now (the same plan the posting uses), or the
    French reasons it would be refused. Nothing is stored."""
    plan, problems = replaying.plan_payment(attempt.books, dict(action))
    return (plan.entry if plan else None), errors_by_field(problems, labels)


def apply_action(
    db: store.Database,
    attempt: LoadedAttempt,
    action: Mapping[str, Any],
    labels: Mapping[str, str] | None = None,
) -> ActionResult:
    """Apply one action of contracts.md's vocabulary: refused → nothing stored; accepted → appended."""
    action = dict(action)
    for try_number in range(2):
        if try_number:
            attempt = reload(db, attempt)
        if attempt.submitted:
            return ActionResult("frozen", attempt, {"": FROZEN_MESSAGE})
        books, problems = replaying.apply_action(attempt.books, action, attempt.world)
        if problems:
            return ActionResult("refused", attempt, errors_by_field(problems, labels))
        try:
            store.append_action(db, attempt.id, action, expected_seq=len(attempt.actions) + 1)
        except store.SequenceConflict:
            continue
        except store.AttemptFrozen:
            return ActionResult("frozen", reload(db, attempt), {"": FROZEN_MESSAGE})
        index = len(attempt.actions)
        replayed = replaying.Replay(books, attempt.replayed.problems, (*attempt.replayed.applied, index))
        return ActionResult(
            "accepted",
            LoadedAttempt(
                attempt.record,
                attempt.world,
                (*attempt.actions, action),
                replayed,
                attempt.student_name,
                attempt.grader,
            ),
        )
    return ActionResult("conflict", attempt, {"": CONFLICT_MESSAGE})


def proposed_credit_note_number(attempt: LoadedAttempt) -> str:
    """The number a new credit note of this attempt takes unless the student types another."""
    return replaying.next_credit_note_number(attempt.world, attempt.books)


# --- submit, result, restart, export ------------------------------------------------------------------


def export(attempt: LoadedAttempt) -> dict[str, Any]:
    """The attempt file of contracts.md; ``simulator grade`` on it gives the stored grade (with ``entries``,
    the entry comparison, when some entry differs). The owner's name travels as ``signatories``: it signs
    the student's e-mails beside the world's signatory."""
    data: dict[str, Any] = {
        "pack": attempt.record.pack,
        "pack_version": attempt.record.pack_version,
        "scenario": attempt.record.scenario,
        "seed": attempt.record.seed,
        "actions": list(attempt.actions),
    }
    if attempt.student_name:
        data["signatories"] = [attempt.student_name]
    return data


def grader_of(attempt: LoadedAttempt) -> Grader:
    """The grader of the attempt's pack version."""
    return attempt.grader or grader_for(attempt.record.pack)


@dataclass(frozen=True)
class Result:
    grade: Grade
    balances: list[BalanceRow]
    residuals: list[ResidualRow]
    #: the scenario posts something, or the student did: the books are worth comparing
    touches_books: bool = True
    #: the follow-up log the student wrote and the one expected (empty when neither has any)
    followup: tuple[FollowupRow, ...] = ()
    expected_followup: tuple[FollowupRow, ...] = ()
    #: the entries missing, unexpected or different from the expected ones (empty when the books match)
    entries: EntryComparison = EntryComparison()

    @property
    def no_mistakes(self) -> str:
        """The sentence of a Résultat without mistakes, the printed one's too."""
        return printed_result.no_mistakes(self.touches_books, bool(self.followup or self.expected_followup))


@dataclass(frozen=True, slots=True)
class FollowupRow:
    """One entry of a follow-up log on the Résultat: a reminder, a next action, a statement sent."""

    date: date
    customer: str  # the customer's name
    kind: str  # French, views.EVENT_KINDS
    documents: tuple[str, ...]
    level: int
    differs: bool  # not in the other log (same day, customer, kind and level)


def result(attempt: LoadedAttempt) -> Result | None:
    """The graded attempt beside the expected books; None before submission. The books are compared only
    where the scenario (or the student) touched them; the follow-up log beside the expected one where
    either has any."""
    if attempt.grade is None:
        return None
    r = attempt.record
    expected = expected_books(grader_of(attempt), r.scenario, r.seed)
    start = replaying.initial_books(attempt.world)
    touched = printed_result.posted(expected, start) or printed_result.posted(attempt.books, start)
    mine, theirs = printed_result.new_events(attempt.books, start), printed_result.new_events(expected, start)
    names = {c.id: c.customer.name for c in attempt.world.customers}
    return Result(
        Grade.from_dict(attempt.grade),
        compare_balances(attempt.books, expected),
        compare_residuals(attempt.books, expected),
        touched,
        _followup_rows(mine, theirs, names),
        _followup_rows(theirs, mine, names),
        compare_entries(attempt.books, expected) if touched else EntryComparison(),
    )


def _followup_rows(events, others, names: Mapping[str, str]) -> tuple[FollowupRow, ...]:
    keys = {(e.date, e.customer, e.kind, e.level) for e in others}
    return tuple(
        FollowupRow(
            e.date,
            names.get(e.customer, e.customer),
            EVENT_KINDS.get(e.kind, e.kind),
            e.documents,
            e.level,
            (e.date, e.customer, e.kind, e.level) not in keys,
        )
        for e in sorted(events, key=lambda e: (e.date, names.get(e.customer, ""), e.kind))
    )


def restart(db: store.Database, attempt: LoadedAttempt) -> store.Attempt:
    """The same company (same seed) with an empty log: a new attempt for the same owner."""
    r = attempt.record
    return store.create_attempt(
        db,
        pack=r.pack,
        pack_version=r.pack_version,
        scenario=r.scenario,
        seed=r.seed,
        user_id=r.user_id,
        guest_token=r.guest_token,
        assignment_id=r.assignment_id,
        pack_owner=r.pack_owner,
    )


def new_variant(db: store.Database, attempt: LoadedAttempt) -> store.Attempt:
    """The same scenario with another company (a new seed), for the same owner; the same company when the
    attempt's assignment gives one company per student."""
    r = attempt.record
    if r.assignment_id is not None:
        assignment = store.get_assignment(db, r.assignment_id)
        if assignment is not None and assignment.seed_policy == "per_student":
            return restart(db, attempt)
    return store.create_attempt(
        db,
        pack=r.pack,
        pack_version=r.pack_version,
        scenario=r.scenario,
        seed=new_seed(r.pack, r.scenario, avoid=r.seed, grader=grader_of(attempt)),
        user_id=r.user_id,
        guest_token=r.guest_token,
        assignment_id=r.assignment_id,
        pack_owner=r.pack_owner,
    )
