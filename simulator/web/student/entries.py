"""Pièces comptables: the journal entries by journal (VT, BNK, CHQ, OD…), each journal with its totals
and its balance check."""

from __future__ import annotations

from flask import request

from simulator.ledger.views import books_view

from ..access import attempt_or_404
from ..rendering import page_or_fragment
from . import bp


@bp.get("/tentatives/<int:attempt_id>/pieces")
def entries(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    journals = books_view(attempt.books).journals
    chosen = request.args.get("journal", "")
    shown = [j for code, j in journals.items() if not chosen or code == chosen]
    return page_or_fragment(
        "student/entries.html",
        "student/_entries.html",
        attempt=attempt,
        journals=journals,
        shown=shown,
        chosen=chosen,
    )
