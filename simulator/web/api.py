"""JSON API for automated grading: ``POST /api/grade`` takes one attempt and returns its grade.
Malformed or oversized input gets a 400 with French reasons, never a 500."""

from __future__ import annotations

import json

from flask import Blueprint, jsonify, request

from simulator import services
from simulator.grading.batch import AttemptError

bp = Blueprint("api", __name__, url_prefix="/api")

#: An attempt of a few hundred actions weighs a few dozen KB.
MAX_ATTEMPT_BYTES = 1_000_000


def _bad_request(*reasons: str):
    return jsonify({"errors": list(reasons)}), 400


@bp.post("/grade")
def grade():
    if (request.content_length or 0) > MAX_ATTEMPT_BYTES:
        return _bad_request(f"tentative trop volumineuse (maximum {MAX_ATTEMPT_BYTES} octets).")
    raw = request.stream.read(MAX_ATTEMPT_BYTES + 1)  # also bounds a body sent without Content-Length
    if len(raw) > MAX_ATTEMPT_BYTES:
        return _bad_request(f"tentative trop volumineuse (maximum {MAX_ATTEMPT_BYTES} octets).")
    if not raw.strip():
        return _bad_request("corps de requête vide : envoyez la tentative en JSON.")
    try:
        attempt = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return _bad_request("le corps de la requête n'est pas du texte UTF-8.")
    except json.JSONDecodeError as error:
        return _bad_request(
            f"le corps de la requête n'est pas du JSON valable (ligne {error.lineno}, colonne {error.colno})."
        )
    try:
        return jsonify(services.grade_attempt(attempt))
    except AttemptError as error:
        return _bad_request(*error.reasons)
