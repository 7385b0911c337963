"""Rapports: Livre des tiers, Balance âgée des clients (with its chart) and Balance, each exported as a PDF
and as a French CSV. The pages show the same data as the printed reports (simulator.documents.reports)."""

from __future__ import annotations

from flask import Response, render_template

from simulator.services import reports

from ..access import attempt_or_404
from . import bp


def _page(template: str, name: str, attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    return render_template(
        template,
        attempt=attempt,
        report=name,
        title=reports.REPORTS[name].title,
        **reports.report_data(attempt, name),
    )


@bp.get("/tentatives/<int:attempt_id>/livre-des-tiers")
def customer_ledger(attempt_id: int):
    return _page("student/customer_ledger.html", "livre-des-tiers", attempt_id)


@bp.get("/tentatives/<int:attempt_id>/balance-agee")
def aged_balance(attempt_id: int):
    return _page("student/aged_balance.html", "balance-agee", attempt_id)


@bp.get("/tentatives/<int:attempt_id>/balance")
def trial_balance(attempt_id: int):
    return _page("student/trial_balance.html", "balance", attempt_id)


@bp.get(
    '/tentatives/<int:attempt_id>/<any("livre-des-tiers", "balance-agee", "balance"):name>.<any(pdf, csv):fmt>'
)
def report_export(attempt_id: int, name: str, fmt: str):
    """Exporter en PDF / Exporter en CSV: a download with a French file name."""
    exported = reports.export(attempt_or_404(attempt_id), name, fmt)
    return Response(
        exported.body,
        content_type=exported.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{exported.filename}"'},
    )
