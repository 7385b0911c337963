"""The mistake catalogue as the grader uses it: the codes with their criterion, procedure step, title and
French message (:mod:`simulator.messages.mistakes`), the one renderer (:func:`simulator.messages.render`)
and how a parameter is written (:func:`simulator.messages.formatting.shown`). The examples the docs and the
tests render are :mod:`simulator.messages.examples`."""

from __future__ import annotations

from simulator.messages import render
from simulator.messages.examples import example_params
from simulator.messages.formatting import shown as format_value
from simulator.messages.mistakes import MISTAKES, PROCEDURES, MistakeSpec

__all__ = ["MISTAKES", "PROCEDURES", "MistakeSpec", "example_params", "format_value", "render"]
