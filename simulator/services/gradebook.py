"""The gradebook of an assignment: one row per student, one cell per scenario (best and last score, number
of attempts, time spent, the older grading versions its grades came from), sorted and filtered; exported as
the CSV a French spreadsheet opens as it is (Excel, LibreOffice: ``;`` between fields, decimal comma), or as
the CSV Moodle's grade import reads (e-mail address as the key, one column per scenario, ``,`` and decimal
point)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from simulator import store
from simulator.grading.scoring import GRADING_VERSION

from . import packs


@dataclass(frozen=True, slots=True)
class Cell:
    best: float | None
    last: float | None
    attempts: int
    seconds: int
    last_attempt: int | None  # the newest submitted attempt (for the teacher's attempt page)
    #: the grading version of the best and of the last score when older than today's (« barème v1 »)
    best_old: str | None = None
    last_old: str | None = None


@dataclass(frozen=True, slots=True)
class Row:
    member: store.Member
    cells: tuple[Cell, ...]  # in the assignment's scenario order

    @property
    def average(self) -> float | None:
        scores = [c.best for c in self.cells if c.best is not None]
        return round(sum(scores) / len(scores), 1) if scores else None


@dataclass(frozen=True)
class Gradebook:
    assignment: store.AssignmentRecord
    scenarios: tuple[tuple[str, str], ...]  # (id, title)
    rows: tuple[Row, ...]
    #: grades of the assignment (every student, whatever the filter) from an older grading version: the
    #: teacher regrades them with « Recorriger » when they choose
    outdated: int = 0
    grading_version: str = GRADING_VERSION


SORTS = ("nom", "moyenne")


def gradebook(
    db: store.Database,
    assignment: store.AssignmentRecord,
    sort: str = "nom",
    query: str = "",
    descending: bool = False,
) -> Gradebook:
    """``sort``: "nom", "moyenne" or a scenario id (its best score); ``query`` filters on name or e-mail."""
    pack = packs.grader(db, assignment.pack, assignment.pack_version, assignment.pack_owner).pack
    scenario_ids = assignment.scenario_ids
    titles = tuple((s, pack.scenarios[s].title if s in pack.scenarios else s) for s in scenario_ids)
    by_key: dict[tuple[int, str], list[store.AttemptSummary]] = {}
    outdated = 0
    for summary in store.assignment_summaries(db, assignment.id):
        by_key.setdefault((summary.user_id, summary.scenario), []).append(summary)
        outdated += _is_old(summary)
    rows = []
    needle = query.strip().casefold()
    for member in store.class_members(db, assignment.class_id):
        if needle and needle not in f"{member.full_name} {member.email}".casefold():
            continue
        cells = []
        for scenario in scenario_ids:
            attempts = by_key.get((member.user_id, scenario), [])
            graded = [a for a in attempts if a.score is not None]
            best = max(graded, key=lambda a: (a.score or 0, a.id), default=None)  # the newest of the best
            cells.append(
                Cell(
                    best.score if best else None,
                    graded[-1].score if graded else None,
                    len(attempts),
                    sum(a.seconds for a in attempts),
                    graded[-1].id if graded else None,
                    best.grading_version if best and _is_old(best) else None,
                    graded[-1].grading_version if graded and _is_old(graded[-1]) else None,
                )
            )
        rows.append(Row(member, tuple(cells)))
    rows.sort(key=_sort_key(sort, scenario_ids), reverse=descending)
    return Gradebook(assignment, titles, tuple(rows), outdated)


def _is_old(summary: store.AttemptSummary) -> bool:
    return summary.grading_version is not None and summary.grading_version != GRADING_VERSION


def _sort_key(sort: str, scenario_ids: list[str]):
    def by_name(row: Row):
        return (row.member.last_name.casefold(), row.member.first_name.casefold(), row.member.user_id)

    if sort in scenario_ids:
        index = scenario_ids.index(sort)
        return lambda row: (row.cells[index].best is not None, row.cells[index].best or 0, by_name(row))
    if sort == "moyenne":
        return lambda row: (row.average is not None, row.average or 0, by_name(row))
    return by_name


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _french_number(value: float | None) -> str:
    return _number(value).replace(".", ",")


def to_csv(book: Gradebook) -> str:
    """For Excel / LibreOffice in French: names, e-mail, then best, last, attempts and minutes per scenario;
    fields separated by ``;``, scores with a decimal comma (``66,7``). The web adds a UTF-8 BOM so that
    Excel reads the accents."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    header = ["Nom", "Prénom", "Adresse e-mail"]
    for _, title in book.scenarios:
        header += [
            f"{title} - meilleure",
            f"{title} - dernière",
            f"{title} - tentatives",
            f"{title} - minutes",
        ]
    writer.writerow(header)
    for row in book.rows:
        line = [row.member.last_name, row.member.first_name, row.member.email]
        for cell in row.cells:
            line += [
                _french_number(cell.best),
                _french_number(cell.last),
                cell.attempts,
                round(cell.seconds / 60),
            ]
        writer.writerow(line)
    return out.getvalue()


def to_moodle_csv(book: Gradebook) -> str:
    """Moodle's « Importer des notes » CSV: ``Adresse de courriel`` then one column per scenario (the best
    score on 100, decimal point, empty when not done)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["Adresse de courriel", *(f"{book.assignment.title} - {title}" for _, title in book.scenarios)]
    )
    for row in book.rows:
        writer.writerow([row.member.email, *(_number(cell.best) for cell in row.cells)])
    return out.getvalue()
