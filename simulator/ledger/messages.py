"""Message catalogue of the accounting core: problem code -> French text (English can be added as
another table). Parameters are filled with ``str.format``."""

from __future__ import annotations

from typing import Any

FR: dict[str, str] = {
    "amount_empty": "Le montant est obligatoire.",
    "amount_invalid": "« {value} » n'est pas un montant : saisissez par exemple 1 234,56.",
    "amount_negative": "Le montant doit être positif (« {value} »).",
    "amount_zero": "Le montant doit être supérieur à zéro.",
    "amount_too_large": "Le montant « {value} » est trop élevé (maximum 999 999 999,99).",
    "date_invalid": "« {value} » n'est pas une date : saisissez-la au format JJ/MM/AAAA.",
    "date_empty": "La date est obligatoire.",
    "date_in_future": "La date du {date} est postérieure à la date du jour de l'exercice.",
    "unknown_customer": "Le client « {customer} » n'existe pas.",
    "unknown_document": "La pièce « {document} » n'existe pas.",
    "unknown_invoice": "La facture « {document} » n'existe pas.",
    "unknown_item": "« {item} » n'est ni une pièce ni un règlement de ce client.",
    "item_other_customer": "« {item} » n'appartient pas au compte de ce client : on ne lettre que les lignes d'un même compte 411.",
    "item_already_matched": "« {item} » est déjà entièrement lettré.",
    "match_needs_both_sides": "Un lettrage rapproche au moins une ligne au débit (facture) et une au crédit (règlement ou avoir).",
    "nothing_to_unmatch": "Aucun lettrage à défaire sur {items}.",
    "receipt_journal": "Un encaissement se saisit au journal de banque (BNK) ou des chèques reçus (CHQ), pas « {journal} ».",
    "duplicate_payment_id": "L'identifiant de règlement « {id} » est déjà utilisé.",
    "document_other_customer": "La pièce {document} n'est pas une pièce du client {customer}.",
    "document_already_settled": "La pièce {document} est déjà soldée.",
    "unknown_statement_line": "La ligne de relevé « {line} » n'existe pas.",
    "statement_line_not_receipt": "La ligne de relevé « {line} » est un débit (prélèvement, frais) : ce n'est pas un encaissement client.",
    "statement_line_reconciled": "La ligne de relevé « {line} » est déjà rapprochée.",
    "unknown_cheque": "Le chèque « {cheque} » n'existe pas.",
    "unknown_source": "Origine du règlement inconnue : « {source} ».",
    "allocation_not_in_documents": "La répartition cite {document}, qui ne fait pas partie des pièces lettrées.",
    "allocation_exceeds_residual": "Le montant affecté à {document} dépasse son reste dû.",
    "unknown_handling": "Traitement de l'écart inconnu : « {handling} » (garder ouvert ou passer en perte/profit).",
    "nothing_due_to_write_off": "Les avoirs choisis couvrent déjà les factures : il n'y a pas d'écart à passer en perte ou en profit.",
    "write_off_account": "Le compte « {account} » ne peut pas recevoir un écart : choisissez un compte de charge ou de produit.",
    "vat_rate_invalid": "Le taux de TVA « {rate} » n'est pas valable.",
    "number_taken": "Le numéro {number} est déjà utilisé.",
    "credit_note_date": "La date de l'avoir ({date}) doit être comprise entre la date de la facture {document} et aujourd'hui.",
    "credit_note_too_large": "L'avoir dépasse le reste dû de la facture {document}.",
    "reason_required": "Le motif de l'avoir est obligatoire.",
    "cheque_already_deposited": "Le chèque {cheque} a déjà été remis en banque.",
    "cheque_not_received": "Le chèque {cheque} n'a pas été enregistré : saisissez d'abord l'encaissement (5112).",
    "cheque_not_in_5112": "Le chèque {cheque} a été enregistré directement en banque (512) : il ne peut pas figurer sur une remise.",
    "endorsement_account_required": "L'endos doit indiquer le compte à créditer.",
    "slip_empty": "Le bordereau ne contient aucun chèque.",
    "note_required": "Le texte de la note est obligatoire.",
    "email_address_invalid": "« {to} » n'est pas une adresse e-mail.",
    "subject_required": "L'objet de l'e-mail est obligatoire.",
    "body_required": "Le texte de l'e-mail est obligatoire.",
    "unknown_level": "Le niveau de relance {level} n'existe pas.",
    "already_excluded": "La facture {document} est déjà exclue des relances.",
    "not_excluded": "La facture {document} n'est pas exclue des relances.",
    "exclusion_reason_required": "Indiquez le motif de l'exclusion (par exemple le litige signalé par le client).",
    "expected_date_in_past": "La date de paiement prévue ({date}) ne peut pas être dans le passé.",
    "next_action_in_past": "La prochaine action ({date}) ne peut pas être dans le passé.",
    "unknown_payment": "Le règlement « {payment} » n'existe pas.",
    "payment_cancelled": "Le règlement {payment} est annulé.",
    "payment_prior": "Le règlement {payment} a été saisi avant votre arrivée, dans une période close : il ne s'annule pas ici.",
    "payment_on_slip": "Le chèque du règlement {payment} figure sur la remise {slip} : annulez d'abord la remise.",
    "payment_not_bank": "Le règlement {payment} n'est pas au journal de banque (BNK) : un chèque se rapproche du relevé par sa remise.",
    "payment_reconciled": "Le règlement {payment} est déjà rapproché de la ligne de relevé {line}.",
    "unknown_credit_note": "L'avoir « {number} » n'existe pas.",
    "credit_note_cancelled": "L'avoir {number} est déjà annulé.",
    "credit_note_not_issued": "L'avoir {number} n'a pas été émis par vous : seuls les avoirs que vous avez émis peuvent être annulés.",
    "credit_note_matched": "L'avoir {number} est lettré : délettrez-le avant de l'annuler.",
    "document_cancelled": "La pièce {document} est annulée.",
    "item_cancelled": "« {item} » est annulé : il n'y a plus rien à lettrer.",
    "unknown_slip": "La remise « {slip} » n'existe pas.",
    "slip_cancelled": "La remise {slip} est annulée.",
    "slip_credited": "La remise {slip} a déjà été créditée par la banque (ligne {line}) : elle ne peut plus être annulée ni rapprochée à nouveau.",
    "slip_prior": "La remise {slip} a été déposée avant votre arrivée : elle ne s'annule pas ici.",
    "slip_id_taken": "L'identifiant de remise « {id} » est déjà utilisé.",
    "reconcile_target_required": "Indiquez les règlements ou la remise à rapprocher de la ligne de relevé {line}.",
    "reconcile_both": "Rapprochez la ligne de relevé {line} soit de règlements, soit d'une remise, pas des deux.",
    "statement_amount_payments": "La ligne de relevé {line} ({amount}) ne correspond pas au total des règlements choisis ({expected}).",
    "statement_amount_slip": "La ligne de relevé {line} ({amount}) ne correspond pas au total de la remise {slip} ({expected}).",
    "statement_line_before_slip": "La ligne de relevé {line} du {date} est antérieure à la remise {slip} du {slip_date} : la banque ne crédite une remise qu'après son dépôt.",
    "field_required": "Le champ « {name} » est obligatoire.",
    "field_invalid": "Le champ « {name} » n'est pas valable : {reason}",
    "unknown_action": "Action inconnue : « {type} ».",
    "action_malformed": "Action « {type} » mal formée : un de ses champs n'a pas le type attendu.",
    # relances par lot (issue 12, scenario 2): simulator.ledger.lots, simulator.ledger.answers
    "unknown_payment_method": "Mode de règlement inconnu : « {method} ».",
    "lot_empty": "Aucun client n'est au niveau {level} le {date} (hors clients et modes de règlement exclus) : rien à relancer.",
    "lot_customers_without_email": "Relance refusée : pas d'adresse électronique pour {customers}. Renseignez-la (Clients sans adresse électronique) ou excluez ce client du lot.",
    "unknown_question": "La question « {question} » n'existe pas dans les consignes.",
}

CATALOGUES: dict[str, dict[str, str]] = {"fr": FR}


def render(code: str, params: dict[str, Any], lang: str = "fr") -> str:
    template = CATALOGUES.get(lang, FR).get(code) or FR.get(code) or code
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
