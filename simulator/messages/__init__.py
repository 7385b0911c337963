"""Every message a student or a teacher reads from the core, in one catalogue with one renderer: the
refusals of the accounting core and the mistakes the grader finds (:func:`render`), the French elision
before a name (:mod:`.french`) and French amounts and dates (:mod:`.formatting`).

Standard library only: the ledger, the packs, the grader and the app all use it (it imports nothing of
``simulator``)."""

from .render import TEXTS, render

__all__ = ["TEXTS", "render"]
