"""The student's blueprint: the catalogue, Mes tentatives, and each attempt's workspace under
``/tentatives/<id>/…``. One module per screen; every attempt view starts with ``attempt_or_404``.

- :mod:`.catalogue`: S'entraîner (catalogue), Commencer, Mes tentatives;
- :mod:`.workspace`: Consignes, Procédure, Rendre le travail, Résultat, Recommencer, Nouvelle variante,
  Télécharger la tentative, and the menus of the ERP (:data:`.workspace.MENUS`);
- :mod:`.bank`: Banque en ligne — the pattern every screen copies;
- :mod:`.assignments`: Mes devoirs, and starting an attempt of an assignment;
- :mod:`.progress`: Mes progrès, and S'entraîner sur mes points faibles.
"""

from flask import Blueprint

bp = Blueprint("student", __name__)

from . import (  # noqa: E402,F401  (the modules register their routes on bp)
    assignments,
    autolettering,
    bank,
    calendar,
    catalogue,
    cheques,
    deposits,
    entries,
    followup,
    invoices,
    lettering,
    levels,
    litigation,
    lots,
    payments,
    progress,
    reconciliation,
    reports,
    workspace,
)
