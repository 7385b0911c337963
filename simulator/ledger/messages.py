"""Message catalogue of the accounting core: problem code -> French text (English can be added as
another table). Parameters are filled with ``str.format``."""

from __future__ import annotations

from datetime import date
from typing import Any

from .french import fill

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
    "unknown_statement_line": "La {line} n'existe pas.",
    "statement_line_not_receipt": "La {line} est un débit (prélèvement, frais) : ce n'est pas un encaissement client.",
    "statement_line_reconciled": "La {line} est déjà rapprochée.",
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
    "cheque_not_endorsed": "Le chèque n° {number} ({drawer}, {amount}) n'est pas endossé : la banque refuse un chèque sans endos. Endossez-le (Chèques reçus › Endosser) avant de le remettre.",
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
    "unknown_payment": "Le règlement {payment} n'existe pas.",
    "payment_cancelled": "Le règlement {payment} est annulé.",
    "payment_prior": "Le règlement {payment} a été saisi avant votre arrivée, dans une période close : il ne s'annule pas ici.",
    "payment_on_slip": "Le chèque du règlement {payment} figure sur la remise {slip} : annulez d'abord la remise.",
    "payment_not_bank": "Le règlement {payment} n'est pas au journal de banque (BNK) : un chèque se rapproche du relevé par sa remise.",
    "payment_reconciled": "Le règlement {payment} est déjà rapproché de la {line}.",
    "unknown_credit_note": "L'avoir « {number} » n'existe pas.",
    "credit_note_cancelled": "L'avoir {number} est déjà annulé.",
    "credit_note_not_issued": "L'avoir {number} n'a pas été émis par vous : seuls les avoirs que vous avez émis peuvent être annulés.",
    "credit_note_matched": "L'avoir {number} est lettré : délettrez-le avant de l'annuler.",
    "document_cancelled": "La pièce {document} est annulée.",
    "item_cancelled": "« {item} » est annulé : il n'y a plus rien à lettrer.",
    "unknown_slip": "La remise « {slip} » n'existe pas.",
    "slip_cancelled": "La remise {slip} est annulée.",
    "slip_credited": "La remise {slip} a déjà été créditée par la banque ({line}) : elle ne peut plus être annulée ni rapprochée à nouveau.",
    "slip_prior": "La remise {slip} a été déposée avant votre arrivée : elle ne s'annule pas ici.",
    "slip_id_taken": "L'identifiant de remise « {id} » est déjà utilisé.",
    "reconcile_target_required": "Indiquez les règlements ou la remise à rapprocher de la {line}.",
    "reconcile_both": "Rapprochez la {line} soit de règlements, soit d'une remise, pas des deux.",
    "statement_amount_payments": "La {line} ne correspond pas au total des règlements choisis ({expected}).",
    "statement_amount_slip": "La {line} ne correspond pas au total de la remise {slip} ({expected}).",
    "statement_line_before_slip": "La {line} est antérieure à la remise {slip} du {slip_date} : la banque ne crédite une remise qu'après son dépôt.",
    # the calendar and litigation (ledger/calendar.py and ledger/litigation.py)
    "calendar_fixed": "Dans ce scénario, le calendrier n'avance pas : tout se passe aujourd'hui.",
    "days_out_of_range": "Le nombre de jours doit être compris entre 1 et {max} (reçu « {days} »).",
    "beyond_last_day": "Le scénario s'arrête le {date} : vous pouvez avancer de {left} jour(s) au plus.",
    "no_formal_notice": "Aucune mise en demeure n'a été envoyée à ce client : le transfert en clients douteux vient après la mise en demeure restée sans effet.",
    "notice_not_expired": "Le délai de la mise en demeure court jusqu'au {deadline} : le transfert en clients douteux ne se fait qu'après cette date.",
    "nothing_to_transfer": "Ce client n'a aucune facture ouverte à transférer en clients douteux.",
    "already_doubtful": "La facture {document} est déjà transférée en clients douteux (416).",
    "doubtful_mixed": "La facture {doubtful} est transférée en clients douteux (416), la pièce {other} est restée au 411 : un règlement ne peut pas créditer les deux comptes. Enregistrez deux règlements, un par compte.",
    "doubtful_write_off": "Un règlement de facture transférée en clients douteux (416) ne passe pas d'écart en perte ou en escompte : gardez la différence ouverte sur le 416.",
    "doubtful_overpaid": "Le règlement dépasse ce qui reste dû au 416 sur {documents} ({due}) : saisissez au plus ce montant.",
    "items_mix_doubtful": "Le lettrage ne peut pas rapprocher une pièce du 416 (clients douteux) et une pièce du 411 : elles ne sont pas sur le même compte.",
    "invoice_not_late": "La facture {document} n'est pas en retard à cette date : pas de pénalités de retard.",
    "late_fees_already_billed": "Les pénalités de retard de la facture {document} ont déjà été facturées.",
    "penalty_rate_unknown": "Le taux BCE du semestre n'est pas dans la table des taux : indiquez le taux annuel des pénalités.",
    "penalty_rate_invalid": "« {rate} » n'est pas un taux annuel valable (par exemple 12,15).",
    # -- the follow-up strategy: reminder levels a student configures (ledger.strategy)
    "level_name_required": "Le nom du niveau est obligatoire.",
    "level_name_too_long": "Le nom du niveau est trop long ({max} caractères au plus).",
    "level_name_taken": "Le niveau {level} s'appelle déjà « {level_name} » : deux niveaux ne peuvent pas porter le même nom.",
    "level_days_invalid": "« {value} » n'est pas un nombre de jours valable : saisissez un entier entre 1 et {max}.",
    "level_days_taken": "Le niveau {level} ({level_name}) est déjà atteint à {days} jours : deux niveaux ne peuvent pas partir le même jour.",
    "level_days_between": "Les jours doivent croître d'un niveau à l'autre : le niveau {level} doit rester après le niveau {low} ({low_days} jours) et avant le niveau {high} ({high_days} jours).",
    "level_days_after": "Les jours doivent croître d'un niveau à l'autre : le niveau {level} doit rester après le niveau {low} ({low_days} jours).",
    "level_days_before": "Les jours doivent croître d'un niveau à l'autre : le niveau {level} doit rester avant le niveau {high} ({high_days} jours).",
    "level_actions_required": "Cochez au moins une action pour ce niveau (e-mail, lettre, appel…).",
    "level_action_unknown": "Action de relance inconnue : « {action} ».",
    "level_marker_too_long": "Le marqueur est trop long ({max} caractères au plus, par exemple R1).",
    "level_marker_taken": "Le marqueur « {marker} » est déjà celui du niveau {level}.",
    "level_template_too_long": "Le modèle est trop long ({max} caractères au plus).",
    "level_template_invalid": "Modèle, ligne {line} : {detail}.",
    "field_required": "Le champ « {name} » est obligatoire.",
    "field_invalid": "Le champ « {name} » n'est pas valable : {reason}",
    "unknown_action": "Action inconnue : « {type} ».",
    "action_malformed": "Action « {type} » mal formée : un de ses champs n'a pas le type attendu.",
    # relances par lot (one run chasing every customer at a level): simulator.ledger.lots, simulator.ledger.answers
    "unknown_payment_method": "Mode de règlement inconnu : « {method} ».",
    "lot_empty": "Aucun client n'est au niveau {level} le {date} (hors clients et modes de règlement exclus) : rien à relancer.",
    "lot_customers_without_email": "Relance refusée : pas d'adresse électronique pour {customers}. Renseignez-la (Clients sans adresse électronique) ou excluez ce client du lot.",
    "lot_already_run": "Relance refusée : le lot {lot} a déjà relancé le niveau {level} le {date}. Ses clients ont reçu leur relance : la renvoyer ferait doublon.",
    "unknown_question": "La question « {question} » n'existe pas dans les consignes.",
}

CATALOGUES: dict[str, dict[str, str]] = {"fr": FR}


def _shown(value: Any) -> Any:
    """A date parameter as a French reader writes it (JJ/MM/AAAA); anything else as is."""
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else value


def render(code: str, params: dict[str, Any], lang: str = "fr") -> str:
    """The message of ``code`` with ``params``; dates are written JJ/MM/AAAA, and the word before a
    name is elided by it (« d'Imprimerie », :func:`simulator.ledger.french.fill`)."""
    template = CATALOGUES.get(lang, FR).get(code) or FR.get(code) or code
    try:
        return fill(template, {name: _shown(value) for name, value in params.items()})
    except (KeyError, IndexError):
        return template
