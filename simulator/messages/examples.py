"""A realistic parameter set for every mistake code (domain.md's worked examples), exactly its template's
placeholders: the mistake codes table of docs/grading.md is rendered from them, and the tests render every
message with them. Not used when grading."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

_BERNARD = {"customer": "Bernard SAS", "amount": Decimal("1440.00"), "document": "FA-2025-0101"}
_ROUX = {"customer": "Roux SAS", "documents": ["FA-2025-0110"]}
_EXAMPLES: Mapping[str, Mapping[str, Any]] = MappingProxyType(
    {
        "WRONG_CUSTOMER": {
            **_BERNARD,
            "customer": "Bernardi SARL",
            "date": date(2025, 3, 25),
            "expected_customer": "Bernard SAS",
        },
        "WRONG_DOCUMENT": {
            "amount": Decimal("1440.00"),
            "customer": "Bernard SAS",
            "documents": ["FA-2025-0099"],
            "expected_documents": ["FA-2025-0101"],
        },
        "WRONG_AMOUNT": {**_BERNARD, "amount": Decimal("1404.00"), "expected_amount": Decimal("1440.00")},
        "WRONG_JOURNAL": {**_BERNARD, "journal": "OD", "expected_journal": "BNK"},
        "WRONG_DATE": {**_BERNARD, "date": date(2025, 3, 3), "expected_date": date(2025, 3, 25)},
        "MISSING_PAYMENT": {**_BERNARD, "date": date(2025, 3, 25)},
        "RECEIPT_SPLIT": {
            **_BERNARD,
            "date": date(2025, 3, 25),
            "count": 2,
            "amounts": [Decimal("1000.00"), Decimal("440.00")],
        },
        "DUPLICATE_PAYMENT": {
            "customer": "Bernard SAS",
            "amount": Decimal("1440.00"),
            "date": date(2025, 3, 25),
        },
        "UNMATCHED_PAYMENT": {
            "customer": "Bernard SAS",
            "amount": Decimal("1440.00"),
            "documents": ["FA-2025-0101"],
        },
        "DIFFERENCE_LEFT_OPEN": {
            "gap": Decimal("0.40"),
            "document": "FA-2025-0103",
            "customer": "Petit SA",
            "tolerance": Decimal("1.00"),
            "expected_account": "658",
        },
        "WRONG_WRITEOFF_ACCOUNT": {
            "gap": Decimal("0.40"),
            "document": "FA-2025-0103",
            "customer": "Petit SA",
            "account": "758",
            "expected_account": "658",
        },
        "WRITEOFF_TOO_LARGE": {
            "gap": Decimal("1000.00"),
            "amount": Decimal("1000.00"),
            "document": "FA-2025-0105",
            "customer": "Garnier SARL",
            "tolerance": Decimal("1.00"),
        },
        "WRITEOFF_BEYOND_GAP": {
            "gap": Decimal("0.00"),
            "amount": Decimal("5.00"),
            "document": "FA-2025-0101",
            "customer": "Bernard SAS",
            "tolerance": Decimal("1.00"),
        },
        "DISCOUNT_VAT_MISSING": {
            "document": "FAC/2026/00012",
            "written_ht": Decimal("19.64"),
            "written_vat": Decimal("0.00"),
            "discount_ht": Decimal("16.37"),
            "discount_vat": Decimal("3.27"),
        },
        "DISCOUNT_LEFT_OPEN": {
            "customer": "Durand EURL",
            "document": "FAC/2026/00012",
            "deadline": date(2026, 3, 12),
            "amount": Decimal("19.64"),
        },
        "CREDIT_NOTE_SWALLOWED": {
            "document": "AV-0012",
            "customer": "Leroy Distribution",
            "amount": Decimal("240.00"),
            "account": "665",
            "written": Decimal("259.64"),
            "documents": ["F-0095", "AV-0012"],
        },
        "STATEMENT_NOT_RECONCILED": {
            "date": date(2025, 3, 25),
            "label": "VIR SEPA BERNARD SAS FA-2025-0101",
            "amount": Decimal("1440.00"),
            "customer": "Bernard SAS",
        },
        "BOOKS_DIFFER": {
            "account": "512",
            "name": "Banques",
            "actual": "débiteur de 2 880,00 €",
            "expected": "débiteur de 1 440,00 €",
        },
        "UNEXPECTED_ACCOUNT": {
            "account": "709",
            "name": "Rabais, remises et ristournes accordés",
            "actual": "débiteur de 16,37 €",
            "expected": "nul",
        },
        "DISCOUNT_NOT_ENTITLED": {
            "customer": "Durand EURL",
            "document": "FAC/2026/00012",
            "date": date(2026, 3, 20),
            "deadline": date(2026, 3, 12),
            "amount": Decimal("19.64"),
        },
        "PARTIAL_WRITTEN_OFF": {
            "customer": "Garnier SARL",
            "gap": Decimal("1000.00"),
            "amount": Decimal("1000.00"),
            "document": "FA-2025-0105",
        },
        "SCHEDULE_NOTE_MISSING": {
            "document": "FA-2025-0105",
            "customer": "Garnier SARL",
            "amount": Decimal("1000.00"),
        },
        "CREDIT_NOTE_IGNORED": {
            "document": "AV-0012",
            "customer": "Leroy Distribution",
            "amount": Decimal("240.00"),
            "documents": ["F-0088", "F-0095", "AV-0012", "F-0104"],
        },
        "WRONG_ALLOCATION_ORDER": {
            "rule": "solder d'abord les factures échues, de la plus ancienne à la plus récente (sans instruction "
            "du client)",
            "customer": "Leroy Distribution",
            "documents": ["F-0088", "F-0104"],
            "document": "F-0104",
            "amount": Decimal("760.00"),
        },
        "CHEQUE_NOT_ENDORSED": {
            "cheque": "4521877",
            "customer": "Café Martin SARL",
            "amount": Decimal("720.00"),
            "account": "FR76 3000 6000 0112 3456 7890 189",
        },
        "SLIP_MISSING": {"count": 2, "amount": Decimal("1080.00")},
        "SLIP_CHEQUE_MISSING": {"cheque": "0088214", "customer": "Durand EURL", "amount": Decimal("360.00")},
        "SLIP_FIELD_WRONG": {
            "cheque": "4521877",
            "customer": "Café Martin SARL",
            "amount": Decimal("720.00"),
            "field": ["banque", "montant"],
        },
        "SLIP_TOTAL_WRONG": {
            "count": 2,
            "amount": Decimal("1008.00"),
            "expected_count": 2,
            "expected_amount": Decimal("1080.00"),
        },
        "STATEMENT_NOT_ANNOTATED": {
            "date": date(2025, 3, 25),
            "customer": "VIR SEPA BERNARD SAS FA-2025-0101",
            "amount": Decimal("1440.00"),
        },
        "SLIP_NOT_RECONCILED": {
            "date": date(2025, 3, 13),
            "label": "REMISE CHQ 000123",
            "amount": Decimal("1080.00"),
            "slip": "000123",
        },
        "REMINDED_PAID_CUSTOMER": {"customer": "Bernard SAS", "documents": ["FA-2025-0101"]},
        "REMINDED_NOT_DUE": {
            "customer": "Leroy Distribution",
            "documents": ["F-0104"],
            "date": date(2025, 4, 2),
        },
        "OVERDUE_NOT_REMINDED": {**_ROUX, "amount": Decimal("2400.00"), "date": date(2025, 2, 14)},
        "EMAIL_WRONG_RECIPIENT": {**_ROUX, "to": "contact@roux-sa.fr", "expected_to": "compta@roux-sas.fr"},
        "EMAIL_MISSING_AMOUNT": {
            **_ROUX,
            "amount": Decimal("2400.00"),
            "written": "vous avez écrit 2\u202f000,00\u00a0€, le montant HT : le client doit le TTC.",
        },
        "EMAIL_MISSING_REFERENCE": {**_ROUX},
        "EMAIL_MISSING_DUE_DATE": {**_ROUX, "date": date(2025, 2, 14)},
        "EMAIL_NO_PAYMENT_REQUEST": {**_ROUX, "amount": Decimal("2400.00")},
        "EMAIL_NO_POLITENESS": {**_ROUX},
        "EMAIL_NO_SIGNATURE": {**_ROUX, "ending": "rien ne suit la formule de politesse."},
        "CALL_NOT_LOGGED": {**_ROUX},
        "CALL_NOTE_INCOMPLETE": {**_ROUX, "field": ["le montant dû TTC", "la réponse du client"]},
        "NEXT_ACTION_MISSING": {**_ROUX, "amount": Decimal("2400.00")},
        "EMAIL_NO_LATE_PENALTIES": {**_ROUX, "level": 2},
        "REMINDER_LEVEL_SKIPPED": {
            "customer": "Roux SAS",
            "level": 4,
            "level_name": "Mise en demeure",
            "expected_level": 1,
            "expected_level_name": "Relance amiable",
            "date": date(2025, 3, 3),
        },
        "NEXT_ACTION_WRONG_DATE": {
            **_ROUX,
            "date": date(2025, 4, 30),
            "earliest": date(2025, 3, 4),
            "latest": date(2025, 3, 13),
        },
        "NEXT_ACTION_BEFORE_PROMISE": {
            "customer": "Garnier SARL",
            "documents": ["FA-2025-0105"],
            "date": date(2025, 4, 5),
            "expected_date": date(2025, 4, 10),
            "expected_next": date(2025, 4, 11),
        },
        "UNJUSTIFIED_CREDIT_NOTE": {**_BERNARD, "date": date(2025, 3, 25)},
        "DISPUTE_NOT_EXCLUDED": {
            "customer": "Roux SAS",
            "document": "FA-2025-0110",
            "amount": Decimal("2400.00"),
        },
        "EXCLUDED_WITHOUT_DISPUTE": {
            "customer": "Garnier SARL",
            "document": "FA-2025-0105",
            "amount": Decimal("1000.00"),
        },
        "REMINDED_DISPUTED_INVOICE": {
            "customer": "Roux SAS",
            "document": "FA-2025-0110",
            "amount": Decimal("2400.00"),
            "date": date(2025, 3, 3),
        },
        "EXPECTED_PAYMENT_DATE_MISSING": {
            "customer": "Garnier SARL",
            "document": "FA-2025-0105",
            "amount": Decimal("1000.00"),
            "expected_date": date(2025, 4, 10),
        },
        "EXPECTED_PAYMENT_DATE_WRONG": {
            "customer": "Garnier SARL",
            "document": "FA-2025-0105",
            "date": date(2025, 4, 1),
            "expected_date": date(2025, 4, 10),
        },
        "STATEMENT_NOT_SENT": {**_ROUX, "amount": Decimal("1000.00")},
        "STATEMENT_SHOWS_DISPUTE": {**_ROUX},
        "CONTACTED_NOT_DUE_TODAY": {
            "customer": "Leroy Distribution",
            "date": date(2025, 3, 30),
            "level": 1,
            "next_date": date(2025, 4, 3),
        },
        "REMINDER_LATE": {
            "customer": "Roux SAS",
            "level": 2,
            "level_name": "Relance ferme",
            "date": date(2025, 3, 16),
            "reminded": date(2025, 3, 21),
            "tolerance": 2,
        },
        "REMINDER_LEVEL_BELOW": {
            **_ROUX,
            "level": 1,
            "level_name": "Relance amiable",
            "expected_level": 3,
            "expected_level_name": "Dernière relance amiable",
            "date": date(2025, 3, 31),
        },
        "REMINDER_TOO_EARLY": {
            "customer": "Roux SAS",
            "document": "FA-2025-0110",
            "level": 3,
            "level_name": "Dernière relance amiable",
            "date": date(2025, 2, 15),
            "due_date": date(2025, 2, 14),
            "expected_date": date(2025, 3, 31),
        },
        "REMINDED_IN_LITIGATION": {**_ROUX, "date": date(2025, 4, 20)},
        "REMINDED_DISPUTED_CUSTOMER": {**_ROUX, "date": date(2025, 3, 3)},
        "REMINDED_BEFORE_PROMISED_DATE": {
            **_ROUX,
            "date": date(2025, 3, 5),
            "expected_date": date(2025, 3, 10),
        },
        "REMINDER_DUPLICATED": {
            "customer": "Roux SAS",
            "count": 2,
            "level": 1,
            "channel": "e-mail",
            "date": date(2025, 3, 3),
        },
        "DOUBTFUL_NOT_TRANSFERRED": {**_ROUX, "amount": Decimal("2400.00")},
        "DOUBTFUL_WRONG_AMOUNT": {
            **_ROUX,
            "amount": Decimal("2000.00"),
            "expected_amount": Decimal("2400.00"),
        },
        "DOUBTFUL_UNDUE": {**_ROUX, "amount": Decimal("2400.00")},
        "PENALTIES_NOT_BILLED": {
            "customer": "Roux SAS",
            "document": "FA-2025-0110",
            "days": 45,
            "expected_amount": Decimal("35.95"),
        },
        "PENALTIES_WRONG_AMOUNT": {
            "customer": "Roux SAS",
            "document": "FA-2025-0110",
            "days": 45,
            "amount": Decimal("29.96"),  # on the HT amount: 2000.00 × 12.15 % × 45 / 365
            "expected_amount": Decimal("35.95"),
        },
        "INDEMNITY_MISSING": {"customer": "Roux SAS", "document": "FA-2025-0110"},
        "WRONG_CHANNEL_FOR_LEVEL": {
            "customer": "Blanc SARL",
            "date": date(2025, 3, 30),
            "channel": "e-mail",
            "level": 3,
            "level_name": "Niveau 3 : 45 jours — lettre de relance",
            "expected_channel": ["lettre"],
        },
        "STRATEGY_LEVEL_MISSING": {
            "name": "Retard 2",
            "days": 10,
            "expected_actions": ["envoyer un e-mail", "imprimer une lettre"],
        },
        "STRATEGY_EXTRA_LEVEL": {"name": "Premier rappel", "days": 15, "level": 3},
        "STRATEGY_WRONG_NAME": {"name": "Relance 1", "expected_name": "Retard 1", "days": 5},
        "STRATEGY_WRONG_MARKER": {"name": "Retard 1", "marker": "aucun", "expected_marker": "R1"},
        "STRATEGY_WRONG_DAYS": {"name": "Retard 3", "days": 30, "expected_days": 20, "timing": "trop tard"},
        "STRATEGY_WRONG_ACTIONS": {
            "name": "Retard 3",
            "actions": ["envoyer un e-mail", "imprimer une lettre"],
            "expected_actions": [
                "envoyer un e-mail",
                "imprimer une lettre",
                "ajouter un avertissement sur les ventes",
            ],
        },
        "STRATEGY_TEMPLATE_INCOMPLETE": {
            "name": "Retard 2",
            "placeholders": ["%(amount_due)s (montant TTC restant dû)"],
        },
        # relances par lot
        "LOT_MISSING": {"level": 1, "date": date(2026, 11, 16), "customers": ["Roux SAS", "Blanc SARL"]},
        "LOT_WRONG_LEVEL": {
            "lot": "REL/2026/0001",
            "level": 2,
            "level_name": "Niveau 2 : 30 jours — relance téléphonique",
            "expected_level": 1,
            "expected_level_name": "Niveau 1 : 15 jours net — e-mail de rappel",
        },
        "LOT_WRONG_DATE": {
            "lot": "REL/2026/0001",
            "date": date(2026, 11, 2),
            "expected_date": date(2026, 11, 16),
        },
        "LOT_CUSTOMER_MISSING": {
            "customer": "Roux SAS",
            "amount": Decimal("2400.00"),
            "level": 1,
            "date": date(2026, 11, 16),
        },
        "LOT_EXCLUDED_METHOD_REMINDED": {
            "customer": "Blanc SARL",
            "method": "prélèvement",
            "lot": "REL/2026/0001",
        },
        "LOT_EXCLUDED_CUSTOMER_REMINDED": {"customer": "Blanc SARL", "lot": "REL/2026/0001"},
        "LOT_CUSTOMER_NOT_DUE": {
            "customer": "Blanc SARL",
            "lot": "REL/2026/0001",
            "level": 1,
            "date": date(2026, 11, 16),
        },
        "LOT_EMAIL_UNRESOLVED": {"customer": "Roux SAS", "expected_email": "compta@roux-sas.fr"},
        "LOT_EMAIL_WRONG": {
            "customer": "Roux SAS",
            "email": "contact@roux-sas.fr",
            "expected_email": "compta@roux-sas.fr",
        },
        "ANSWER_MISSING": {"question": "Synthèse du lot : solde", "expected": Decimal("3929.98")},
        "ANSWER_WRONG": {
            "question": "Synthèse du lot : solde",
            "value": Decimal("4086.24"),
            "expected": Decimal("3929.98"),
        },
        "LETTRAGE_WRONG_COMBINATION": {
            "customer": "Bernard SAS",
            "items": ["BNK/2026/0003", "FAC/2026/00012"],
            "expected": "BNK/2026/0003 avec FAC/2026/00015",
        },
        "LETTRAGE_ACROSS_CUSTOMERS": {
            "items": ["BNK/2026/0003", "FAC/2026/00012"],
            "customers": ["Bernard SAS", "Petit SA"],
        },
        "LETTRAGE_MISSING": {
            "customer": "Bernard SAS",
            "items": ["BNK/2026/0003", "BNK/2026/0004", "FAC/2026/00012"],
            "how": "en totalité",
        },
        "AUTO_WRITEOFF_TOO_LARGE": {
            "gap": Decimal("3.20"),
            "account": "658",
            "items": ["BNK/2026/0003", "FAC/2026/00012"],
            "customer": "Bernard SAS",
            "tolerance": Decimal("1.00"),
        },
        "AUTO_WRITEOFF_WRONG_ACCOUNT": {
            "gap": Decimal("0.45"),
            "direction": "favorable",
            "account": "658",
            "expected_account": "758",
            "items": ["BNK/2026/0003", "FAC/2026/00012"],
            "customer": "Bernard SAS",
        },
        "AUTO_PARAMETERS_WRONG": {"power": 3, "gap": Decimal("1.00"), "accounts": "658/758"},
    }
)


def example_params(code: str) -> dict[str, Any]:
    """A realistic parameter set for ``code`` (domain.md's worked examples), exactly the template's
    placeholders; for documentation and tests. Returns a fresh copy."""
    return {name: list(v) if isinstance(v, list) else v for name, v in _EXAMPLES[code].items()}
