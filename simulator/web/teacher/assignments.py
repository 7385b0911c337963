"""Assignments: Nouveau devoir, the gradebook (sortable, filterable, CSV exports), the analytics and the
regrade with its progress (a fragment that replaces itself while the job runs)."""

from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for

from simulator import services

from ..db import get_db
from ..rendering import page_or_fragment
from . import bp
from .access import assignment_or_404, class_or_404, teacher


def _pack_options() -> list[tuple[str, str]]:
    return [
        (f"{r.id}@{r.version}", f"{r.title} — version {r.version}")
        for versions in services.packs.catalogue(get_db(), teacher().id).values()
        for r in versions
    ]


def _scenario_options() -> dict[str, list[tuple[str, str]]]:
    db = get_db()
    return {
        f"{r.id}@{r.version}": [
            (sid, spec.title)
            for sid, spec in services.packs.grader(db, r.id, r.version, r.owner_id).pack.scenarios.items()
        ]
        for versions in services.packs.catalogue(db, teacher().id).values()
        for r in versions
    }


@bp.route("/classes/<int:class_id>/devoirs/nouveau", methods=["GET", "POST"])
def new_assignment(class_id: int):
    group = class_or_404(class_id)
    errors: dict[str, str] = {}
    form = request.form
    if request.method == "POST":
        assignment, errors = services.assignments.create(
            get_db(), teacher().id, group, form, form.getlist("scenarios")
        )
        if assignment:
            return redirect(url_for("teacher.gradebook", assignment_id=assignment.id), 303)
    if request.method == "GET":
        form = services.assignments.form_defaults()
    options = _pack_options()
    chosen = form.get("pack") or request.args.get("pack") or (options[0][0] if options else "")
    # choosing a pack (htmx) gets only its scenarios: teacher/_scenario_choices.html
    response = page_or_fragment(
        "teacher/new_assignment.html",
        "teacher/_scenario_choices.html",
        group=group,
        form=form,
        errors=errors,
        packs=options,
        chosen=chosen,
        scenarios=_scenario_options().get(chosen, []),
        checked=set(form.getlist("scenarios")) if request.method == "POST" else set(),
        services=services,
    )
    response.status_code = 422 if errors else 200
    return response


def _gradebook():
    sort = request.args.get("tri", "nom")
    descending = request.args.get("ordre") == "desc"
    return sort, descending, request.args.get("q", "")


@bp.get("/devoirs/<int:assignment_id>")
def gradebook(assignment_id: int):
    assignment = assignment_or_404(assignment_id)
    sort, descending, query = _gradebook()
    book = services.gradebook.gradebook(get_db(), assignment, sort, query, descending)
    return page_or_fragment(
        "teacher/gradebook.html",
        "teacher/_gradebook_table.html",
        book=book,
        group=services.classes.owned(get_db(), teacher().id, assignment.class_id),
        sort=sort,
        descending=descending,
        query=query,
        state=services.assignments.STATES[services.assignments.state(assignment)],
        local=services.assignments.local,
        modes=services.assignments.MODES,
        lti_status=services.lti.send_status(get_db(), assignment.id),
    )


def _csv(text: str, name: str) -> Response:
    return Response(
        "\ufeff" + text,  # a BOM: Excel reads the accents right; Moodle and Python ignore it
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/devoirs/<int:assignment_id>/notes.csv")
def export_csv(assignment_id: int):
    book = services.gradebook.gradebook(get_db(), assignment_or_404(assignment_id))
    return _csv(services.gradebook.to_csv(book), f"notes-devoir-{assignment_id}-excel.csv")


@bp.get("/devoirs/<int:assignment_id>/notes-moodle.csv")
def export_moodle(assignment_id: int):
    book = services.gradebook.gradebook(get_db(), assignment_or_404(assignment_id))
    return _csv(services.gradebook.to_moodle_csv(book), f"notes-moodle-devoir-{assignment_id}.csv")


@bp.get("/devoirs/<int:assignment_id>/analyse")
def analytics(assignment_id: int):
    assignment = assignment_or_404(assignment_id)
    return render_template(
        "teacher/analytics.html",
        assignment=assignment,
        stats=services.analytics.analytics(get_db(), assignment),
    )


def _regrade_context(assignment) -> dict:
    db = get_db()
    return {
        "assignment": assignment,
        "progress": services.regrade.latest(db, assignment),
        "versions": services.packs.catalogue(db, teacher().id).get(assignment.pack, []),
        "grading_version": services.regrade.GRADING_VERSION,
        "errors": {},
    }


@bp.get("/devoirs/<int:assignment_id>/recorriger")
def regrade_page(assignment_id: int):
    context = _regrade_context(assignment_or_404(assignment_id))
    return page_or_fragment("teacher/regrade.html", "teacher/_regrade_progress.html", **context)


@bp.post("/devoirs/<int:assignment_id>/recorriger")
def regrade_start(assignment_id: int):
    assignment = assignment_or_404(assignment_id)
    version = request.form.get("version", "")
    if services.packs.visible(get_db(), teacher().id, assignment.pack, version) is None:
        context = _regrade_context(assignment)
        context["errors"] = {"version": "Choisissez une version du pack dans la liste."}
        return render_template("teacher/regrade.html", **context), 422
    services.regrade.start(get_db(), assignment, version)
    return redirect(url_for("teacher.regrade_page", assignment_id=assignment.id), 303)


@bp.post("/devoirs/<int:assignment_id>/recorriger/suite")
def regrade_advance(assignment_id: int):
    """Polled by the progress fragment: grades the next chunk and answers the fragment again."""
    assignment = assignment_or_404(assignment_id)
    progress = services.regrade.latest(get_db(), assignment)
    if progress is not None and not progress.finished:
        progress = services.regrade.advance(get_db(), progress.job)
    context = {**_regrade_context(assignment), "progress": progress}
    return page_or_fragment("teacher/regrade.html", "teacher/_regrade_progress.html", **context)
