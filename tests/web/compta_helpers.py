"""Playing reference actions through the Comptabilité screens' forms, as a student types them: French
amounts and dates, the labels' fields. Used by the Flask-client tests of tests/web/test_screens_compta*."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from workspace_helpers import post

from simulator import services, store
from simulator.ledger.views import books_view
from simulator.packs.play.solve import solve


def french_amount(text: str) -> str:
    """``"2078.93"`` -> ``"2 078,93"`` (typed with a space between thousands)."""
    units, cents = f"{Decimal(text):.2f}".split(".")
    groups = []
    while units:
        groups.insert(0, units[-3:])
        units = units[:-3]
    return " ".join(groups) + "," + cents


def french_date(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def attempt_of(client, attempt_id: int) -> services.attempts.LoadedAttempt:
    db = store.open_db(client.application.config["DATABASE"])
    record = store.get_attempt(db, attempt_id)
    owner = services.attempts.Owner(user_id=record.user_id, guest_token=record.guest_token)
    return services.attempts.load(db, attempt_id, owner)


def reference(client, attempt_id: int) -> list[dict]:
    return solve(attempt_of(client, attempt_id).world)


def receipt_fields(action: dict) -> dict:
    """The fields shared by the payment dialog and Nouveau règlement, filled from ``register_payment``."""
    data = {
        "journal": action["journal"],
        "amount": french_amount(action["amount"]),
        "date": french_date(action["date"]),
        "reference": action.get("reference", ""),
    }
    source = action.get("source") or {}
    if "statement_line" in source:
        data["statement_line"] = source["statement_line"]
    if "cheque" in source:
        data["cheque"] = source["cheque"]
    difference = action.get("difference") or {}
    data["handling"] = difference.get("handling", "keep_open")
    if difference.get("handling") == "write_off":
        data["account"] = difference["account"]
        data["label"] = difference.get("label", "")
        if difference.get("vat_rate"):
            data["vat_split"] = "1"
            data["vat_rate"] = difference["vat_rate"]
    return data


def play(client, attempt_id: int, action: dict, **kwargs):
    """Post the form of the screen that produces ``action``; returns the response."""
    base = f"/tentatives/{attempt_id}"
    kind = action["type"]
    if kind == "register_payment" and len(action["documents"]) == 1 and not action.get("allocations"):
        data = {"document": action["documents"][0], **receipt_fields(action)}
        return post(client, f"{base}/reglement", data, **kwargs)
    if kind == "register_payment":
        data = {"customer": action["customer"], **receipt_fields(action)}
        customer = books_view(attempt_of(client, attempt_id).books).customers[action["customer"]]
        data["item"] = [i.key for i in customer.open_items if i.kind != "payment"]  # the form's rows
        allocations = action.get("allocations") or {}
        data["full"] = [d for d in action["documents"] if d not in allocations]  # Lettrage complet ticked
        for document, amount in allocations.items():  # Affectation typed
            data[f"allocation-{document}"] = french_amount(amount)
        return post(client, f"{base}/reglements/nouveau", data, **kwargs)
    if kind == "add_note":
        return post(
            client, f"{base}/documents/note", {"document": action["document"], "text": action["text"]}
        )
    if kind == "annotate_statement":
        data = {"statement_line": action["statement_line"], "text": action["text"]}
        return post(client, f"{base}/banque/annotation", data, **kwargs)
    if kind == "credit_note":
        data = {
            "invoice": action["invoice"],
            "date": french_date(action["date"]),
            "amount_ht": french_amount(action["amount_ht"]),
            "reason": action["reason"],
            "vat_rate": action.get("vat_rate", ""),
            "number": action.get("number", ""),
        }
        return post(client, f"{base}/avoir", data, **kwargs)
    if kind == "match":
        document, item = action["items"]
        return post(client, f"{base}/documents/ajouter", {"document": document, "item": item}, **kwargs)
    raise AssertionError(f"no Comptabilité form for {kind}")


def score(client, attempt_id: int) -> float:
    post(client, f"/tentatives/{attempt_id}/rendre")
    return attempt_of(client, attempt_id).grade["score"]
