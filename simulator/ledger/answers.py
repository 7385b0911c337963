"""The brief's answer box: a figure the brief asks the student to quote (e.g. the balance of a follow-up
run's summary), recorded by question id; the last answer wins. Grading compares it with the figure the
core computes from the expected outcome."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from types import MappingProxyType

from .books import Books
from .problems import Problem


def record_answer(
    books: Books, *, question: str, value: Decimal, questions: Collection[str]
) -> tuple[Books, list[Problem]]:
    """Answer ``question`` (one of the brief's ``questions``) with ``value``."""
    if question not in questions:
        return books, [Problem("unknown_question", "question", {"question": question})]
    return books.evolve(answers=MappingProxyType({**books.answers, question: value})), []
