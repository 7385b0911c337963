"""No « de Imprimerie » anywhere a student or a teacher reads a name: every mistake message, every refusal of
the core, every brief, hint, e-mail and follow-up history of the built-in packs, every reminder letter and
the screens' templates, rendered with vowel-initial company and customer names (and with an h muet), read
« d'Imprimerie », « d'Établissements Berger », « d'Hôtel du Parc »."""

from __future__ import annotations

import dataclasses
import re
import string
from functools import cache
from pathlib import Path

import pytest

from simulator import messages
from simulator.grading.catalogue import MISTAKES, example_params, render
from simulator.messages.refusals import REFUSALS
from simulator.packs.spec.letter_template import PLACEHOLDERS, fill
from simulator.packs.spec.loader import Pack
from simulator.packs.spec.registry import load_pack
from simulator.packs.spec.schema import CompanyOverride
from simulator.packs.world.generate import generate

ROOT = Path(__file__).resolve().parents[2]

#: vowel-initial names, accented capitals and an h muet, none with an aspirated h
COMPANY = "Imprimerie Jacques"
NAMES = (
    "Établissements Berger",
    "Hôtel du Parc",
    "Atelier Roux",
    "Œuvres Bâties",
    "Usine Martin",
    "Éditions Yvon",
)

#: « de », « le », « la », « que » left whole before a capitalised word opening with a vowel or an h, as a
#: name does (the names above have no aspirated h; « lettrez-le avec » is a pronoun, not our business)
UNELIDED = re.compile(r"(?<![\w'’-])(?:[Dd]e|[Ll][ea]|[Qq]ue|[Jj]usque) \**[AEIOUYÉÈÊÀÂÎÔŒH][a-zà-ÿœ]")


def assert_elided(text: str, where: str) -> None:
    found = UNELIDED.search(text)
    assert found is None, f"{where}: « {text[max(0, found.start() - 40) : found.end() + 40]} »"


# --- mistake messages and refusals -----------------------------------------------------------------------

#: the parameters of the mistake messages that hold a company or customer name
NAME_PARAMS = {"customer", "expected_customer", "customers", "name"}


@pytest.mark.parametrize("code", sorted(MISTAKES))
def test_every_mistake_message_elides_before_a_vowel_initial_name(code):
    params = example_params(code)
    for i, key in enumerate(sorted(NAME_PARAMS & params.keys())):
        params[key] = list(NAMES[:2]) if isinstance(params[key], list) else NAMES[i % len(NAMES)]
    assert_elided(render(code, **params), code)


@pytest.mark.parametrize("name", NAMES)
def test_the_customer_of_a_mistake_message_is_named_with_d_apostrophe(name):
    text = render("MISSING_PAYMENT", **{**example_params("MISSING_PAYMENT"), "customer": name})
    assert f"d'{name}" in text and f"de {name}" not in text


@pytest.mark.parametrize("code", sorted(REFUSALS))
def test_every_refusal_of_the_core_elides_before_a_vowel_initial_name(code):
    fields = {f for _, f, _, _ in string.Formatter().parse(REFUSALS[code]) if f}
    params = {f: NAMES[i % len(NAMES)] for i, f in enumerate(sorted(fields))}
    assert_elided(messages.render(code, **params), code)


# --- pack texts --------------------------------------------------------------------------------------------


def _renamed(pack: Pack) -> Pack:
    """The pack with our company and every customer of every scenario given a vowel-initial name."""
    scenarios = {}
    for sid, spec in pack.scenarios.items():
        customers = [
            c.model_copy(update={"name": NAMES[i % len(NAMES)] + f" {i + 1}"})
            for i, c in enumerate(spec.customers)
        ]
        company = CompanyOverride(name=COMPANY, legal_form="SA")
        scenarios[sid] = spec.model_copy(update={"customers": customers, "company": company})
    return dataclasses.replace(pack, scenarios=scenarios)


@cache
def renamed(pack_id: str) -> Pack:
    return _renamed(load_pack(pack_id))


def _scenarios() -> list[tuple[str, str]]:
    return [(p, s) for p in ("procedure-11", "relances", "lettrage") for s in load_pack(p).scenario_ids]


@pytest.mark.parametrize("pack_id, scenario", _scenarios())
def test_briefs_hints_messages_and_history_elide_before_the_names(pack_id, scenario):
    for seed in (1, 2, 3):
        w = generate(renamed(pack_id), scenario, seed)
        assert w.company.name == f"{COMPANY} SA"
        texts = {"brief": w.brief, **{f"hint {i}": h for i, h in enumerate(w.hints)}}
        texts |= {f"message {m.id}": f"{m.subject}\n{m.body}" for m in w.messages}
        texts |= {f"document {d.number}": d.reason for d in w.documents}
        texts |= {f"history {i}": h.text for i, h in enumerate(w.prior_followup)}
        for where, text in texts.items():
            assert_elided(text, f"{scenario} seed {seed} {where}")


def test_a_brief_written_de_company_name_reads_d_apostrophe():
    w = generate(renamed("procedure-11"), "virement", 1)
    assert f"d'**{COMPANY} SA**" in w.brief or f"d'{COMPANY} SA" in w.brief


# --- reminder letters and screens --------------------------------------------------------------------------


def _letter_texts() -> dict[str, str]:
    texts = {
        p.name: p.read_text(encoding="utf-8")
        for p in (ROOT / "templates" / "documents" / "letters").glob("*.txt")
    }
    for pack_id in ("procedure-11", "relances"):
        for level in load_pack(pack_id).followup_levels:
            if level.template:
                texts[f"{pack_id} niveau {level.level}"] = level.template
    return texts


@pytest.mark.parametrize("where, text", sorted(_letter_texts().items()))
def test_every_reminder_letter_elides_before_the_company_and_customer_names(where, text):
    values = {name: "12/05/2026" for name in PLACEHOLDERS}
    values |= {
        "company_name": f"{COMPANY} SA",
        "partner_name": NAMES[0],
        "user_signature": "Émilie Roux, comptable",
    }
    filled = fill(text, values)
    assert_elided(filled, where)
    if "l'ordre de %(company_name)s" in text:
        assert f"l'ordre d'{COMPANY} SA" in filled


#: the fields a template may write after « de », « le », « la », « que » as they are: dates, amounts, counts
#: and rates, never a name (a name goes through the ``de`` filter)
_NOT_NAMES = {
    "date",
    "today",
    "on",
    "deadline",
    "rate",
    "n",
    "amount_due",
    "penalty_rate",
    "indemnity",
    "until",
    "final_deadline",
    "final_delay",
    "total_claimed",
}
#: letter texts are filled by simulator.packs.spec.letter_template.fill, which elides (tested above)
_ELIDING_FILLERS = {"company_name", "partner_name"}


def test_no_template_writes_a_name_after_de_le_la_que_without_the_de_filter():
    pattern = re.compile(r"\b(?:[Dd]e|[Ll][ea]|[Qq]ue) (?:\{\{\s*([\w.]+)|%\((\w+)\)s)")
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix not in (".html", ".txt"):
            continue
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            field = (match[1] or match[2]).split(".")[-1]
            allowed = _NOT_NAMES | (_ELIDING_FILLERS if path.suffix == ".txt" else set())
            assert field in allowed, f"{path.relative_to(ROOT)}: « {match[0]} » (use « {{{{ x | de }}}} »)"


def test_the_de_filter_is_there_for_pages_and_pdfs(tmp_path):
    from simulator import create_app
    from simulator.documents.render import environment

    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "s.db"), "SECRET_KEY": "x"})
    assert app.jinja_env.filters["de"]("Hôtel du Parc") == "d'Hôtel du Parc"
    assert environment().filters["de"]("Roux SAS") == "de Roux SAS"


def test_the_names_of_these_tests_all_open_with_a_vowel_sound():
    from simulator.messages.french import elides

    assert all(elides(n) for n in (*NAMES, COMPANY))
