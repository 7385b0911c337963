"""The rows a screen shows when they combine the world and the replayed books for display only (no
accounting here). Most screens need none: :func:`simulator.ledger.views.books_view` gives their rows."""

from __future__ import annotations
