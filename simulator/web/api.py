"""JSON API for automated grading: ``POST /api/grade`` takes one attempt and returns its grade.
Malformed, oversized or hostile input gets a 400 (415 for a body that is not declared JSON) with French
reasons, never a 500."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from simulator.services.grading import grade_json

bp = Blueprint("api", __name__, url_prefix="/api")

#: An attempt of a few hundred actions weighs a few dozen KB.
MAX_ATTEMPT_BYTES = 1_000_000


def _refused(*reasons: str, status: int = 400):
    return jsonify({"errors": list(reasons)}), status


@bp.post("/grade")
def grade():
    if request.mimetype != "application/json":
        return _refused(
            "le corps de la requête doit être du JSON, envoyé avec l'en-tête Content-Type: application/json.",
            status=415,
        )
    if (request.content_length or 0) > MAX_ATTEMPT_BYTES:
        return _refused(f"tentative trop volumineuse (maximum {MAX_ATTEMPT_BYTES} octets).")
    raw = request.stream.read(MAX_ATTEMPT_BYTES + 1)  # also bounds a body sent without Content-Length
    if len(raw) > MAX_ATTEMPT_BYTES:
        return _refused(f"tentative trop volumineuse (maximum {MAX_ATTEMPT_BYTES} octets).")
    if not raw.strip():
        return _refused("corps de requête vide : envoyez la tentative en JSON.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _refused("le corps de la requête n'est pas du texte UTF-8.")
    return jsonify(grade_json(text).as_dict())  # an AttemptError is a 400 with its reasons (web/errors.py)
