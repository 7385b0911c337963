"""Hostile input never breaks grading (issue 8 §2): ``POST /api/grade`` answers 200 with a grade, or 400 /
415 with French reasons, never a 500; ``simulator grade`` reports a bad attempt on its own line and grades
the others. Each listed example has its own test; generated inputs (hypothesis) cover the classes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from pack_cache import builtin_pack
from sweeps import examples

from simulator import create_app, services
from simulator.cli import main
from simulator.grading.batch import AttemptError, Grader, grade_inputs, parse_json, read_attempts
from simulator.grading.reading import find_amounts, find_dates
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import attempt, solve
from simulator.packs.spec.registry import load_pack, resolve_pack_path
from simulator.packs.world.generate import generate

PACK = builtin_pack("procedure-11")
SCENARIOS = PACK.scenario_ids
ACTION_TYPES = (
    "register_payment",
    "credit_note",
    "match",
    "unmatch",
    "endorse_cheque",
    "deposit_cheques",
    "annotate_statement",
    "add_note",
    "log_call",
    "send_email",
    "send_letter",
    "set_next_action",
    "cancel_payment",
    "cancel_credit_note",
    "cancel_deposit",
    "reconcile_statement_line",
)
FIELDS = (
    "type",
    "customer",
    "journal",
    "date",
    "amount",
    "documents",
    "allocations",
    "reference",
    "source",
    "difference",
    "handling",
    "account",
    "label",
    "vat_rate",
    "invoice",
    "amount_ht",
    "reason",
    "number",
    "items",
    "cheque",
    "signature",
    "lines",
    "drawer",
    "bank",
    "count",
    "total",
    "statement_line",
    "text",
    "document",
    "note",
    "to",
    "subject",
    "body",
    "level",
    "payment",
    "slip",
    "payments",
    "id",
)


def _object(items: dict) -> str:
    """A JSON object from its keys and the JSON text of its values."""
    return "{" + ",".join(f"{json.dumps(k)}:{v}" for k, v in items.items()) + "}"


def raw(**fields: str) -> str:
    """An attempt's JSON text from JSON fragments, for what json.dumps cannot write (``\\ud800``, 5,000-digit
    integers, NaN): pack procedure-11, scenario virement, seed 1 and no actions unless given."""
    return _object(
        {"pack": '"procedure-11"', "scenario": '"virement"', "seed": "1", "actions": "[]", **fields}
    )


def reference(scenario: str, seed: int) -> dict:
    world = generate(PACK, scenario, seed)
    return attempt(world, solve(world))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """One application for the module: hypothesis runs many examples on it."""
    db = tmp_path_factory.mktemp("hostile") / "simulator.db"
    app = create_app({"TESTING": True, "DATABASE": str(db), "SECRET_KEY": "test"})
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash must show as the 500 a client would get
    return app.test_client()


def post(client, body: str | bytes, content_type: str = "application/json"):
    return client.post("/api/grade", data=body, content_type=content_type)


def assert_answered(response) -> dict:
    """A grade (200) or French reasons (400, 413, 415), always as JSON."""
    assert response.status_code in (200, 400, 413, 415), response.data[:500]
    body = response.get_json()
    if response.status_code == 200:
        assert 0 <= body["score"] <= 100
    else:
        assert body["errors"] and all(isinstance(e, str) and e for e in body["errors"])
    return body


def with_text(scenario: str, seed: int, action_type: str, field: str, extra: str) -> dict:
    """The reference attempt with ``extra`` appended to the free text ``field`` of its ``action_type``."""
    attempt_ = reference(scenario, seed)
    action = next(a for a in attempt_["actions"] if a["type"] == action_type)
    action[field] += extra
    return attempt_


# -- the listed examples ---------------------------------------------------------------------------------

SURROGATE = '"\\ud800"'  # as JSON writes it: a lone high surrogate, which no UTF-8 output can carry


@pytest.mark.parametrize(
    "body",
    [
        raw(pack=SURROGATE),
        raw(scenario=SURROGATE),
        raw(pack_version=SURROGATE),
        raw(actions=f'[{{"type": {SURROGATE}}}]'),
        raw(actions='[{"type": "send_letter", "customer": "C1", "level": 1, "date": "\\udc00"}]'),
        raw(
            actions=f'[{{"type": "annotate_statement", "statement_line": "L1", "text": "a{SURROGATE[1:-1]}b"}}]'
        ),
        raw()[:-1] + f", {SURROGATE}: 1}}",  # in a key
    ],
)
def test_a_lone_surrogate_in_any_field_is_refused_with_a_reason(client, body):
    response = post(client, body)
    assert response.status_code == 400
    assert "demi-paire" in response.get_json()["errors"][0]


@pytest.mark.parametrize(
    ("scenario", "action_type", "field"),
    [
        ("relance-email", "send_email", "body"),
        ("relance-telephone", "log_call", "note"),
        ("partiel", "add_note", "text"),
        ("virement", "annotate_statement", "text"),
    ],
)
def test_a_number_of_25_digits_in_free_text_is_judged_not_crashed_on(client, scenario, action_type, field):
    long_number = " Référence 1234567890123456789012345678901 € (dossier 98765432109876543210987654,00)."
    response = post(client, json.dumps(with_text(scenario, 1, action_type, field, long_number)))
    assert response.status_code == 200
    assert response.get_json()["score"] == 100.0  # the reference text is still right: the number is no amount


def test_long_digit_runs_are_not_amounts():
    assert find_amounts("1234567890123456789012345678901 €") == []
    assert find_amounts("1 234 567 890 123 456 789 012 345 678 €") == []
    assert find_amounts("0000000000000000000000000000012,50 €") == [12.5]  # leading zeros are no digits
    assert find_amounts("999 999 999 999 999,99 €")  # 15 digits: still an amount


@pytest.mark.parametrize("depth", [33, 1_000, 100_000])  # 32 levels at most
@pytest.mark.parametrize("bracket", ["[]", '{"a":}'])
def test_json_nested_too_deep_is_refused(client, depth, bracket):
    opening, closing = (
        (bracket[0] * depth, bracket[-1] * depth) if bracket == "[]" else ('{"a":' * depth, "}" * depth)
    )
    inner = opening + "1" * (bracket == "[]") + "0" * (bracket != "[]") + closing
    response = post(client, raw(actions=f"[{inner}]"))
    assert response.status_code == 400
    assert "imbriqué trop profondément" in response.get_json()["errors"][0]


@pytest.mark.parametrize("digits", [41, 4_301, 100_000])
@pytest.mark.parametrize("where", ["seed", "level"])
def test_an_integer_longer_than_any_attempt_needs_is_refused(client, digits, where):
    huge = "7" * digits
    letter = f'[{{"type": "send_letter", "customer": "C1", "level": {huge}, "date": "2026-03-01"}}]'
    response = post(client, raw(seed=huge) if where == "seed" else raw(actions=letter))
    assert response.status_code == 400
    assert response.get_json()["errors"] == [f"nombre entier trop long ({digits} chiffres, maximum 40)."]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_numbers_json_cannot_carry_are_refused(client, constant):
    assert post(client, raw(seed=constant)).status_code == 400


@pytest.mark.parametrize("level", ["²", "٣", "Ⅲ", "1" * 5000, "+1", " 1"])
def test_a_letter_level_that_is_not_ascii_digits_is_a_problem_of_the_action(client, level):
    attempt_ = reference("virement", 1)
    attempt_["actions"].append(
        {"type": "send_letter", "customer": "C1", "level": level, "date": "2026-03-01"}
    )
    body = assert_answered(post(client, json.dumps(attempt_)))
    assert [(p["action"], p["code"], p["field"]) for p in body["problems"]] == [
        (len(attempt_["actions"]) - 1, "field_invalid", "level")
    ]


@pytest.mark.parametrize("length", [256, 300, 5_000])
def test_a_long_pack_id_is_an_unknown_pack(client, length):
    body = json.dumps({"pack": "p" * length, "scenario": "virement", "seed": 1, "actions": []})
    response = post(client, body)
    assert response.status_code == 400
    (reason,) = response.get_json()["errors"]
    assert reason.startswith("pack inconnu : « ppp") and len(reason) < 100  # never echoed whole


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "text/html", ""])
def test_a_body_not_declared_json_gets_415(client, content_type):
    response = post(client, json.dumps(reference("virement", 1)), content_type=content_type)
    assert response.status_code == 415
    assert "Content-Type: application/json" in response.get_json()["errors"][0]


def test_json_with_a_charset_is_json(client):
    response = post(client, json.dumps(reference("virement", 1)), "application/json; charset=utf-8")
    assert response.status_code == 200


def test_responses_say_nosniff(client):
    assert post(client, b"{}").headers["X-Content-Type-Options"] == "nosniff"
    assert post(client, b"{}", "text/plain").headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/").headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/pas-de-page").headers["X-Content-Type-Options"] == "nosniff"


def test_the_api_never_loads_a_pack_from_the_working_directory(client, tmp_path, monkeypatch):
    shutil.copytree(resolve_pack_path("procedure-11"), tmp_path / "copie")
    pack_yaml = tmp_path / "copie" / "pack.yaml"
    pack_yaml.write_text(
        pack_yaml.read_text(encoding="utf-8").replace("id: procedure-11", "id: copie"), encoding="utf-8"
    )
    assert load_pack(tmp_path / "copie").id == "copie"  # a valid pack, reachable as ./copie
    monkeypatch.chdir(tmp_path)
    response = post(client, json.dumps({**reference("virement", 1), "pack": "copie"}))
    assert response.status_code == 400
    assert response.get_json()["errors"] == ["pack inconnu : « copie »."]


def test_unknown_pack_ids_are_cheap_and_fill_no_cache():
    before = services.grader_for.cache_info()
    start = time.perf_counter()
    for i in range(10_000):
        with pytest.raises(AttemptError):
            services.grade_attempt({"pack": f"pack-{i:05d}-" + "x" * 300, "scenario": "a", "seed": 1})
    elapsed = time.perf_counter() - start
    after = services.grader_for.cache_info()
    assert after.currsize <= 32 and after.currsize == before.currsize
    assert elapsed < 2.0, f"10,000 unknown pack ids took {elapsed:.2f} s"


# -- generated payloads ----------------------------------------------------------------------------------

TRICKY = st.one_of(
    st.sampled_from(["²", "٣", "2026-02-30", "31/02/2026", "1e999", "-0", "0x10", "NaN", "C1", "BNK", "512"]),
    st.from_regex(r"[0-9]{20,60}( ?€)?", fullmatch=True),
    st.from_regex(r"FAC/2026/[0-9]{1,30}", fullmatch=True),
    st.text(max_size=12),
)
TEXT = st.one_of(TRICKY, st.text(st.characters(blacklist_categories=()), max_size=12))  # surrogates too


def _values(scalar: st.SearchStrategy[str], text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """JSON texts of arrays and objects holding ``scalar``s, keyed by field names or ``text``."""
    return st.recursive(
        scalar,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda xs: "[" + ",".join(xs) + "]"),
            st.dictionaries(st.one_of(st.sampled_from(FIELDS), text), inner, max_size=4).map(_object),
        ),
        max_leaves=12,
    )


# What JSON can say but no attempt holds (refused whole, 400) ...
VALUE = _values(
    st.one_of(
        st.just("null"),
        st.sampled_from(["true", "false", "NaN", "-Infinity", "1e400", "-0.0", "12.5", "0"]),
        st.integers().map(str),
        st.integers(20, 6_000).map(lambda n: "9" * n),  # beyond Python's 4,300-digit int conversion limit
        TEXT.map(json.dumps),  # ensure_ascii: a lone surrogate becomes a \\udXXX escape, as a client sends it
    ),
    TEXT,
)
# ... and odd values an attempt may hold, which grading must take (200, the action listed in problems).
ODD_VALUE = _values(
    st.one_of(
        st.sampled_from(["null", "true", "false", "-0.0", "12.5", "0", "1e30"]),
        st.integers(-(10**39), 10**39).map(str),
        TRICKY.map(json.dumps),
    ),
    TRICKY,
)


def _action(value: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda kind, fields: _object({"type": kind, **fields}),
        st.one_of(st.sampled_from(ACTION_TYPES).map(json.dumps), value),
        st.dictionaries(st.sampled_from(FIELDS), value, max_size=8),
    )


ACTION = _action(VALUE)
ATTEMPT = st.builds(
    lambda pack, scenario, seed, actions, extra: _object(
        {"pack": pack, "scenario": scenario, "seed": seed, "actions": "[" + ",".join(actions) + "]", **extra}
    ),
    st.one_of(st.just('"procedure-11"'), VALUE),
    st.one_of(st.sampled_from(SCENARIOS).map(json.dumps), VALUE),
    st.one_of(st.integers(1, 3).map(str), VALUE),
    st.lists(ACTION, max_size=6),
    st.dictionaries(st.sampled_from(["pack_version", "extra"]), VALUE, max_size=2),
)
PAYLOAD = st.one_of(ATTEMPT, VALUE, st.binary(max_size=40).map(lambda b: b.decode("latin-1")))


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAYLOAD)
def test_any_payload_gets_a_grade_or_french_reasons(client, payload):
    response = post(client, payload.encode("utf-8", "surrogatepass"))
    event(f"HTTP {response.status_code}")
    assert_answered(response)


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SCENARIOS),
    st.integers(1, 3),
    st.lists(st.tuples(st.integers(0, 50), _action(ODD_VALUE)), max_size=4),
)
def test_odd_actions_inside_a_reference_attempt_are_graded(client, scenario, seed, insertions):
    """Odd actions slipped between the right ones: the attempt is graded (200), each odd action is refused
    and listed in ``problems`` under its own index, and the books are those of the reference attempt."""
    attempt_ = reference(scenario, seed)
    actions = [(False, json.dumps(a)) for a in attempt_["actions"]]
    for where, action in insertions:
        actions.insert(where, (True, action))
    odd = {index for index, (is_odd, _) in enumerate(actions) if is_odd}
    world = generate(PACK, scenario, seed)
    played = replay(world, [parse_json(text) for _, text in actions])
    # ODD_VALUE can, rarely, spell a valid action (an invoice number, a customer id and a text): such an
    # action is no longer odd, and changes the books; the examples kept are those the world refuses.
    assume(not odd & set(played.applied))
    fields = {k: json.dumps(v) for k, v in attempt_.items() if k != "actions"}
    response = post(client, _object({**fields, "actions": "[" + ",".join(text for _, text in actions) + "]"}))
    assert response.status_code == 200, response.get_json()
    grade = assert_answered(response)
    assert {p["action"] for p in grade["problems"]} == odd
    assert all(p["code"] and p["message"] for p in grade["problems"])
    assert played.books == replay(world, attempt_["actions"]).books


@given(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=200) | st.from_regex(r"[0-9 .,/€-]{0,80}")
)
def test_reading_amounts_and_dates_in_any_text_never_fails(text):
    for amount in find_amounts(text):
        assert amount >= 0
    find_dates(text, year_hint=2026)


# -- simulator grade ------------------------------------------------------------------------------------


def run(capsys, argv):
    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_one_crashing_attempt_no_longer_loses_the_batch_in_csv(tmp_path, capsys):
    """On main, a "²" level and a 31-digit amount in an e-mail crashed the batch and printed nothing."""
    superscript = reference("virement", 2)
    superscript["actions"].append(
        {"type": "send_letter", "customer": "C1", "level": "²", "date": "2026-03-01"}
    )
    lines = [
        reference("virement", 1),
        superscript,
        with_text("relance-email", 1, "send_email", "body", " 1234567890123456789012345678901 €"),
        reference("cheque", 1),
    ]
    path = tmp_path / "attempts.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in lines), encoding="utf-8")
    status, out, _ = run(capsys, ["grade", "procedure-11", str(path), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0
    assert [(r["input"], r["score"], r["error"]) for r in rows] == [
        (f"{path}:{n}", "100.0", "") for n in (1, 2, 3, 4)
    ]
    assert rows[1]["problems"] == "1"  # the letter of level "²" is listed, not applied


class _DefectiveGrader(Grader):
    """A grader with a defect on attempts of seed 13: stands for any bug a future change might bring."""

    def grade(self, attempt_, **options):
        if isinstance(attempt_, dict) and attempt_.get("seed") == 13:
            raise ZeroDivisionError("a defect")
        return super().grade(attempt_, **options)


def test_a_defect_on_one_attempt_is_reported_on_its_line_and_the_others_are_graded():
    text = "\n".join(json.dumps(reference("virement", seed)) for seed in (12, 13, 14))
    results = list(grade_inputs(read_attempts(text, "f"), _DefectiveGrader(PACK)))
    assert [(item.where, bool(result), error) for item, result, error in results] == [
        ("f:1", True, None),
        ("f:2", False, "erreur interne en notant cette tentative (ZeroDivisionError) : signalez-la."),
        ("f:3", True, None),
    ]


def test_json_lines_are_split_on_newline_only(tmp_path, capsys):
    """U+2028, U+2029, U+0085, form feed and the like are legal inside a JSON string (str.splitlines cut
    them)."""
    first = reference("virement", 1)
    note = next(a for a in first["actions"] if a["type"] == "annotate_statement")
    note["text"] += "\u2028\u2029\x85\x0c\x1c\x1d\x1e\x0b"
    path = tmp_path / "attempts.jsonl"
    path.write_text(
        json.dumps(first, ensure_ascii=False) + "\r\n" + json.dumps(reference("cheque", 1)) + "\n",
        encoding="utf-8",
    )
    assert "\u2028" in path.read_text(encoding="utf-8")  # raw, not escaped
    status, out, err = run(capsys, ["grade", "procedure-11", str(path)])
    grades = [json.loads(line) for line in out.splitlines()]
    assert status == 0, err
    assert [(g["input"], g["score"]) for g in grades] == [(f"{path}:1", 100.0), (f"{path}:2", 100.0)]


@pytest.mark.parametrize(
    "argv",
    [
        ["grade", "procedure-11", "--format", "csv", "{a}", "{b}"],
        ["grade", "procedure-11", "{a}", "--format", "csv", "{b}"],
        ["grade", "procedure-11", "{a}", "{b}", "--format", "csv"],
        ["grade", "--format", "csv", "procedure-11", "{a}", "{b}"],
    ],
)
def test_format_csv_is_accepted_before_between_or_after_the_files(tmp_path, capsys, argv):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(reference("arrondi", 1)), encoding="utf-8")
    b.write_text(json.dumps(reference("escompte", 1)), encoding="utf-8")
    status, out, _ = run(capsys, [arg.format(a=a, b=b) for arg in argv])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0
    assert [(r["input"], r["score"]) for r in rows] == [(f"{a}:1", "100.0"), (f"{b}:1", "100.0")]


def test_an_unknown_option_after_the_files_is_still_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["grade", "procedure-11", str(tmp_path), "--formt", "csv"])
    assert info.value.code == 2


def test_an_unreadable_file_is_a_csv_row_in_csv_output(tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(reference("virement", 1)), encoding="utf-8")
    latin = tmp_path / "latin.json"
    latin.write_bytes(b"\xe9t\xe9")
    missing = tmp_path / "absent.json"
    status, out, err = run(
        capsys,
        ["grade", "procedure-11", str(missing), str(tmp_path), str(latin), str(good), "--format", "csv"],
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 1
    assert [(r["input"], r["error"]) for r in rows] == [
        (str(missing), "fichier illisible : fichier introuvable."),
        (str(tmp_path), "fichier illisible : c'est un dossier."),
        (str(latin), "fichier illisible : le fichier n'est pas en UTF-8."),
        (f"{good}:1", ""),
    ]
    assert rows[-1]["score"] == "100.0"
    assert f"{missing}: fichier illisible" in err


def test_one_bad_attempt_in_a_json_array_spares_the_others(tmp_path, capsys):
    path = tmp_path / "attempts.json"
    bad = json.dumps(reference("virement", 2)).replace('"seed": 2', '"seed": ' + "9" * 5000)
    path.write_text(
        "[\n"
        + json.dumps(reference("virement", 1))
        + ",\n"
        + bad
        + ",\n"
        + json.dumps(reference("virement", 3))
        + "\n]",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, ["grade", "procedure-11", str(path)])
    results = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert [(r["input"], r.get("score"), r.get("error")) for r in results] == [
        (f"{path}:1", 100.0, None),
        (f"{path}:2", None, "nombre entier trop long (5000 chiffres, maximum 40)."),
        (f"{path}:3", 100.0, None),
    ]


LINE = st.one_of(VALUE, ATTEMPT, st.text(max_size=30), st.sampled_from(["", " ", "\r", "[", "{}"]))


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, min_size=1, max_size=5))
def test_every_line_of_a_batch_gets_a_grade_or_an_error(lines):
    """Whatever the lines hold, the batch goes to the end: one result per line that is not blank (or, for a
    file that is one JSON document, per attempt in it), each a grade or a French reason."""
    text = "\n".join(line.replace("\n", " ") for line in lines)
    results = list(grade_inputs(read_attempts(text, "f"), GRADER))
    assert results
    for item, result, error in results:
        assert (result is None) != (error is None)
        assert item.where.startswith("f:")
        if error is not None:
            assert "erreur interne" not in error, (item, error)


GRADER = Grader(PACK)


def test_file_name_too_long_for_the_file_system_is_an_unknown_pack(capsys):
    status, _, err = run(capsys, ["grade", "p" * 300, "-"])
    assert status == 2 and "introuvable" in err


def test_the_cli_still_takes_a_pack_folder(tmp_path, capsys):
    folder = Path(resolve_pack_path("procedure-11"))
    path = tmp_path / "a.json"
    path.write_text(json.dumps(reference("virement", 1)), encoding="utf-8")
    status, out, _ = run(capsys, ["grade", str(folder), str(path)])
    assert status == 0 and json.loads(out)["score"] == 100.0


def test_json_numbers_with_a_fraction_never_become_floats_and_are_refused_as_money():
    # contracts.md: amounts and rates are strings; a JSON number such as 962.44 is read as its text,
    # never as a float, and the action holding it is reported, not applied
    value = parse_json('{"amount": 962.44, "rate": 5.5e0, "n": 3}')
    assert str(value["amount"]) == "962.44" and not isinstance(value["amount"], float)
    assert not isinstance(value["rate"], float) and value["n"] == 3


@pytest.mark.parametrize(
    ("field", "raw"), [("amount", "962.44"), ("amount", "1e3"), ("vat_rate", "20.0"), ("vat_rate", "5.5")]
)
def test_a_payment_with_a_json_number_amount_or_rate_is_a_problem_of_its_action(client, field, raw):
    attempt = reference("escompte", 1)
    payment = next(a for a in attempt["actions"] if a["type"] == "register_payment")
    payment.setdefault("difference", {"handling": "write_off", "account": "665", "vat_rate": "20"})
    target = payment if field == "amount" else payment["difference"]
    target[field] = "\x00"
    body = json.dumps(attempt).replace('"\\u0000"', raw)
    grade = assert_answered(post(client, body))
    assert [p["code"] for p in grade["problems"]] == [
        "amount_invalid" if field == "amount" else "vat_rate_invalid"
    ]
    assert grade["score"] < 100


@pytest.mark.parametrize("scenario", ["962.44", "1e3", '[0.5, {"a": 2.5}]', "-0.0"])
def test_a_number_with_a_fraction_where_a_text_is_expected_is_echoed_in_the_reason(client, scenario):
    """Fractions are kept as their text (never floats): echoing one in a reason must not crash."""
    response = post(client, raw(scenario=scenario))
    assert response.status_code == 400
    (reason,) = response.get_json()["errors"]
    assert reason.startswith("scénario inconnu « ")
    assert ("0.5" if scenario.startswith("[") else scenario) in reason
