"""Credible French business data for the generated worlds: companies, people, addresses, banks.

Everything is deterministic for a given seed, across processes and machines: choices come from
``FrenchData.rng`` (a ``random.Random``) and from a Faker ``fr_FR`` instance seeded with the same seed,
always called in the same order. Creating a Faker costs milliseconds, so each thread keeps one and a new
``FrenchData`` reseeds it (``seed_instance``): its draws then depend on the seed only, never on the worlds
generated before in the process. Two ``FrenchData`` of one thread must not be used interleaved. Nothing here hashes strings, iterates over a set, reads the clock or
uses Faker's relative dates (``date_between('-2y', 'today')`` changes from day to day).

What Faker fr_FR gets wrong and this module fixes:

* company names repeat: names are drawn again until unused within one ``FrenchData``, and are built
  like French SME names ("Boulangerie Leroy", "Garnier et Fils", "Morel Distribution");
* postcode and city do not match: addresses come from ``data/communes.csv`` (real communes with
  their real postcode and department);
* phone formats are mixed: one format everywhere, ``"01 23 45 67 89"``, landline prefix coherent
  with the department (01 Île-de-France … 05 Sud-Ouest);
* ``vat_id`` is malformed and the IBAN's inner RIB key is usually wrong: SIREN/SIRET/TVA numbers,
  RIB keys and IBAN check digits are computed from their definitions (:mod:`.identifiers`).

Amounts in words are in :mod:`.words`.

Banks are real French banks with their real 5-digit bank code and BIC (``data/banks.csv``).
"""

from __future__ import annotations

import csv
import io
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from random import Random

from faker import Faker

from simulator.packs.world.identifiers import iban_from_rib, luhn_complete, vat_number
from simulator.packs.world.model import Address, Contact

__all__ = [
    "Bank",
    "CompanyIdentity",
    "Commune",
    "FrenchData",
    "banks",
    "communes",
    "email_local_part",
    "phone_zone",
    "slugify",
]


# --------------------------------------------------------------------------------------------------
# Types


@dataclass(frozen=True, slots=True)
class Bank:
    name: str  # brand as printed on a cheque or a deposit slip, e.g. "Crédit Agricole"
    code: str  # code banque (code établissement), 5 digits
    bic: str


@dataclass(frozen=True, slots=True)
class CompanyIdentity:
    name: str  # without legal form, e.g. "Garnier et Fils"
    legal_form: str  # "SARL", "SAS", …
    full_name: str  # "Garnier et Fils SARL"
    siren: str  # 9 digits, no spaces
    siret: str  # 14 digits (SIREN + NIC), no spaces
    vat_number: str  # "FR" + 2-digit key + SIREN, no spaces
    address: Address
    phone: str  # "01 23 45 67 89"
    domain: str  # "garnier-et-fils.fr"
    email: str  # "contact@garnier-et-fils.fr"
    bank: Bank
    iban: str  # "FR76 3000 4000 0312 3456 7890 143"
    bic: str


@dataclass(frozen=True, slots=True)
class Commune:
    postcode: str
    city: str
    department: str  # "69", "01"… (metropolitan France, Corsica excluded)
    phone_zone: str  # landline prefix "01".."05"


# --------------------------------------------------------------------------------------------------
# Reference data (CSV files shipped in simulator/packs/world/data/)


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("simulator.packs.world").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=1)
def communes() -> tuple[Commune, ...]:
    """Real French communes with their postcode, department and landline zone (CSV order)."""
    return tuple(
        Commune(r["postcode"], r["city"], r["department"], r["phone_zone"]) for r in _read_csv("communes.csv")
    )


@lru_cache(maxsize=1)
def _bank_rows() -> tuple[tuple[Bank, int], ...]:
    return tuple((Bank(r["name"], r["code"], r["bic"]), int(r["weight"])) for r in _read_csv("banks.csv"))


def banks() -> tuple[Bank, ...]:
    """Every bank (one row per bank code) in CSV order."""
    return tuple(b for b, _ in _bank_rows())


@lru_cache(maxsize=1)
def _zones_by_department() -> dict[str, str]:
    return {c.department: c.phone_zone for c in communes()}


def phone_zone(address: Address) -> str | None:
    """Landline prefix ("01".."05") for an address's department, None if the department is unknown."""
    return _zones_by_department().get(address.postcode[:2])


# --------------------------------------------------------------------------------------------------
# Word lists

_LEGAL_FORMS = ("SARL", "SAS", "EURL", "SA")

# "<Activity> <Name>": "Boulangerie Leroy"
ACTIVITY_FIRST = (
    "Boulangerie",
    "Pâtisserie",
    "Boucherie",
    "Fromagerie",
    "Transports",
    "Menuiserie",
    "Garage",
    "Imprimerie",
    "Plomberie",
    "Électricité",
    "Charpente",
    "Maçonnerie",
    "Carrosserie",
    "Librairie",
    "Quincaillerie",
    "Serrurerie",
    "Vitrerie",
    "Couverture",
    "Ambulances",
    "Pépinières",
    "Café",
    "Ateliers",
    "Établissements",
    "Cave",
    "Miroiterie",
    "Tapisserie",
    "Chaudronnerie",
    "Fonderie",
)
# "<Name> <Activity>": "Leroy Distribution"
_ACTIVITY_AFTER = (
    "Distribution",
    "Bâtiment",
    "Informatique",
    "Conseil",
    "Services",
    "Logistique",
    "Équipement",
    "Industrie",
    "Négoce",
    "Rénovation",
    "Énergies",
    "Emballages",
    "Matériaux",
    "Agencement",
    "Location",
    "Nettoyage",
    "Sécurité",
    "Peinture",
    "Paysage",
    "Automobiles",
    "Chauffage",
    "Mécanique",
    "Formation",
    "Bureautique",
    "Menuiseries",
    "Frigorifique",
    "Signalétique",
    "Traiteur",
    "Environnement",
    "Électricité",
)
# Family names that would read as a famous brand: never used for a company name.
_BRAND_LIKE = frozenset(
    {
        "Leclerc",
        "Renault",
        "Peugeot",
        "Michelin",
        "Dassault",
        "Bouygues",
        "Boulanger",
        "Darty",
        "Lacoste",
        "Hermès",
        "Chanel",
        "Dior",
        "Vuitton",
        "Citroën",
        "Auchan",
        "Carrefour",
        "Legrand",
    }
)

_STREET_TYPES = (
    ("rue", 50),
    ("avenue", 15),
    ("boulevard", 8),
    ("place", 5),
    ("allée", 5),
    ("impasse", 5),
    ("chemin", 4),
)
_STREET_NAMES = (
    "de la République",
    "Victor Hugo",
    "Jean Jaurès",
    "du Général de Gaulle",
    "Pasteur",
    "de la Gare",
    "des Lilas",
    "du Moulin",
    "Gambetta",
    "Jules Ferry",
    "de l'Église",
    "du Commerce",
    "des Écoles",
    "Voltaire",
    "de Verdun",
    "Carnot",
    "Émile Zola",
    "de Paris",
    "du 8 Mai 1945",
    "de la Liberté",
    "Anatole France",
    "Paul Bert",
    "du Stade",
    "des Artisans",
    "de l'Industrie",
    "Jean Moulin",
    "du Maréchal Foch",
    "Georges Clemenceau",
    "Louis Pasteur",
    "des Tilleuls",
    "de la Paix",
    "du Château",
    "des Acacias",
    "de la Fontaine",
    "Saint-Martin",
    "du Marché",
    "des Frères Lumière",
    "Pierre Curie",
    "de la Mairie",
    "du Port",
    "de Bretagne",
    "des Peupliers",
    "Alsace-Lorraine",
    "de Strasbourg",
    "Denis Papin",
    "Gustave Eiffel",
    "Lavoisier",
    "de l'Europe",
    "des Vignes",
    "du Parc",
)

_PRODUCTS = {
    "goods": (
        "Fournitures de bureau",
        "Cartouches d'encre",
        "Ramettes de papier A4",
        "Classeurs à levier",
        "Enveloppes kraft",
        "Mobilier de bureau",
        "Fauteuils ergonomiques",
        "Écrans 24 pouces",
        "Ordinateurs portables",
        "Imprimante laser",
        "Claviers et souris",
        "Câbles réseau",
        "Produits d'entretien",
        "Sacs poubelle 100 L",
        "Gants de protection",
        "Chaussures de sécurité",
        "Vêtements de travail",
        "Visserie inox",
        "Peinture acrylique",
        "Plaques de plâtre",
        "Sacs de ciment",
        "Bois de charpente",
        "Carrelage grès cérame",
        "Emballages carton",
        "Palettes bois",
        "Film étirable",
        "Café en grains",
        "Fontaine à eau",
        "Luminaires LED",
        "Extincteurs",
        "Outillage électroportatif",
        "Pièces détachées",
        "Pneumatiques",
        "Huile moteur",
        "Étiquettes adhésives",
    ),
    "services": (
        "Maintenance informatique",
        "Prestation de conseil",
        "Audit comptable",
        "Formation bureautique",
        "Nettoyage des locaux",
        "Transport de marchandises",
        "Location de véhicule",
        "Location de matériel",
        "Installation électrique",
        "Dépannage plomberie",
        "Entretien des espaces verts",
        "Gardiennage",
        "Conception graphique",
        "Développement de site web",
        "Hébergement web",
        "Traduction de documents",
        "Étude de marché",
        "Assistance juridique",
        "Mission d'intérim",
        "Contrôle technique",
        "Révision de chaudière",
        "Maintenance ascenseur",
        "Déménagement",
        "Réparation de toiture",
        "Campagne publicitaire",
        "Organisation de séminaire",
        "Prestation de traiteur",
        "Vérification des extincteurs",
        "Diagnostic énergétique",
    ),
}


# --------------------------------------------------------------------------------------------------
# Text helpers


def _ascii(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """ "Garnier & Fils" -> "garnier-et-fils": ASCII, lowercase, words joined by hyphens."""
    text = _ascii(text).lower().replace("&", " et ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def email_local_part(first_name: str, last_name: str) -> str:
    """ "Hélène", "Le Gall" -> "helene.legall".

    Accents stripped, hyphens kept, spaces and apostrophes removed.
    """

    def part(s: str) -> str:
        return re.sub(r"[^a-z0-9-]", "", _ascii(s).lower())

    return f"{part(first_name)}.{part(last_name)}"


# --------------------------------------------------------------------------------------------------
# Generator


_local = threading.local()


def _faker(seed: int) -> Faker:
    """This thread's Faker ``fr_FR``, reseeded: the same draws for the same seed whatever came before."""
    faker = getattr(_local, "faker", None)
    if faker is None:
        faker = _local.faker = Faker("fr_FR")
    faker.seed_instance(seed)
    return faker


class FrenchData:
    """Seeded generator of French business data. One instance per generated world, used before the next
    one is created in the same thread (they share the thread's Faker)."""

    def __init__(self, seed: int):
        self.seed = seed
        self.rng = Random(seed)
        self.faker = _faker(seed)
        self._used_names: set[str] = set()  # membership only, never iterated
        self._used_domains: set[str] = set()
        self._used_sirens: set[str] = set()

    # -- people and places ---------------------------------------------------------------------

    def address(self) -> Address:
        commune = self.rng.choice(communes())
        return Address(street=self._street(), postcode=commune.postcode, city=commune.city)

    def _street(self) -> str:
        rng = self.rng
        number = str(rng.randint(1, 40) if rng.random() < 0.8 else rng.randint(41, 180))
        if rng.random() < 0.05:
            number += " bis"
        kinds, weights = zip(*_STREET_TYPES, strict=True)
        kind = rng.choices(kinds, weights)[0]
        if rng.random() < 0.75:
            name = rng.choice(_STREET_NAMES)
        else:  # a person's name, as in "rue Lucien Garnier"
            first = self.faker.first_name_male() if rng.random() < 0.7 else self.faker.first_name_female()
            name = f"{first} {self.faker.last_name()}"
        return f"{number} {kind} {name}"

    def phone(self, zone: str | None = None) -> str:
        """A landline number "0Z XX XX XX XX"; ``zone`` "01".."05" (random when None)."""
        if zone is None:
            zone = f"0{self.rng.randint(1, 5)}"
        if zone not in ("01", "02", "03", "04", "05"):
            raise ValueError(f"landline zone must be 01..05: {zone!r}")
        # The subscriber part never starts with 0 (that would read like a short code).
        digits = str(self.rng.randint(1, 9)) + "".join(str(self.rng.randint(0, 9)) for _ in range(7))
        return _format_phone(zone + digits)

    def mobile_phone(self) -> str:
        """A mobile number "06 XX XX XX XX" or "07 3X…"–"07 9X…" (same format as landlines)."""
        if self.rng.random() < 0.7:
            head = "06" + str(self.rng.randint(1, 9))
        else:
            head = "07" + str(self.rng.randint(3, 9))
        return _format_phone(head + "".join(str(self.rng.randint(0, 9)) for _ in range(7)))

    def contact(self, domain: str, role: str = "Comptable", *, address: Address | None = None) -> Contact:
        """A person at ``domain``: civility matches the first name, e-mail is prenom.nom@domain.

        Phone: a direct landline in the zone of ``address`` when given (the company's address),
        otherwise a mobile number.
        """
        if self.rng.random() < 0.5:
            civility, first = "Mme", self.faker.first_name_female()
        else:
            civility, first = "M.", self.faker.first_name_male()
        last = self.faker.last_name()
        zone = phone_zone(address) if address is not None else None
        phone = self.phone(zone) if zone else self.mobile_phone()
        return Contact(
            civility=civility,
            first_name=first,
            last_name=last,
            role=role,
            email=f"{email_local_part(first, last)}@{domain}",
            phone=phone,
        )

    # -- banks and identifiers -----------------------------------------------------------------

    def bank(self) -> Bank:
        rows = _bank_rows()
        return self.rng.choices([b for b, _ in rows], [w for _, w in rows])[0]

    def iban(self, bank: Bank) -> str:
        branch = f"{self.rng.randint(1, 99999):05d}"
        # Business accounts: 11 digits, often with leading zeros, as printed on French RIBs.
        account = f"{self.rng.randint(0, 999):03d}{self.rng.randint(0, 99_999_999):08d}"
        return iban_from_rib(bank.code, branch, account)

    def siren(self) -> str:
        while True:
            payload = str(self.rng.randint(3, 9)) + f"{self.rng.randint(0, 9_999_999):07d}"
            siren = luhn_complete(payload)
            if siren not in self._used_sirens and siren != "356000000":  # La Poste: special rule
                self._used_sirens.add(siren)
                return siren

    def siret(self, siren: str | None = None) -> str:
        """14 digits: SIREN + NIC (head office "0001x" … "0003x"), Luhn-valid as a whole."""
        siren = siren or self.siren()
        return luhn_complete(f"{siren}000{self.rng.randint(1, 3)}")

    # -- companies -----------------------------------------------------------------------------

    def company(self, legal_forms: Sequence[str] = _LEGAL_FORMS, name: str | None = None) -> CompanyIdentity:
        """A French SME, its name unique within this instance (a given ``name`` already used raises)."""
        if not legal_forms:
            raise ValueError("legal_forms is empty")
        legal_form = self.rng.choice(tuple(legal_forms))
        if name is not None:
            domain = slugify(name)
            if name in self._used_names or domain in self._used_domains:
                raise ValueError(f"company name already used in this world: {name!r}")
        else:
            for _ in range(1000):
                name = self._company_name(legal_form)
                domain = slugify(name)
                if name not in self._used_names and domain not in self._used_domains:
                    break
            else:  # pragma: no cover - ~400 family names × ~60 patterns
                raise RuntimeError("could not draw an unused company name")
        self._used_names.add(name)
        self._used_domains.add(domain)
        domain = f"{domain}.fr"

        siren = self.siren()
        address = self.address()
        bank = self.bank()
        return CompanyIdentity(
            name=name,
            legal_form=legal_form,
            full_name=f"{name} {legal_form}",
            siren=siren,
            siret=self.siret(siren),
            vat_number=vat_number(siren),
            address=address,
            phone=self.phone(phone_zone(address)),
            domain=domain,
            email=f"contact@{domain}",
            bank=bank,
            iban=self.iban(bank),
            bic=bank.bic,
        )

    def _family_name(self) -> str:
        while True:
            name = self.faker.last_name()
            if name not in _BRAND_LIKE:
                return name

    def _company_name(self, legal_form: str) -> str:
        rng = self.rng
        family = self._family_name()
        roll = rng.random()
        single_owner = legal_form == "EURL"  # no "et Fils", "Frères" or partners for a one-person company
        if roll < 0.40:
            return f"{rng.choice(ACTIVITY_FIRST)} {family}"
        if roll < 0.80 or single_owner:
            return f"{family} {rng.choice(_ACTIVITY_AFTER)}"
        if roll < 0.88:
            return f"{family} et Fils"
        if roll < 0.93:
            return f"{family} Frères"
        other = self._family_name()
        if other == family:
            return f"{family} et Fils"
        if roll < 0.97:
            return f"{family} et {other}"
        return f"{family} & Associés"

    # -- documents -----------------------------------------------------------------------------

    def product_label(self, kind: str = "goods") -> str:
        """A French invoice-line label; ``kind`` is "goods" or "services"."""
        try:
            labels = _PRODUCTS[kind]
        except KeyError:
            raise ValueError(f"kind must be 'goods' or 'services': {kind!r}") from None
        return self.rng.choice(labels)


def _format_phone(ten_digits: str) -> str:
    return " ".join(ten_digits[i : i + 2] for i in range(0, 10, 2))
