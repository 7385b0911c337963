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

from simulator.packs.generate import generate
from simulator.packs.registry import load_pack
from simulator.packs.replay import replay
from simulator.packs.solve import solve

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
