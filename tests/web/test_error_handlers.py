"""One handler per domain exception (web/errors.py): the views let them through, the app answers in French.
An unknown LTI resource link (``UnknownLink``) is covered by tests/teacher/test_lti.py (404)."""

from __future__ import annotations

from workspace_helpers import post, start

from simulator import services, store


def _attempt(client, attempt_id: int):
    db = store.open_db(client.application.config["DATABASE"])
    record = store.get_attempt(db, attempt_id)
    owner = services.attempts.Owner(user_id=record.user_id, guest_token=record.guest_token)
    return services.attempts.load(db, attempt_id, owner)


def test_a_refused_submission_goes_back_to_the_confirmation_with_its_reason(client, monkeypatch):
    attempt_id = start(client)

    def refuse(db, attempt):
        raise services.submission.SubmissionRefused(
            "Le devoir est clos depuis le 02/03/2026 : travail non rendu."
        )

    monkeypatch.setattr(services.submission, "submit", refuse)
    response = post(client, f"/tentatives/{attempt_id}/rendre")
    assert response.status_code == 303
    assert response.location.endswith(f"/tentatives/{attempt_id}/rendre")
    page = client.get(response.location).get_data(as_text=True)
    assert "Le devoir est clos depuis le 02/03/2026 : travail non rendu." in page


def test_a_document_that_does_not_exist_is_the_french_404_page(client, monkeypatch):
    """A debit note number this customer never had: DocumentUnavailable from the service, 404 here."""
    attempt_id = start(client, "relance-email")
    customer = next(iter(_attempt(client, attempt_id).world.customers)).id
    refusals = []
    debit_note_pdf = services.reports.debit_note_pdf

    def spy(*args):
        try:
            return debit_note_pdf(*args)
        except services.reports.DocumentUnavailable as error:
            refusals.append(str(error))
            raise

    monkeypatch.setattr(services.reports, "debit_note_pdf", spy)
    response = client.get(f"/tentatives/{attempt_id}/relances/{customer}/note-de-debit-2026-9999.pdf")
    assert refusals == ["note de débit « ND/2026/9999 » inconnue pour ce client."]
    assert response.status_code == 404
    assert response.mimetype == "text/html" and "introuvable" in response.get_data(as_text=True).lower()


def test_an_attempt_the_api_cannot_grade_is_a_400_with_its_french_reasons(client):
    response = client.post(
        "/api/grade", json={"pack": "inconnu", "scenario": "virement", "seed": 1, "actions": []}
    )
    assert response.status_code == 400
    assert response.get_json() == {"errors": ["pack inconnu : « inconnu »."]}
