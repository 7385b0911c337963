"""French fake business data: determinism, uniqueness, valid identifiers, coherent places, cheque words."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from faker.providers.person.fr_FR import Provider as FakerPerson
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret
from stdnum.fr import tva as stdnum_tva

from simulator.packs.world.fakedata import (
    Bank,
    CompanyIdentity,
    FrenchData,
    banks,
    email_local_part,
)
from simulator.packs.world.identifiers import rib_key
from simulator.packs.world.model import Address, Contact
from simulator.packs.world.words import amount_in_words

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "simulator" / "packs" / "world" / "data"
PHONE_RE = re.compile(r"^0[1-9](?: \d{2}){4}$")
IBAN_RE = re.compile(r"^FR\d{2}(?: [0-9A-Z]{4}){5} [0-9A-Z]{3}$")


def _csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def world() -> tuple[FrenchData, list[tuple[CompanyIdentity, Contact]]]:
    fd = FrenchData(2025)
    out = []
    for _ in range(300):
        company = fd.company()
        out.append((company, fd.contact(company.domain, address=company.address)))
    return fd, out


# -- determinism ----------------------------------------------------------------------------------

_DUMP = """
import dataclasses, json, sys
from simulator.packs.world.fakedata import FrenchData
fd = FrenchData(int(sys.argv[1]))
rows = []
for i in range(20):
    c = fd.company()
    rows.append({"company": dataclasses.asdict(c),
                 "contact": dataclasses.asdict(fd.contact(c.domain, role="Comptable fournisseurs")),
                 "located": dataclasses.asdict(fd.contact(c.domain, address=c.address)),
                 "goods": fd.product_label("goods"), "services": fd.product_label("services"),
                 "draw": fd.rng.random()})
rows.append({"forced": dataclasses.asdict(fd.company(("SARL",), name="Café Martin"))})
print(json.dumps(rows, ensure_ascii=False, sort_keys=True))
"""


def _dump(seed: int, hashseed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hashseed, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-c", _DUMP, str(seed)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return proc.stdout


def test_same_seed_same_data_across_processes_and_hash_seeds():
    dumps = {hs: _dump(42, hs) for hs in ("0", "1", "31337", "random")}
    assert len(set(dumps.values())) == 1, "output depends on PYTHONHASHSEED"
    rows = json.loads(dumps["0"])
    assert len(rows) == 21 and rows[-1]["forced"]["full_name"] == "Café Martin SARL"
    # and the same as in this process
    fd = FrenchData(42)
    first = fd.company()
    assert dataclasses.asdict(first) == rows[0]["company"]


def test_different_seeds_differ():
    assert [c.full_name for c in _companies(1, 10)] != [c.full_name for c in _companies(2, 10)]
    assert [c.iban for c in _companies(1, 10)] != [c.iban for c in _companies(2, 10)]


def _companies(seed: int, n: int) -> list[CompanyIdentity]:
    fd = FrenchData(seed)
    return [fd.company() for _ in range(n)]


# -- companies ------------------------------------------------------------------------------------


def test_company_names_unique_and_credible(world):
    fd, rows = world
    names = [c.name for c, _ in rows[:200]]
    assert len(set(names)) == 200
    assert len({c.domain for c, _ in rows}) == len(rows)
    last_names = set(FakerPerson.last_names)
    for c, _ in rows:
        assert c.full_name == f"{c.name} {c.legal_form}"
        assert c.legal_form in ("SARL", "SAS", "EURL", "SA")
        assert not c.name.endswith(c.legal_form)
        # built on a French family name
        assert any(ln in c.name for ln in last_names), c.name
        if c.legal_form == "EURL":
            assert not re.search(r"et Fils|Frères|Associés| et [A-Z]", c.name), c.name


def test_company_names_unique_even_when_drawing_thousands():
    # Faker's own company() repeats (766 unique of 1000); here the pool is ~400 family names x ~60
    # patterns, so 2,000 draws collide many times and must all be redrawn.
    fd = FrenchData(7)
    companies = [fd.company() for _ in range(2000)]
    assert len({c.name for c in companies}) == 2000
    assert len({c.domain for c in companies}) == 2000
    assert len({c.siren for c in companies}) == 2000


def test_company_domain_and_email(world):
    for c, _ in world[1]:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*\.fr", c.domain), c.domain
        assert c.email == f"contact@{c.domain}"
    fd = FrenchData(3)
    assert fd.company(name="Garnier et Fils").domain == "garnier-et-fils.fr"
    assert fd.company(name="Électricité Lefèvre & Associés").domain == "electricite-lefevre-et-associes.fr"


def test_given_name_and_legal_forms_are_respected():
    fd = FrenchData(5)
    c = fd.company(("SAS",), name="Bernard")
    assert (c.name, c.legal_form, c.full_name) == ("Bernard", "SAS", "Bernard SAS")
    with pytest.raises(ValueError):
        fd.company(name="Bernard")
    assert {fd.company(("SARL", "EURL")).legal_form for _ in range(40)} == {"SARL", "EURL"}


def test_identifiers_valid_with_stdnum(world):
    sirens = set()
    for c, _ in world[1]:
        assert re.fullmatch(r"\d{9}", c.siren) and re.fullmatch(r"\d{14}", c.siret)
        assert stdnum_siren.validate(c.siren) == c.siren
        assert stdnum_siret.validate(c.siret) == c.siret
        assert c.siret.startswith(c.siren)
        assert stdnum_tva.is_valid(c.vat_number) and stdnum_tva.validate(c.vat_number) == c.vat_number[2:]
        assert c.vat_number == "FR" + c.vat_number[2:4] + c.siren
        assert "FR" + stdnum_siren.to_tva(c.siren) == c.vat_number  # stdnum returns it without "FR"
        sirens.add(c.siren)
    assert len(sirens) == len(world[1])


# -- banks, RIB, IBAN -----------------------------------------------------------------------------

_RIB_LETTER = {
    c: i
    for i, grp in enumerate(("AJ", "BKS", "CLT", "DMU", "ENV", "FOW", "GPX", "HQY", "IRZ"), 1)
    for c in grp
}


def textbook_rib_key(bank: str, branch: str, account: str) -> int:
    """Clé RIB = 97 − ((89 × banque + 15 × guichet + 3 × compte) mod 97), letters A/J=1, B/K/S=2…"""
    account_n = int("".join(str(_RIB_LETTER.get(ch, ch)) for ch in account))
    return 97 - ((89 * int(bank) + 15 * int(branch) + 3 * account_n) % 97)


@pytest.mark.parametrize(
    ("bank", "branch", "account", "key"),
    [
        ("30002", "00550", "0000157845Z", 2),  # LCL example of the French Wikipedia "Clé RIB" article
        ("20041", "01005", "0500013M026", 6),  # SWIFT IBAN registry example FR14 2004 1010 0505 0001 3M02 606
    ],
)
def test_textbook_rib_key_on_published_examples(bank, branch, account, key):
    assert textbook_rib_key(bank, branch, account) == key
    assert rib_key(bank, branch, account) == f"{key:02d}"


def test_iban_registry_example_rebuilt():
    from simulator.packs.world.identifiers import iban_from_rib

    assert iban_from_rib("20041", "01005", "0500013M026") == "FR14 2004 1010 0505 0001 3M02 606"


def test_ibans_valid_with_correct_rib_key(world):
    fd, rows = world
    seen_banks = set()
    for c, _ in rows:
        assert IBAN_RE.fullmatch(c.iban), c.iban
        assert stdnum_iban.validate(c.iban)
        bban = c.iban.replace(" ", "")[4:]
        bank, branch, account, key = bban[:5], bban[5:10], bban[10:21], bban[21:]
        assert bank == c.bank.code and c.bic == c.bank.bic
        assert int(key) == textbook_rib_key(bank, branch, account), c.iban
        seen_banks.add(c.bank.name)
    assert len(seen_banks) >= 8
    for b in banks():
        iban = fd.iban(b)
        assert stdnum_iban.validate(iban) and iban.replace(" ", "")[4:9] == b.code


def test_bank_table_is_real_french_banks():
    rows = _csv("banks.csv")
    expected = {
        ("BNP Paribas", "30004", "BNPAFRPP"),
        ("Société Générale", "30003", "SOGEFRPP"),
        ("LCL", "30002", "CRLYFRPP"),
        ("CIC", "30066", "CMCIFRPP"),
        ("HSBC", "30056", "CCFRFRPP"),
        ("Crédit Coopératif", "42559", "CCOPFRPP"),
        ("Crédit Mutuel", "10278", "CMCIFR2A"),
        ("Caisse d'Épargne", "17515", "CEPAFRPP751"),
        ("Crédit Agricole", "18206", "AGRIFRPP882"),
        ("Banque Populaire", "10207", "CCBPFRPPMTG"),
        ("La Banque Postale", "20041", "PSSTFRPPPAR"),
    }
    assert expected <= {(r["name"], r["code"], r["bic"]) for r in rows}
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    for r in rows:
        assert re.fullmatch(r"\d{5}", r["code"])
        assert stdnum_bic.validate(r["bic"]) and r["bic"][4:6] == "FR"
        assert int(r["weight"]) > 0
    assert all(isinstance(b, Bank) for b in banks()) and len(banks()) == len(rows)


# -- places and phones ----------------------------------------------------------------------------


def test_communes_table_consistent():
    rows = _csv("communes.csv")
    assert len(rows) >= 150
    assert len({r["postcode"] for r in rows}) == len(rows)
    assert len({r["department"] for r in rows}) >= 80
    zone_of_dept: dict[str, str] = {}
    for r in rows:
        assert re.fullmatch(r"\d{5}", r["postcode"])
        assert r["postcode"][:2] == r["department"]
        assert zone_of_dept.setdefault(r["department"], r["phone_zone"]) == r["phone_zone"]
    idf = {"75", "77", "78", "91", "92", "93", "94", "95"}
    assert {d for d, z in zone_of_dept.items() if z == "01"} == idf
    known = {(r["postcode"], r["city"]) for r in rows}
    for pair in [
        ("69001", "Lyon"),
        ("33000", "Bordeaux"),
        ("35000", "Rennes"),
        ("59000", "Lille"),
        ("13001", "Marseille"),
        ("31000", "Toulouse"),
        ("44000", "Nantes"),
        ("67000", "Strasbourg"),
        ("21000", "Dijon"),
        ("37000", "Tours"),
        ("49000", "Angers"),
        ("87000", "Limoges"),
    ]:
        assert pair in known


def test_addresses_exist_in_table_and_phones_match_region(world):
    rows = _csv("communes.csv")
    by_pair = {(r["postcode"], r["city"]): r for r in rows}
    fd, companies = world
    for c, contact in companies:
        commune = by_pair[(c.address.postcode, c.address.city)]
        assert c.address.postcode.startswith(commune["department"])
        assert re.fullmatch(
            r"\d+(?: bis)? (rue|avenue|boulevard|place|allée|impasse|chemin) \S.*", c.address.street
        ), c.address.street
        assert PHONE_RE.fullmatch(c.phone) and c.phone[:2] == commune["phone_zone"]
        assert PHONE_RE.fullmatch(contact.phone) and contact.phone[:2] == commune["phone_zone"]
    for _ in range(200):
        a = fd.address()
        assert isinstance(a, Address) and (a.postcode, a.city) in by_pair
        assert PHONE_RE.fullmatch(fd.phone())
        assert re.fullmatch(r"0[67] \d{2} \d{2} \d{2} \d{2}", fd.contact("exemple.fr").phone)


# -- people ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "local"),
    [
        ("Hélène", "Le Gall", "helene.legall"),
        ("Jean-Luc", "Dupré", "jean-luc.dupre"),
        ("Zoé", "D'Oliveira", "zoe.doliveira"),
        ("Anaïs", "Lefèvre", "anais.lefevre"),
        ("Gaëlle", "Da Silva-Cœur", "gaelle.dasilva-coeur"),
        ("François", "Besançon", "francois.besancon"),
    ],
)
def test_email_local_part(first, last, local):
    assert email_local_part(first, last) == local


def test_contacts_email_civility_role(world):
    male, female = set(FakerPerson.first_names_male), set(FakerPerson.first_names_female)
    civilities = set()
    for c, p in world[1]:
        assert p.email == f"{email_local_part(p.first_name, p.last_name)}@{c.domain}"
        assert re.fullmatch(r"[a-z0-9-]+\.[a-z0-9-]+@[a-z0-9.-]+\.fr", p.email), p.email
        assert p.civility in ("M.", "Mme")
        assert p.first_name in (male if p.civility == "M." else female), (p.civility, p.first_name)
        assert p.role == "Comptable"
        civilities.add(p.civility)
    assert civilities == {"M.", "Mme"}
    assert FrenchData(1).contact("a.fr", role="Directrice financière").role == "Directrice financière"


def test_product_labels_french():
    fd = FrenchData(9)
    goods = {fd.product_label() for _ in range(200)}
    services = {fd.product_label("services") for _ in range(200)}
    assert "Fournitures de bureau" in goods and "Maintenance informatique" in services
    assert len(goods) >= 20 and len(services) >= 20 and not goods & services
    with pytest.raises(ValueError):
        fd.product_label("widgets")


# -- amounts in words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("720.00", "sept cent vingt euros"),
        ("1080.00", "mille quatre-vingts euros"),
        ("1080.40", "mille quatre-vingts euros et quarante centimes"),
        ("1.00", "un euro"),
        ("1.01", "un euro et un centime"),
        ("2.02", "deux euros et deux centimes"),
        ("80.00", "quatre-vingts euros"),
        ("81.00", "quatre-vingt-un euros"),
        ("200.00", "deux cents euros"),
        ("201.00", "deux cent un euros"),
        ("1000.00", "mille euros"),
        ("2000.00", "deux mille euros"),
        ("80000.00", "quatre-vingt mille euros"),
        ("2000000.00", "deux millions d'euros"),
        ("1000001.00", "un million un euros"),
        ("962.44", "neuf cent soixante-deux euros et quarante-quatre centimes"),
        ("0.50", "cinquante centimes"),
        ("0.01", "un centime"),
        ("71.71", "soixante et onze euros et soixante et onze centimes"),
        ("21.21", "vingt et un euros et vingt et un centimes"),
        ("99.99", "quatre-vingt-dix-neuf euros et quatre-vingt-dix-neuf centimes"),
        ("0.00", "zéro euro"),
        ("360", "trois cent soixante euros"),
    ],
)
def test_amount_in_words_known_values(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def test_amount_in_words_refuses_floats_negatives_and_fractions_of_cents():
    with pytest.raises(TypeError):
        amount_in_words(720.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        amount_in_words(Decimal("-1.00"))
    with pytest.raises(ValueError):
        amount_in_words(Decimal("1.005"))
    with pytest.raises(ValueError):
        amount_in_words(Decimal("NaN"))
    assert amount_in_words(720) == "sept cent vingt euros"


@settings(max_examples=400, deadline=None)
@given(
    st.decimals(
        min_value=Decimal("0.01"),
        max_value=Decimal("999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_amount_in_words_property(amount):
    words = amount_in_words(amount)
    cents = int(amount * 100) % 100
    assert ("euro" in words) == (amount >= 1)
    assert ("centime" in words) == (cents != 0)
    assert ("centimes" in words) == (cents > 1)
    assert words.startswith("un euro") == (int(amount) == 1)
    assert "  " not in words and words == words.strip()
