"""Helpers for the document tests: worlds and books of the built-in pack, PDF text read back with pypdf,
and an independent French money formatter for expected values (not the project's own)."""

from __future__ import annotations

import io
import re
import sys
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader

from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ledger"))
import ledger_builders  # noqa: E402,F401  (re-exported for the tests)


@lru_cache(maxsize=1)
def pack():
    return load_pack("procedure-11")


@lru_cache(maxsize=64)
def solved(scenario: str, seed: int):
    """(world, reference actions, replay of the reference solution)."""
    world = generate(pack(), scenario, seed)
    actions = solve(world)
    return world, actions, replay(world, actions)


def pdf_text(data: bytes) -> str:
    """Every page's text, on one line: no-break spaces as spaces, runs of white space collapsed."""
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def euros(value: Decimal) -> str:
    """Hand-made French amount: Decimal("-1234.5") -> "-1 234,50" (thin spaces shown as spaces)."""
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{' '.join(groups)},{cents}"


def jjmmaaaa(day) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")  # fmt: skip


def in_full(day) -> str:
    """Hand-made French date in full: date(2026, 11, 30) -> "lundi 30 novembre 2026" (« 1er » for the 1st)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def read_in_full(text: str, after: str):
    """The date written in full right after ``after`` in ``text`` (its weekday checked against the date)."""
    from datetime import date

    found = re.search(re.escape(after) + r" (\w+) (\d{1,2})(?:er)? (\w+) (\d{4})", text)
    assert found, text
    weekday, day, month, year = found.groups()
    value = date(int(year), MONTHS.index(month) + 1, int(day))
    assert WEEKDAYS[value.weekday()] == weekday, f"{weekday} {value}"
    return value
