"""The rubric vocabulary: criteria a scenario's rubric may name. Grading (simulator.grading) implements
each of them; pack validation refuses a rubric that names anything else."""

from __future__ import annotations

#: criterion id -> default French label
CRITERIA: dict[str, str] = {
    "receipts_recorded": "Règlements enregistrés (client, journal, date, montant)",
    "receipts_matched": "Lettrage des règlements avec les bonnes pièces",
    "difference_handled": "Traitement de l'écart de règlement",
    "statement_annotated": "Relevé bancaire annoté",
    "cheques_endorsed": "Chèques endossés",
    "deposit_slip": "Bordereau de remise de chèques",
    "statement_reconciled": "Relevé rapproché (chaque crédit relié à son encaissement ou à sa remise)",
    "schedule_noted": "Échéancier noté sur la facture",
    "reminders_sent": "Relances effectuées auprès des bons clients",
    "reminder_content": "Contenu de la relance (montant TTC, références, échéance, demande de paiement)",
    "next_action_set": "Prochaine action de relance planifiée",
    "no_undue_reminder": "Aucune relance injustifiée",
    "books_clean": "Aucune écriture en trop (doublon, mauvais compte)",
    # the follow-up pack (scenarios/relances)
    "disputes_handled": "Factures en litige exclues des relances",
    "expected_payments_noted": "Dates de paiement prévues notées",
    "statement_sent": "Relevé de compte envoyé, litiges à part",
    # « Un mois de relances »: the calendar moves
    "reminders_on_time": "Relances faites le jour où le niveau est atteint",
    "doubtful_transferred": "Transfert en clients douteux (416) après la mise en demeure",
    "late_fees_billed": "Pénalités de retard et indemnité forfaitaire facturées",
    # « Configurer une stratégie »: the follow-up strategy (grading/strategy.py)
    "strategy_levels": "Niveaux de la stratégie (noms, marqueurs, jours après l'échéance)",
    "strategy_actions": "Actions de chaque niveau",
    "strategy_templates": "Modèles de lettre avec les variables demandées",
    # relances par lot
    "lot_run": "Relance par lot lancée au bon niveau, pour les bons clients",
    "lot_emails": "Adresses électroniques manquantes renseignées",
    "summary_quoted": "Chiffres de la synthèse du lot reportés",
    # pack « lettrage »: the month-end lettrage (grading/lettrage.py)
    "lettrage_sets": "Lettrage des comptes clients (chaque facture avec ses règlements)",
    "lettrage_writeoffs": "Écarts de règlement soldés dans la limite de l'écart autorisé, au bon compte",
    "auto_run_parameters": "Lettrage automatique lancé avec les paramètres imposés",
}
