"""``simulator grade`` and ``simulator solve`` as contracts.md says, and ``POST /api/grade``: malformed
input is reported (exit 1 / HTTP 400 with French reasons) while the rest is graded, never a crash."""

from __future__ import annotations

import csv
import io
import json

import pytest
from pack_cache import builtin_pack

from simulator.cli import main
from simulator.packs.play.solve import attempt, solve
from simulator.packs.world.generate import generate

PACK = builtin_pack("procedure-11")


def reference(scenario: str, seed: int) -> dict:
    world = generate(PACK, scenario, seed)
    return attempt(world, solve(world))


def run(capsys, monkeypatch, argv, stdin: str | None = None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_solve_seeds_prints_one_reference_attempt_per_line(capsys, monkeypatch):
    status, out, _ = run(capsys, monkeypatch, ["solve", "procedure-11", "arrondi", "--seeds", "3-5"])
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [a["seed"] for a in lines] == [3, 4, 5]
    assert all(a["scenario"] == "arrondi" and a["actions"] for a in lines)


def test_solve_with_a_bad_seed_range_is_a_usage_error(capsys, monkeypatch):
    status, _, err = run(capsys, monkeypatch, ["solve", "procedure-11", "arrondi", "--seeds", "9-2"])
    assert status == 2 and "A-B" in err


def test_grade_json_lines_from_a_file(tmp_path, capsys, monkeypatch):
    path = tmp_path / "attempts.jsonl"
    wrong = reference("virement", 2)
    wrong["actions"] = [a for a in wrong["actions"] if a["type"] != "annotate_statement"]
    path.write_text(json.dumps(reference("virement", 1)) + "\n" + json.dumps(wrong) + "\n", encoding="utf-8")
    status, out, _ = run(capsys, monkeypatch, ["grade", "procedure-11", str(path)])
    grades = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert [g["score"] for g in grades][0] == 100.0
    assert [m["code"] for m in grades[1]["mistakes"]] == ["STATEMENT_NOT_ANNOTATED"]
    assert grades[1]["score"] < 100.0
    assert grades[1]["input"] == f"{path}:2"


def test_a_malformed_line_is_reported_and_the_others_are_still_graded(capsys, monkeypatch):
    stdin = "\n".join(
        [
            json.dumps(reference("cheque", 1)),
            "{not json",
            json.dumps({"pack": "procedure-11"}),
            json.dumps(reference("partiel", 2)),
        ]
    )
    status, out, err = run(capsys, monkeypatch, ["grade", "procedure-11", "-"], stdin)
    results = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert [r.get("score") for r in results] == [100.0, None, None, 100.0]
    assert "JSON illisible" in results[1]["error"] and results[1]["input"] == "<stdin>:2"
    assert "scénario inconnu" in results[2]["error"] and "actions" in results[2]["error"]
    assert "<stdin>:2" in err


def test_a_json_array_of_attempts_and_csv_output(tmp_path, capsys, monkeypatch):
    path = tmp_path / "attempts.json"
    path.write_text(
        json.dumps([reference("escompte", 1), reference("relance-telephone", 1)]), encoding="utf-8"
    )
    status, out, _ = run(capsys, monkeypatch, ["grade", "procedure-11", str(path), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0
    assert [(r["scenario"], r["score"], r["mistakes"], r["error"]) for r in rows] == [
        ("escompte", "100.0", "", ""),
        ("relance-telephone", "100.0", "", ""),
    ]


def test_grading_an_unknown_pack_is_a_usage_error(capsys, monkeypatch):
    status, _, err = run(capsys, monkeypatch, ["grade", "pas-de-pack"], "")
    assert status == 2 and "pas-de-pack" in err


# -- HTTP --------------------------------------------------------------------------------------------------
def test_api_grades_one_attempt(client):
    response = client.post("/api/grade", json=reference("multi-factures", 3))
    assert response.status_code == 200
    assert response.get_json()["score"] == 100.0


def test_api_reports_mistakes_in_french(client):
    attempt_ = reference("relance-telephone", 2)
    attempt_["actions"] = [a for a in attempt_["actions"] if a["type"] != "set_next_action"]
    body = client.post("/api/grade", json=attempt_).get_json()
    assert [m["code"] for m in body["mistakes"]] == ["NEXT_ACTION_MISSING"]
    assert "relance" in body["mistakes"][0]["message"].lower()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "vide"),
        (b"{pas du json", "JSON"),
        (b"[1, 2]", "objet JSON"),
        (json.dumps({"pack": "../etc", "scenario": "x", "seed": 1, "actions": []}).encode(), "pack"),
        (json.dumps({"pack": "inconnu", "scenario": "x", "seed": 1, "actions": []}).encode(), "pack inconnu"),
        (
            json.dumps(
                {"pack": "procedure-11", "scenario": "virement", "seed": "un", "actions": []}
            ).encode(),
            "seed",
        ),
        (
            json.dumps({"pack": "procedure-11", "scenario": "virement", "seed": 1, "actions": "x"}).encode(),
            "actions",
        ),
        (b"\xff\xfe", "UTF-8"),
    ],
)
def test_api_refuses_malformed_input_with_a_400_and_reasons(client, body, reason):
    response = client.post("/api/grade", data=body, content_type="application/json")
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert any(reason in e for e in errors), errors


def test_api_refuses_an_oversized_attempt(client):
    huge = b'{"pack": "procedure-11", "actions": ["' + b"x" * 1_100_000 + b'"]}'
    response = client.post("/api/grade", data=huge, content_type="application/json")
    assert response.status_code == 400
    assert "volumineuse" in response.get_json()["errors"][0]


def test_api_reports_actions_that_cannot_apply_as_problems(client):
    attempt_ = reference("virement", 3)
    attempt_["actions"].append(
        {
            "type": "register_payment",
            "customer": "NOPE",
            "journal": "BNK",
            "date": "2026-13-45",
            "amount": "abc",
            "documents": [],
        }
    )
    attempt_["actions"].append({"type": "teleport"})
    body = client.post("/api/grade", json=attempt_).get_json()
    assert body["score"] == 100.0
    assert [(p["action"], p["code"]) for p in body["problems"]] == [
        (len(attempt_["actions"]) - 2, "date_invalid"),
        (len(attempt_["actions"]) - 1, "unknown_action"),
    ]
    assert "2026-13-45" in body["problems"][0]["message"]


def test_api_answers_readable_french_and_says_where_the_json_breaks(client):
    response = client.post(
        "/api/grade", data=b'{"pack": "procedure-11",\n  "seed": }', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json()["errors"] == ["JSON illisible à la ligne 2, colonne 11."]
    assert "à la ligne".encode() in response.data  # UTF-8, not \u escapes


def test_optional_fields_sent_as_null_are_treated_as_absent(client):
    attempt_ = reference("virement", 6)
    payment = next(a for a in attempt_["actions"] if a["type"] == "register_payment")
    payment.update({"reference": None, "allocations": None, "difference": None, "id": None})
    body = client.post("/api/grade", json=attempt_).get_json()
    assert body["problems"] == [] and body["score"] == 100.0
