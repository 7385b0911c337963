"""Skills and practice for people: « Mes progrès » and « S'entraîner sur mes points faibles » (a student,
or a guest's browser), « Compétences de la classe » (a teacher), and the company an Entraînement
assignment draws for each student.

Everything is computed from the stored grades (:mod:`simulator.grading.skills`); nothing about skills is
stored, so a regrade changes them. A grade held back until an Évaluation closes does not count until then
(the skills would tell the score).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from simulator import store
from simulator.grading import practice
from simulator.grading.batch import Grader
from simulator.grading.catalogue import MISTAKES
from simulator.grading.skills import GradedAttempt, Skill, recurring_mistakes, skills, weakest
from simulator.packs.spec.loader import PackInvalid, PackNotFound

from . import assignments, catalogue, packs
from .attempts import Owner, valid_seed
from .grading import grader_for

#: attempts shown in « Dernières tentatives », points of the chart
LAST_ATTEMPTS = 8
CHART_POINTS = 20
EXAM_MESSAGE = (
    "Vous avez une évaluation en cours : l'entraînement sur vos points faibles reprendra quand vous l'aurez "
    "rendue ou qu'elle sera close."
)
NO_HISTORY_MESSAGE = (
    "Rendez d'abord une tentative : vos points faibles se lisent dans vos résultats. Choisissez une "
    "situation dans « S'entraîner »."
)
TARGETED_TITLE = "Entraînement ciblé : {skills}"


# --- history -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Handed:
    """A handed-in, graded attempt with what the skills read from it."""

    record: store.Attempt
    graded: GradedAttempt
    title: str  # the scenario's title
    grader: Grader  # of the attempt's pack version


def _graded(db: store.Database, records: Iterable[store.Attempt]) -> list[Handed]:
    held: dict[int, bool] = {}
    result = []
    for record in records:
        if not record.submitted_at or not record.grade:
            continue
        if record.assignment_id is not None:
            if record.assignment_id not in held:
                assignment = store.get_assignment(db, record.assignment_id)
                held[record.assignment_id] = assignment is not None and assignments.feedback_held(assignment)
            if held[record.assignment_id]:
                continue
        try:
            grader = packs.grader(db, record.pack, record.pack_version, record.pack_owner)
        except packs.PackMissing:  # a version no longer installed: its attempts cannot be read
            continue
        graded = practice.graded_attempt(
            grader, record.id, record.scenario, record.seed, record.submitted_at, record.grade
        )
        title = (
            grader.pack.scenario(record.scenario).title if record.scenario in grader.pack.scenarios else ""
        )
        result.append(Handed(record, graded, title or record.scenario, grader))
    result.sort(key=lambda h: (h.graded.when, h.record.id))
    return result


def owner_history(db: store.Database, owner: Owner) -> list[Handed]:
    """A student's (or this browser's) handed-in attempts, oldest first."""
    return _graded(db, store.list_owned_attempts(db, user_id=owner.user_id, guest_token=owner.guest_token))


def _steps(pack_id: str) -> dict[tuple[str, str], str]:
    try:
        return practice.pack_steps(grader_for(pack_id).pack)
    except (PackNotFound, PackInvalid):  # a teacher's own pack: no built-in of that id
        return {}


def _pack_title(pack_id: str) -> str:
    try:
        return grader_for(pack_id).pack.title
    except (PackNotFound, PackInvalid):
        return pack_id


# --- « Mes progrès » ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SkillRow:
    skill: Skill
    mistakes: tuple[str, ...]  # titles of the mistakes of its last three attempts

    @property
    def trend_label(self) -> str:
        trend = self.skill.trend
        if self.skill.previous is None:
            return ""
        return "en hausse" if trend > 0 else "en baisse" if trend < 0 else "stable"


@dataclass(frozen=True, slots=True)
class Recurring:
    code: str
    title: str
    step: str  # the step's title
    attempts: int


@dataclass(frozen=True, slots=True)
class PackProgress:
    pack: str
    title: str
    skills: tuple[SkillRow, ...]
    weakest: tuple[SkillRow, ...]
    recurring: tuple[Recurring, ...]
    last: tuple[Handed, ...]  # newest first
    chart: str  # SVG markup
    points: tuple[tuple[str, Decimal | None, Decimal | None], ...]  # (date, score, mean mastery), the chart's


def _rows(state: Iterable[Skill]) -> list[SkillRow]:
    return [
        SkillRow(s, tuple(MISTAKES[c].title if c in MISTAKES else c for c in s.recent_codes(last=3)))
        for s in state
    ]


def progress(db: store.Database, owner: Owner) -> list[PackProgress]:
    """« Mes progrès »: per pack with handed-in attempts, the skills, the weakest, the mistakes that came
    back, the last attempts and the chart."""
    history = owner_history(db, owner)
    result = []
    for pack_id in dict.fromkeys(h.graded.pack for h in history):
        mine = [h for h in history if h.graded.pack == pack_id]
        steps = practice.pack_steps(mine[-1].grader.pack)  # the titles of the latest version used
        state = skills([h.graded for h in mine], steps)
        rows = _rows(s for s in state.values() if s.pack == pack_id)
        by_key = {r.skill.key: r for r in rows}
        titles = {key[1]: title for key, title in steps.items()}
        recurring = tuple(
            Recurring(code, MISTAKES[code].title if code in MISTAKES else code, titles.get(step, step), n)
            for code, step, n, _ in recurring_mistakes(h.graded for h in mine)
        )
        points = _points(mine, state.values())
        result.append(
            PackProgress(
                pack_id,
                mine[-1].grader.pack.title,
                tuple(rows),
                tuple(by_key[s.key] for s in weakest(state.values())),
                recurring,
                tuple(reversed(mine[-LAST_ATTEMPTS:])),
                progress_chart(points, f"progres-{pack_id}"),
                points,
            )
        )
    return result


def _points(
    history: Sequence[Handed], state: Iterable[Skill]
) -> tuple[tuple[str, Decimal | None, Decimal | None], ...]:
    """(date, score, mean mastery of the skills practised so far) after each of the last handed-in attempts."""
    curves = []
    for skill in state:
        observed = skill.observations[-len(skill.history) :] if skill.history else ()
        curves.append([(o.attempt_id, m) for o, m in zip(observed, skill.history, strict=True)])
    order = {h.record.id: i for i, h in enumerate(history)}
    points = []
    for handed in history[-CHART_POINTS:]:
        rank = order[handed.record.id]
        latest = []
        for curve in curves:
            before = [m for attempt_id, m in curve if order.get(attempt_id, -1) <= rank]
            if before:
                latest.append(before[-1])
        mean = (sum(latest) / len(latest)).quantize(Decimal("0.1"), ROUND_HALF_UP) if latest else None
        points.append((_day(handed.record.submitted_at), handed.graded.score, mean))
    return tuple(points)


def _day(stamp: str | None) -> str:
    if not stamp:
        return ""
    return datetime.fromisoformat(stamp).strftime("%d/%m/%Y")


def _number(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def progress_chart(points: Sequence[tuple[str, Decimal | None, Decimal | None]], id_prefix: str) -> str:
    """A line chart (SVG markup) of the score and the mean mastery after each handed-in attempt, on 0–100;
    its title and description say the same in words, and the page prints the numbers in a table too."""
    width, height, left, top, bottom, right = 640, 240, 44, 30, 34, 16
    inner_w, inner_h = width - left - right, height - top - bottom
    count = len(points)

    def x(i: int) -> float:
        return left + (inner_w * i / (count - 1) if count > 1 else inner_w / 2)

    def y(value: Decimal) -> float:
        return top + inner_h * (1 - float(value) / 100)

    title = "Note et maîtrise moyenne après chaque tentative rendue"
    summary = "; ".join(
        f"{day} : note {_number(score)}, maîtrise {_number(mean)} %" for day, score, mean in points
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" class="progress-chart" '
        'font-family="DejaVu Sans, sans-serif" font-size="11">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(summary or "Aucune tentative rendue.")}</desc>',
    ]
    for level in (0, 50, 80, 100):
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(Decimal(level)):.1f}" y2="{y(Decimal(level)):.1f}" '
            'stroke="#c8ccd2" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y(Decimal(level)) + 4:.1f}" text-anchor="end" fill="#333">{level}</text>'
        )
    series = (("score", 1, "#1f5fa8", "Note"), ("mastery", 2, "#b34700", "Maîtrise moyenne (%)"))
    for index, (name, column, colour, label) in enumerate(series):
        lx = left + index * 200
        dash = ' stroke-dasharray="6 4"' if name == "mastery" else ""
        out.append(
            f'<line x1="{lx}" x2="{lx + 22}" y1="12" y2="12" stroke="{colour}" stroke-width="3"{dash}/>'
        )
        out.append(f'<text x="{lx + 28}" y="16" fill="#222">{escape(label)}</text>')
        coords = [(x(i), y(p[column])) for i, p in enumerate(points) if p[column] is not None]  # type: ignore[arg-type]
        if len(coords) > 1:
            path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>')
        for (cx, cy), point in zip(coords, [p for p in points if p[column] is not None], strict=True):
            value = _number(point[column])  # type: ignore[arg-type]
            out.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour}"><title>{escape(point[0])} : '
                f"{escape(label)} {value}</title></circle>"
            )
    if points:
        out.append(
            f'<text x="{x(0):.1f}" y="{height - 12}" text-anchor="start" fill="#333">{escape(points[0][0])}</text>'
        )
        if count > 1:
            out.append(
                f'<text x="{x(count - 1):.1f}" y="{height - 12}" text-anchor="end" fill="#333">{escape(points[-1][0])}</text>'
            )
    out.append("</svg>")
    return "".join(out)


# --- « S'entraîner sur mes points faibles » -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Offer:
    """A proposal as the student sees it."""

    proposal: practice.Proposal
    scenario_title: str
    pack_title: str
    skills: tuple[str, ...]  # the titles of the steps it trains


def exam_in_progress(db: store.Database, owner: Owner) -> bool:
    """Whether the student has started an Évaluation that is open and not yet handed in: practice on weak
    skills is off meanwhile."""
    if owner.user_id is None:
        return False
    for record in store.list_owned_attempts(db, user_id=owner.user_id):
        if record.assignment_id is None or record.submitted_at:
            continue
        assignment = store.get_assignment(db, record.assignment_id)
        if assignment is not None and assignment.mode == "exam" and assignments.state(assignment) == "open":
            return True
    return False


def offers(db: store.Database, owner: Owner, extra: int = 0) -> list[Offer]:
    """One proposal per catalogue pack the student has handed in attempts of, weakest skills first."""
    history = owner_history(db, owner)
    result = []
    for pack_id in catalogue.CATALOGUE_PACKS:
        mine = [h.graded for h in history if h.graded.pack == pack_id]
        if not mine:
            continue
        grader = grader_for(pack_id)
        proposal = practice.propose(grader, mine, extra)
        if proposal is None:
            continue
        steps = _steps(pack_id)
        result.append(
            Offer(
                proposal,
                grader.pack.scenario(proposal.scenario).title,
                grader.pack.title,
                tuple(steps.get((pack_id, s), s) for s in proposal.skills),
            )
        )
    return result


# --- the teacher's side: « Compétences de la classe » --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StudentSkills:
    member: store.Member
    skills: dict[str, Skill]  # step id -> skill

    def mastery(self, step: str) -> Decimal | None:
        skill = self.skills.get(step)
        return None if skill is None else skill.mastery


@dataclass(frozen=True, slots=True)
class ClassSkills:
    group: store.ClassRecord
    pack: str
    packs: tuple[tuple[str, str], ...]  # (id, title) of the packs the class's assignments use
    steps: tuple[tuple[str, str], ...]  # (id, title) columns
    rows: tuple[StudentSkills, ...]
    means: dict[str, Decimal | None]  # step -> the class's mean mastery (students who practised it)
    weakest: tuple[tuple[str, str, Decimal], ...]  # (step, title, mean), weakest first
    sort: str
    descending: bool

    @property
    def practised(self) -> tuple[tuple[str, str], ...]:
        """The columns someone in the class has practised (the grid shows these)."""
        return tuple((step, title) for step, title in self.steps if self.means.get(step) is not None)


def class_skills(
    db: store.Database,
    group: store.ClassRecord,
    pack_id: str = "",
    sort: str = "nom",
    descending: bool = False,
) -> ClassSkills:
    """The students × skills grid of a class, from the attempts of the class's assignments."""
    class_assignments = store.class_assignments(db, group.id)
    pack_ids = tuple(dict.fromkeys(a.pack for a in class_assignments)) or (catalogue.DEFAULT_PACK,)
    pack_id = pack_id if pack_id in pack_ids else pack_ids[0]
    latest = next((a for a in reversed(class_assignments) if a.pack == pack_id), None)
    try:  # the steps of the pack version the class's latest assignment uses (a teacher's own pack too)
        grader = packs.grader(db, latest.pack, latest.pack_version, latest.pack_owner) if latest else None
    except packs.PackMissing:
        grader = None
    steps = practice.pack_steps(grader.pack) if grader is not None else _steps(pack_id)
    members = store.class_members(db, group.id)
    records: dict[int, list[store.Attempt]] = {m.user_id: [] for m in members}
    for assignment in class_assignments:
        if assignment.pack != pack_id:
            continue
        for record in store.assignment_attempts(db, assignment.id, submitted=True):
            if record.user_id in records:
                records[record.user_id].append(record)
    rows = []
    for member in members:
        history = [h.graded for h in _graded(db, records[member.user_id])]
        state = skills(history, steps)
        rows.append(StudentSkills(member, {key[1]: s for key, s in state.items() if key[0] == pack_id}))
    columns = tuple((key[1], title) for key, title in steps.items())
    means: dict[str, Decimal | None] = {}
    for step, _ in columns:
        values = [m for r in rows if (m := r.mastery(step)) is not None]
        means[step] = (sum(values) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP) if values else None
    weakest_steps = sorted(
        (
            (step, title, means[step])
            for step, title in columns
            if means[step] is not None and means[step] < 80
        ),
        key=lambda item: (item[2], [s for s, _ in columns].index(item[0])),
    )[:3]
    if sort in means:
        known = [r for r in rows if r.mastery(sort) is not None]
        unknown = [r for r in rows if r.mastery(sort) is None]
        known.sort(key=lambda r: (r.mastery(sort), r.member.last_name.lower()), reverse=descending)
        ordered = known + unknown
    else:
        sort = "nom"
        ordered = sorted(
            rows, key=lambda r: (r.member.last_name.lower(), r.member.first_name.lower()), reverse=descending
        )
    titles = tuple((p, _pack_title(p)) for p in pack_ids)
    return ClassSkills(
        group, pack_id, titles, columns, tuple(ordered), means, tuple(weakest_steps), sort, descending
    )  # type: ignore[arg-type]


def class_skills_csv(grid: ClassSkills) -> str:
    """For Excel / LibreOffice in French: names, e-mail, then one column per skill (mastery in %, decimal
    comma, empty when never practised); ``;`` separated."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nom", "Prénom", "Adresse e-mail", *(f"{title} (%)" for _, title in grid.steps)])
    for row in grid.rows:
        values = [row.mastery(step) for step, _ in grid.steps]
        writer.writerow(
            [
                row.member.last_name,
                row.member.first_name,
                row.member.email,
                *("" if v is None else _number(v) for v in values),
            ]
        )
    return out.getvalue()


def create_targeted(
    db: store.Database, teacher_id: int, group: store.ClassRecord, pack_id: str
) -> tuple[store.AssignmentRecord | None, str]:
    """« Créer un entraînement ciblé »: an Entraînement assignment of the scenarios that train the class's
    weakest skills (those whose companies have the traps of the class's recent mistakes there, if any), open
    for a week, a new company at each attempt — drawn for each student's own weak
    skills (:func:`targeted_seed`). Or a French refusal."""
    grid = class_skills(db, group, pack_id)
    if not grid.weakest:
        return None, "Aucune compétence de la classe n'est en dessous de 80 % : rien à cibler pour l'instant."
    record = next((r for r in packs.catalogue(db, teacher_id).get(grid.pack, [])), None)
    if record is None:
        return None, "Ce pack n'est plus installé."
    version = packs.current_version(db, grid.pack, packs.catalogue(db, teacher_id)[grid.pack])
    grader = packs.grader(db, grid.pack, version, packs.visible(db, teacher_id, grid.pack, version).owner_id)  # type: ignore[union-attr]
    steps = [step for step, _, _ in grid.weakest]
    codes = {
        code
        for row in grid.rows
        for step in steps
        if step in row.skills
        for code in row.skills[step].recent_codes()
    }
    scenarios = practice.scenarios_training(grader, steps, codes)
    form = {
        **assignments.form_defaults(),
        "title": TARGETED_TITLE.format(skills=", ".join(title for _, title, _ in grid.weakest))[:120],
        "pack": f"{grid.pack}@{version}",
        "mode": "practice",
        "seed_policy": "per_attempt",
    }
    assignment, errors = assignments.create(db, teacher_id, group, form, scenarios)
    return assignment, "; ".join(errors.values())


def targeted_seed(db: store.Database, user_id: int, grader: Grader, scenario: str) -> int | None:
    """The company an Entraînement attempt (new company at each attempt) gives this student: a variant of
    ``scenario`` whose traps train their weakest skills, or None (no history, nothing weak: a random one)."""
    history = [h.graded for h in owner_history(db, Owner(user_id=user_id)) if h.graded.pack == grader.pack.id]
    if not history:
        return None
    proposal = practice.propose(grader, history, scenarios=(scenario,))
    if proposal is None or not valid_seed(grader, scenario, proposal.seed):
        return None
    return proposal.seed
