"""Packs: the versions a teacher may use, uploading a pack as a .zip (errors FILE:LINE on the page), and the
preview of a version (each scenario's brief, a sample world, the reference solution, the rubric)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from simulator import services

from ..db import get_db
from . import bp
from .access import pack_or_404, teacher

SAMPLE_SEED = 1


def _page(errors: list[str], status: int = 200):
    db = get_db()
    packs = services.packs.catalogue(db, teacher().id)
    return render_template(
        "teacher/packs.html",
        packs=packs,
        current={pack_id: services.packs.current_version(db, pack_id, v) for pack_id, v in packs.items()},
        me=teacher().id,
        upload_errors=errors,
    ), status


@bp.get("/packs")
def packs():
    return _page([])


@bp.post("/packs")
def upload_pack():
    upload = request.files.get("archive")
    if upload is None or not upload.filename:
        return _page(["Choisissez un fichier .zip."], 422)
    try:
        data = upload.stream.read(services.packs.MAX_ZIP_BYTES + 1)
    finally:
        upload.close()  # the temporary file of a large upload, closed at once
    installed = services.packs.install_zip(get_db(), data, teacher().id)
    if installed.errors:
        return _page(installed.errors, 422)
    record = installed.record
    flash(f"Pack « {record.title} » version {record.version} installé.")
    return redirect(url_for("teacher.pack_preview", pack_id=record.id, version=record.version), 303)


@bp.get("/packs/<pack_id>/<version>")
def pack_preview(pack_id: str, version: str):
    record = pack_or_404(pack_id, version)
    grader = services.packs.grader(get_db(), record.id, record.version, record.owner_id)
    seed = request.args.get("graine", type=int) or SAMPLE_SEED
    scenarios = []
    for scenario_id, spec in grader.pack.scenarios.items():
        world = None
        for candidate in range(seed, seed + 20):
            if services.attempts.valid_seed(grader, scenario_id, candidate):
                world = grader.world(scenario_id, candidate)
                break
        steps = services.describe.reference_steps(world) if world else []
        scenarios.append(
            {
                "id": scenario_id,
                "spec": spec,
                "world": world,
                "solution": steps,
                "rubric": services.packs.rubric(grader, scenario_id),
            }
        )
    return render_template(
        "teacher/pack.html", record=record, pack=grader.pack, scenarios=scenarios, seed=seed
    )
