"""The health check a load balancer probes on each host (docs/deployment.md, two hosts behind nginx)."""

from __future__ import annotations

from simulator import store


def test_the_health_route_answers_200_when_the_database_answers_and_503_when_not(app, monkeypatch):
    client = app.test_client()
    response = client.get("/sante")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "ok\n")

    def unreachable(address):
        raise store.DatabaseUnreachable("la base ne répond pas")

    monkeypatch.setattr(store, "connect", unreachable)
    response = app.test_client().get("/sante")
    assert response.status_code == 503 and "injoignable" in response.get_data(as_text=True)
