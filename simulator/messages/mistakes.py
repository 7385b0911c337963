"""The mistake catalogue: for every mistake code of the grade contract (uppercase, ``MISSING_PAYMENT``), the
rubric criterion it fails, the step of the procedure guide to reread, a short French title and the French
message that names the documents, customers and amounts involved and says what should have been done,
filled by :func:`simulator.messages.render`."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

#: step ids of the procedure guide a mistake can point to (the `procedure` steps of the built-in packs:
#: procedure-11's, then those only the follow-up pack `relances` has)
PROCEDURES: tuple[str, ...] = (
    "releve",
    "identification",
    "enregistrement",
    "lettrage",
    "ecart",
    "escompte",
    "reglement-partiel",
    "imputation",
    "cheques",
    "annotation",
    "rapprochement",
    "relance",
    "suivi",
    "a-contacter",
    "litige",
    "paiement-prevu",
    "releve-client",
    "contentieux",
    "penalites",
    "strategie",
    "lot",
    "lettrage-automatique",
)


@dataclass(frozen=True, slots=True)
class MistakeSpec:
    """One mistake code: the criterion it fails, where the procedure explains it, and its message."""

    code: str
    criterion: str  #: a rubric criterion id of simulator.packs.spec.criteria.CRITERIA
    procedure: str  #: a step id of PROCEDURES
    title: str  #: short French label
    template: str  #: French message with named ``{placeholders}``, filled by :func:`render`

    @property
    def placeholders(self) -> frozenset[str]:
        """The parameter names the template needs."""
        return frozenset(name for _, name, _, _ in string.Formatter().parse(self.template) if name)


def _spec(code: str, criterion: str, procedure: str, title: str, template: str) -> tuple[str, MistakeSpec]:
    return code, MistakeSpec(code, criterion, procedure, title, template)


MISTAKES: Mapping[str, MistakeSpec] = MappingProxyType(
    dict(
        [
            # --- payments ---------------------------------------------------------------------------------------
            _spec(
                "WRONG_CUSTOMER",
                "receipts_recorded",
                "identification",
                "Mauvais client",
                "Le règlement de {amount} reçu le {date} pour {document} a été porté au compte de {customer} : il "
                "vient de {expected_customer} et devait être enregistré au crédit du compte 411 de ce client.",
            ),
            _spec(
                "WRONG_DOCUMENT",
                "receipts_matched",
                "identification",
                "Mauvaise pièce lettrée",
                "Le règlement de {amount} de {customer} a été lettré avec {documents} alors qu'il réglait "
                "{expected_documents} : lettrez-le avec les pièces dont le numéro et le montant figurent sur le "
                "relevé ou l'avis de paiement.",
            ),
            _spec(
                "WRONG_AMOUNT",
                "receipts_recorded",
                "enregistrement",
                "Montant erroné",
                "Le règlement de {customer} pour {document} a été enregistré pour {amount} au lieu de "
                "{expected_amount} : enregistrez le montant exact de l'opération (relevé bancaire ou chèque), puis "
                "traitez l'éventuel écart avec la facture.",
            ),
            _spec(
                "WRONG_JOURNAL",
                "receipts_recorded",
                "enregistrement",
                "Mauvais journal",
                "Le règlement de {amount} de {customer} pour {document} a été passé au journal {journal} : il "
                "fallait le journal {expected_journal} (banque pour un virement, chèques reçus pour un chèque), "
                "jamais les ventes ni les opérations diverses.",
            ),
            _spec(
                "WRONG_DATE",
                "receipts_recorded",
                "enregistrement",
                "Date erronée",
                "Le règlement de {amount} de {customer} pour {document} a été daté du {date} : il fallait retenir le "
                "{expected_date}, date de l'opération sur le relevé bancaire (ou de réception du chèque).",
            ),
            _spec(
                "MISSING_PAYMENT",
                "receipts_recorded",
                "releve",
                "Règlement non enregistré",
                "Le règlement de {amount} reçu le {date} de {customer} pour {document} n'a pas été enregistré : "
                "chaque ligne du relevé et chaque chèque reçu doit donner lieu à un encaissement (débit 512 ou 5112, "
                "crédit 411) lettré avec la facture.",
            ),
            _spec(
                "DUPLICATE_PAYMENT",
                "receipts_recorded",
                "releve",
                "Règlement enregistré deux fois",
                "Un règlement de {amount} de {customer} daté du {date} a été enregistré en double : une opération "
                "bancaire ne donne lieu qu'à un seul encaissement. Supprimez le doublon, qui rend le compte 411 "
                "créditeur.",
            ),
            _spec(
                "RECEIPT_SPLIT",
                "receipts_recorded",
                "enregistrement",
                "Un encaissement enregistré en plusieurs règlements",
                "Le règlement de {amount} de {customer} reçu le {date} a été enregistré en {count} règlements "
                "({amounts}) : un chèque s'enregistre en un seul règlement, lettré avec toutes les pièces qu'il "
                "paie, puisque le bordereau de remise n'en montre qu'une ligne ; un virement aussi, ou au plus un "
                "règlement par facture qu'il solde. Annulez ces règlements et enregistrez-en un seul.",
            ),
            _spec(
                "UNMATCHED_PAYMENT",
                "receipts_matched",
                "lettrage",
                "Règlement non lettré",
                "Le règlement de {amount} de {customer} est resté non lettré : il fallait le lettrer avec "
                "{documents} pour que la facture apparaisse réglée au compte 411.",
            ),
            # --- differences ------------------------------------------------------------------------------------
            _spec(
                "DIFFERENCE_LEFT_OPEN",
                "difference_handled",
                "ecart",
                "Écart laissé ouvert",
                "L'écart de {gap} sur {document} ({customer}) est resté ouvert alors qu'il ne dépasse pas la "
                "tolérance de {tolerance} : il fallait le passer au {expected_account} et solder la facture (658 si "
                "le client a payé moins, 758 s'il a payé plus, 665 et 44571 pour un escompte).",
            ),
            _spec(
                "WRONG_WRITEOFF_ACCOUNT",
                "difference_handled",
                "ecart",
                "Mauvais compte d'écart",
                "L'écart de {gap} sur {document} ({customer}) a été passé au compte {account} : il fallait le "
                "{expected_account}. Un écart de règlement va au 658 (en votre défaveur) ou au 758 (en votre "
                "faveur), sans toucher à la TVA ; un escompte accordé va au 665.",
            ),
            _spec(
                "WRITEOFF_TOO_LARGE",
                "difference_handled",
                "ecart",
                "Écart trop important soldé",
                "L'écart de {gap} sur {document} ({customer}) a été soldé ({amount} passés en charge ou en produit) "
                "alors qu'il dépasse la tolérance de {tolerance} : il fallait laisser ce solde ouvert (lettrage "
                "partiel) et contacter le client.",
            ),
            _spec(
                "WRITEOFF_BEYOND_GAP",
                "difference_handled",
                "ecart",
                "Écart passé au-delà de l'écart réel",
                "L'écart réel sur {document} ({customer}) est de {gap}, dans la tolérance de {tolerance}, mais "
                "{amount} ont été passés en charge ou en produit : enregistrez le montant réellement reçu (relevé "
                "bancaire ou chèque) et ne passez en écart que la différence réelle avec la facture.",
            ),
            _spec(
                "DISCOUNT_VAT_MISSING",
                "difference_handled",
                "escompte",
                "Escompte mal ventilé entre 665 et TVA",
                "L'escompte accordé sur {document} a été passé pour {written_ht} au 665 et {written_vat} au débit du "
                "44571 : il fallait {discount_ht} au 665 et {discount_vat} de correction de TVA collectée au débit du "
                "44571 (escompte HT calculé sur le HT de chaque taux de TVA, puis sa TVA à ce taux).",
            ),
            _spec(
                "DISCOUNT_NOT_ENTITLED",
                "difference_handled",
                "escompte",
                "Escompte non dû",
                "{customer} a payé {document} le {date}, après la date limite d'escompte du {deadline} : l'escompte "
                "de {amount} n'était pas dû. Il fallait laisser ce montant ouvert sur la facture et le réclamer au "
                "client.",
            ),
            _spec(
                "PARTIAL_WRITTEN_OFF",
                "difference_handled",
                "reglement-partiel",
                "Reste dû passé en perte",
                "Le règlement partiel de {customer} laissait {gap} à payer sur {document} : {amount} ont été soldés "
                "en charge alors qu'il fallait garder le reste dû ouvert (lettrage partiel, facture partiellement "
                "payée) et convenir d'un échéancier.",
            ),
            _spec(
                "SCHEDULE_NOTE_MISSING",
                "schedule_noted",
                "reglement-partiel",
                "Échéancier non noté",
                "Aucun échéancier n'est noté sur {document} ({customer}, reste dû {amount}) : notez sur la facture "
                "la date de l'accord et chaque échéance (montant et date), dont la somme doit égaler le reste dû.",
            ),
            # --- several documents ------------------------------------------------------------------------------
            _spec(
                "CREDIT_NOTE_IGNORED",
                "receipts_matched",
                "imputation",
                "Avoir non imputé",
                "L'avoir {document} de {customer} ({amount}) est resté ouvert : il fallait l'imputer sur la facture "
                "à laquelle il se rapporte et le lettrer avec elle et le règlement ({documents}).",
            ),
            _spec(
                "WRONG_ALLOCATION_ORDER",
                "receipts_matched",
                "imputation",
                "Mauvais ordre d'imputation",
                "Le règlement de {customer} a été mal réparti : {documents} restent ouverts, alors qu'il fallait {rule}, "
                "et ne laisser que {document} partiellement payée ({amount} restant dû).",
            ),
            _spec(
                "CREDIT_NOTE_SWALLOWED",
                "receipts_matched",
                "imputation",
                "Avoir absorbé par une passation en perte",
                "L'avoir {document} de {customer} ({amount}) est resté ouvert et l'écart qu'il expliquait a été passé "
                "au {account} ({written} au total) : il fallait imputer l'avoir sur sa facture et le lettrer avec "
                "elle et le règlement ({documents}) ; seul ce qui reste après l'avoir se traite comme un écart ou "
                "un escompte.",
            ),
            _spec(
                "DISCOUNT_LEFT_OPEN",
                "difference_handled",
                "escompte",
                "Escompte dû laissé ouvert",
                "{customer} a payé {document} au plus tard le {deadline}, date limite d'escompte, en déduisant "
                "l'escompte de {amount} : cet escompte était dû. Il fallait l'accorder (HT au débit du 665, TVA "
                "au débit du 44571) et solder la facture, au lieu de laisser ce montant ouvert.",
            ),
            _spec(
                "STATEMENT_NOT_RECONCILED",
                "statement_reconciled",
                "rapprochement",
                "Ligne du relevé non rapprochée",
                "La ligne du relevé du {date} « {label} » de {amount} n'a pas été rapprochée du règlement "
                "enregistré pour {customer} : enregistrez le règlement depuis cette ligne, ou rapprochez-la "
                "ensuite du règlement saisi. Sans rapprochement, le relevé reste à pointer et le 512 n'est pas "
                "justifié.",
            ),
            _spec(
                "BOOKS_DIFFER",
                "books_clean",
                "releve",
                "Solde de compte différent",
                "Le compte {account} ({name}) finit avec un solde {actual} alors que le dossier traité donne un "
                "solde {expected} : une écriture y manque ou y est en trop. Comparez son grand livre avec les "
                "pièces (relevé, chèques, factures) et corrigez l'écriture en cause.",
            ),
            _spec(
                "UNEXPECTED_ACCOUNT",
                "books_clean",
                "releve",
                "Compte mouvementé à tort",
                "Le compte {account} ({name}) finit avec un solde {actual} alors que le dossier ne le concerne pas "
                "(solde attendu {expected}) : aucune opération du dossier ne devait y être passée. Annulez "
                "l'écriture qui le mouvemente.",
            ),
            # --- cheques ----------------------------------------------------------------------------------------
            _spec(
                "CHEQUE_NOT_ENDORSED",
                "cheques_endorsed",
                "cheques",
                "Chèque non endossé",
                "Le chèque n° {cheque} de {customer} ({amount}) n'a pas été correctement endossé : au dos, portez "
                "l'ordre de payer à votre banque, le numéro du compte à créditer ({account}), la raison sociale et "
                "une signature autorisée.",
            ),
            _spec(
                "SLIP_MISSING",
                "deposit_slip",
                "cheques",
                "Bordereau de remise absent",
                "Les chèques reçus ({count}, total {amount}) n'ont pas été remis en banque : établissez un bordereau "
                "de remise (date, compte à créditer, une ligne par chèque, nombre et total), puis, quand la banque "
                "crédite la remise, débitez le 512 et créditez le 5112 de son total.",
            ),
            _spec(
                "SLIP_CHEQUE_MISSING",
                "deposit_slip",
                "cheques",
                "Chèque absent du bordereau",
                "Le chèque n° {cheque} de {customer} ({amount}) ne figure pas sur le bordereau de remise : chaque "
                "chèque remis doit y avoir sa ligne (tireur, banque tirée, numéro, montant).",
            ),
            _spec(
                "SLIP_FIELD_WRONG",
                "deposit_slip",
                "cheques",
                "Zone du bordereau erronée",
                "Bordereau de remise, {cheque} ({customer}, {amount}) : zone(s) erronée(s) : {field}. Recopiez "
                "exactement le tireur, la banque tirée, le numéro et le montant de chaque chèque, et l'IBAN du "
                "compte à créditer.",
            ),
            _spec(
                "SLIP_TOTAL_WRONG",
                "deposit_slip",
                "cheques",
                "Total du bordereau erroné",
                "Le bordereau de remise annonce {count} chèque(s) pour {amount} alors que ses lignes totalisent "
                "{expected_count} chèque(s) pour {expected_amount} : le nombre et le total doivent égaler la somme "
                "des lignes.",
            ),
            # --- bank -------------------------------------------------------------------------------------------
            _spec(
                "STATEMENT_NOT_ANNOTATED",
                "statement_annotated",
                "annotation",
                "Relevé non annoté",
                "La ligne du relevé du {date} « {customer} » de {amount} n'a pas été annotée : écrivez à "
                "côté « Enregistré le … par … » pour montrer qu'elle a été comptabilisée.",
            ),
            _spec(
                "SLIP_NOT_RECONCILED",
                "statement_reconciled",
                "rapprochement",
                "Remise non rapprochée du relevé",
                "La ligne du relevé du {date} « {label} » de {amount} est le crédit par la banque de la "
                "remise de chèques {slip} : rapprochez-la de cette remise. C'est ce rapprochement qui passe "
                "l'écriture débit 512 / crédit 5112 ; sans lui les chèques restent au 5112 et les factures "
                "« En paiement ».",
            ),
            # --- follow-up --------------------------------------------------------------------------------------
            _spec(
                "REMINDED_PAID_CUSTOMER",
                "no_undue_reminder",
                "releve",
                "Relance d'un client qui a payé",
                "{customer} a déjà réglé {documents} : il ne fallait pas le relancer. Rapprochez la banque avant "
                "toute relance.",
            ),
            _spec(
                "REMINDED_NOT_DUE",
                "no_undue_reminder",
                "relance",
                "Relance avant l'échéance",
                "{customer} a été relancé pour {documents} alors que l'échéance du {date} n'était pas passée : un "
                "client n'est en retard qu'après la date d'échéance, attendez-la avant toute relance.",
            ),
            _spec(
                "OVERDUE_NOT_REMINDED",
                "reminders_sent",
                "relance",
                "Retard non relancé",
                "{customer} n'a pas été relancé pour {documents} ({amount} TTC, échue le {date}) : après "
                "rapprochement bancaire, relancez par téléphone et par e-mail selon le plan de relance.",
            ),
            _spec(
                "EMAIL_WRONG_RECIPIENT",
                "reminders_sent",
                "relance",
                "Mauvais destinataire",
                "L'e-mail de relance pour {documents} a été envoyé à {to} : il fallait l'adresser au contact "
                "comptable de {customer}, {expected_to}.",
            ),
            _spec(
                "EMAIL_MISSING_AMOUNT",
                "reminder_content",
                "relance",
                "Montant TTC absent de l'e-mail",
                "L'e-mail de relance à {customer} n'indique pas le montant restant dû TTC de {documents} "
                "({amount}) : {written} Rappelez le montant TTC exact.",
            ),
            _spec(
                "EMAIL_MISSING_REFERENCE",
                "reminder_content",
                "relance",
                "Référence de facture absente",
                "L'e-mail de relance à {customer} ne cite pas {documents} : indiquez le numéro et la date de chaque "
                "facture relancée, dans l'objet et dans le message.",
            ),
            _spec(
                "EMAIL_MISSING_DUE_DATE",
                "reminder_content",
                "relance",
                "Échéance absente de l'e-mail",
                "L'e-mail de relance à {customer} ne rappelle pas l'échéance de {documents} (le {date}) : indiquez "
                "la date d'échéance dépassée.",
            ),
            _spec(
                "EMAIL_NO_PAYMENT_REQUEST",
                "reminder_content",
                "relance",
                "Pas de demande de règlement",
                "L'e-mail de relance à {customer} ne demande pas le paiement de {documents} : demandez clairement de "
                "régler {amount} TTC par virement (en donnant l'IBAN) ou par chèque.",
            ),
            _spec(
                "EMAIL_NO_POLITENESS",
                "reminder_content",
                "relance",
                "Formules de politesse absentes",
                "L'e-mail de relance à {customer} ({documents}) manque de formules de politesse : commencez par une "
                "formule d'appel (« Madame, Monsieur, ») et terminez par une formule de politesse "
                "(« Cordialement », « Veuillez agréer… »).",
            ),
            _spec(
                "EMAIL_NO_SIGNATURE",
                "reminder_content",
                "relance",
                "E-mail non signé",
                "L'e-mail de relance à {customer} ({documents}) n'est pas signé : {ending} Terminez par votre "
                "signature : votre prénom et votre nom, votre fonction et la raison sociale de votre entreprise.",
            ),
            _spec(
                "CALL_NOT_LOGGED",
                "reminders_sent",
                "relance",
                "Appel non noté",
                "Aucune note d'appel n'a été enregistrée pour {customer} ({documents}) : après chaque relance "
                "téléphonique, notez la date de l'appel, l'interlocuteur, le montant TTC, l'échéance et la réponse "
                "du client (date et moyen de paiement promis).",
            ),
            _spec(
                "CALL_NOTE_INCOMPLETE",
                "reminder_content",
                "relance",
                "Note d'appel incomplète",
                "La note d'appel pour {customer} ({documents}) ne mentionne pas {field} : elle doit reprendre le "
                "numéro de facture, le montant TTC, la date d'échéance et la réponse du client (date et moyen de "
                "paiement promis).",
            ),
            _spec(
                "NEXT_ACTION_MISSING",
                "next_action_set",
                "suivi",
                "Prochaine relance non planifiée",
                "Aucune prochaine action n'est planifiée pour {customer} ({documents}, {amount} TTC dus) : fixez la "
                "date de la prochaine relance (lendemain du paiement promis ou niveau suivant du plan de relance).",
            ),
            # --- beyond contracts.md (extensions it allows) -------------------------------------------------
            _spec(
                "EMAIL_NO_LATE_PENALTIES",
                "reminder_content",
                "relance",
                "Pénalités et indemnité non rappelées",
                "L'e-mail de relance de niveau {level} à {customer} ({documents}) ne rappelle pas les pénalités de "
                "retard et l'indemnité forfaitaire de 40 € pour frais de recouvrement : à partir du deuxième niveau, "
                "la relance les mentionne (Code de commerce, L441-10).",
            ),
            _spec(
                "REMINDER_LEVEL_SKIPPED",
                "reminders_sent",
                "relance",
                "Niveau de relance sauté",
                "{customer} a reçu une relance de niveau {level} ({level_name}) le {date} alors que le plan de "
                "relance n'en était qu'au niveau {expected_level} ({expected_level_name}) : le niveau découle du "
                "retard de la facture ouverte la plus ancienne ; ne sautez pas d'étape.",
            ),
            _spec(
                "NEXT_ACTION_WRONG_DATE",
                "next_action_set",
                "suivi",
                "Prochaine action hors délai",
                "La prochaine action pour {customer} ({documents}) est planifiée le {date} : elle doit tomber "
                "entre le {earliest} et le {latest}, pour ne pas laisser le retard s'installer.",
            ),
            _spec(
                "NEXT_ACTION_BEFORE_PROMISE",
                "next_action_set",
                "suivi",
                "Prochaine action avant le paiement annoncé",
                "La prochaine action pour {customer} est planifiée le {date}, alors que le règlement de "
                "{documents} est annoncé pour le {expected_date} : placez-la le lendemain du paiement annoncé, "
                "le {expected_next}, pour vérifier alors le relevé bancaire.",
            ),
            _spec(
                "UNJUSTIFIED_CREDIT_NOTE",
                "books_clean",
                "lettrage",
                "Avoir sans justification",
                "Un avoir de {amount} a été émis le {date} sur {document} ({customer}) alors que rien dans le "
                "dossier ne le justifie : un avoir diminue le chiffre d'affaires ou passe une charge ; il ne "
                "s'émet que pour un escompte accordé, un retour de marchandises ou une erreur de facturation.",
            ),
            # --- the follow-up pack (scenarios/relances) ----------------------------------------------------
            _spec(
                "DISPUTE_NOT_EXCLUDED",
                "disputes_handled",
                "litige",
                "Litige non exclu des relances",
                "{customer} conteste {document} ({amount}) : la facture devait être exclue des relances, avec le "
                "motif du litige, tant que celui-ci n'est pas réglé. Sinon elle sera relancée à chaque niveau.",
            ),
            _spec(
                "EXCLUDED_WITHOUT_DISPUTE",
                "disputes_handled",
                "litige",
                "Facture exclue sans litige",
                "{document} ({customer}, {amount}) a été exclue des relances alors que le client ne la conteste "
                "pas : réintégrez-la, sans quoi elle ne sera plus jamais relancée.",
            ),
            _spec(
                "REMINDED_DISPUTED_INVOICE",
                "no_undue_reminder",
                "litige",
                "Relance d'une facture en litige",
                "{customer} a été relancé le {date} pour {document} ({amount}), qu'il conteste : une facture en "
                "litige ne se relance pas ; excluez-la des relances et traitez d'abord le litige.",
            ),
            _spec(
                "EXPECTED_PAYMENT_DATE_MISSING",
                "expected_payments_noted",
                "paiement-prevu",
                "Date de paiement prévue non notée",
                "{customer} a annoncé le règlement de {document} ({amount}) pour le {expected_date} : notez cette "
                "date de paiement prévue sur la facture, pour vérifier le relevé bancaire ce jour-là.",
            ),
            _spec(
                "EXPECTED_PAYMENT_DATE_WRONG",
                "expected_payments_noted",
                "paiement-prevu",
                "Date de paiement prévue erronée",
                "La date de paiement prévue de {document} ({customer}) est le {date} : le client a annoncé le "
                "{expected_date}. Reprenez la date de son message.",
            ),
            _spec(
                "STATEMENT_NOT_SENT",
                "statement_sent",
                "releve-client",
                "Relevé de compte non envoyé",
                "Le relevé de compte de {customer} n'a pas été envoyé : envoyez-lui le relevé de ses pièces non "
                "soldées ({amount} restant dû), les pièces en litige ({documents}) à part.",
            ),
            _spec(
                "STATEMENT_SHOWS_DISPUTE",
                "statement_sent",
                "releve-client",
                "Litige compté dans le relevé",
                "Le relevé envoyé à {customer} compte {documents} dans le total restant dû : excluez d'abord la "
                "facture contestée des relances, puis envoyez le relevé, qui la présente à part, hors total.",
            ),
            _spec(
                "CONTACTED_NOT_DUE_TODAY",
                "no_undue_reminder",
                "a-contacter",
                "Client relancé hors de son tour",
                "{customer} a été relancé le {date} alors qu'il n'était pas à contacter aujourd'hui : son niveau "
                "de relance ({level}) était déjà traité et sa prochaine action était prévue le {next_date}. "
                "Attendez cette date, sauf nouveau niveau atteint.",
            ),
            _spec(
                "WRONG_CHANNEL_FOR_LEVEL",
                "reminders_sent",
                "relance",
                "Moyen de relance inadapté au niveau",
                "{customer} a été relancé le {date} par {channel} alors qu'au niveau {level} ({level_name}) le plan "
                "de relance prévoit : {expected_channel}. Utilisez le moyen du niveau atteint.",
            ),
            # --- a month of follow-up, « Un mois de relances » (grading/period.py) ---------------------------
            _spec(
                "REMINDER_LATE",
                "reminders_on_time",
                "a-contacter",
                "Relance en retard sur le plan",
                "{customer} a atteint le niveau {level} ({level_name}) le {date} mais n'a été relancé que le "
                "{reminded} : relancez le jour où le niveau est atteint (au plus tard {tolerance} jours après), "
                "d'après la liste « À contacter aujourd'hui ».",
            ),
            _spec(
                "REMINDER_LEVEL_BELOW",
                "reminders_sent",
                "relance",
                "Relance d'un niveau déjà dépassé",
                "{customer} a reçu le {date} une relance de niveau {level} ({level_name}) alors qu'il avait "
                "atteint le niveau {expected_level} ({expected_level_name}) pour {documents} : envoyez la "
                "relance du niveau atteint, plus ferme, et non celle d'un niveau déjà dépassé.",
            ),
            _spec(
                "REMINDER_TOO_EARLY",
                "reminders_on_time",
                "relance",
                "Relance envoyée avant son niveau",
                "{customer} a reçu le {date} une relance de niveau {level} ({level_name}) alors que {document}, "
                "échue le {due_date}, n'atteignait ce niveau que le {expected_date} : un client en retard "
                "n'est relancé qu'au jour où le plan de relance l'atteint ; attendez cette date.",
            ),
            _spec(
                "REMINDED_IN_LITIGATION",
                "no_undue_reminder",
                "contentieux",
                "Relance amiable d'un client au contentieux",
                "{customer} a été relancé le {date} alors que ses factures échues ({documents}) avaient été "
                "transférées en clients douteux (416) : une fois au contentieux, les relances amiables "
                "s'arrêtent ; ne relancez plus ce client et suivez la procédure de recouvrement.",
            ),
            _spec(
                "REMINDED_DISPUTED_CUSTOMER",
                "no_undue_reminder",
                "litige",
                "Relance d'un client dont tout l'échu est en litige",
                "{customer} a été relancé le {date} alors que ses seules factures échues ({documents}) étaient "
                "contestées et exclues des relances : il ne restait rien à relancer ; traitez d'abord le "
                "litige.",
            ),
            _spec(
                "REMINDED_BEFORE_PROMISED_DATE",
                "no_undue_reminder",
                "paiement-prevu",
                "Relance avant la date de paiement promise",
                "{customer} a été relancé le {date} pour {documents} alors qu'il avait promis de payer le "
                "{expected_date} : attendez cette date et vérifiez le relevé bancaire le lendemain avant de "
                "relancer de nouveau.",
            ),
            _spec(
                "REMINDER_DUPLICATED",
                "no_undue_reminder",
                "relance",
                "Relance envoyée en double",
                "{customer} a reçu {count} relances de niveau {level} ({channel}) le {date} : une seule relance "
                "par niveau et par jour ; vérifiez le journal des relances avant d'en envoyer une autre.",
            ),
            _spec(
                "DOUBTFUL_NOT_TRANSFERRED",
                "doubtful_transferred",
                "contentieux",
                "Créance non transférée en clients douteux",
                "La mise en demeure de {customer} est restée sans effet : passé son délai, les factures ouvertes "
                "({documents}, {amount} TTC) devaient être transférées du compte 411 au compte 416 « Clients "
                "douteux ou litigieux » (OD : débit 416, crédit 411). Transférez-les en clients douteux.",
            ),
            _spec(
                "DOUBTFUL_WRONG_AMOUNT",
                "doubtful_transferred",
                "contentieux",
                "Montant transféré en 416 erroné",
                "{amount} ont été transférés en clients douteux pour {customer} : il fallait transférer tout le "
                "TTC restant dû ({expected_amount}, {documents}) du 411 au 416.",
            ),
            _spec(
                "DOUBTFUL_UNDUE",
                "doubtful_transferred",
                "contentieux",
                "Transfert en 416 injustifié",
                "Les factures de {customer} ({documents}, {amount}) ont été transférées en clients douteux alors "
                "que rien ne le justifiait : ne transférez en 416 qu'un client resté sans réponse après le délai "
                "de sa mise en demeure.",
            ),
            _spec(
                "PENALTIES_NOT_BILLED",
                "late_fees_billed",
                "penalites",
                "Pénalités de retard non facturées",
                "{customer} a réglé {document} avec {days} jours de retard : il fallait lui facturer les pénalités "
                "de retard ({expected_amount}) et l'indemnité forfaitaire de 40 € (débit 411, crédit 7631).",
            ),
            _spec(
                "PENALTIES_WRONG_AMOUNT",
                "late_fees_billed",
                "penalites",
                "Montant des pénalités erroné",
                "Les pénalités facturées sur {document} ({customer}) s'élèvent à {amount} au lieu de "
                "{expected_amount} : calculez montant TTC × taux annuel (BCE + 10 points) × {days} jours de "
                "retard / 365, du lendemain de l'échéance au jour du paiement, sans TVA.",
            ),
            _spec(
                "INDEMNITY_MISSING",
                "late_fees_billed",
                "penalites",
                "Indemnité forfaitaire oubliée",
                "Les pénalités de {document} ({customer}) ont été facturées sans l'indemnité forfaitaire pour "
                "frais de recouvrement de 40 € : facturez-la pour chaque facture payée en retard (Code de "
                "commerce, D441-5).",
            ),
            # --- the follow-up strategy a student configures (grading/strategy.py) ------------------------
            _spec(
                "STRATEGY_LEVEL_MISSING",
                "strategy_levels",
                "strategie",
                "Niveau de relance manquant",
                "Le niveau « {name} » manque à la stratégie : il doit être atteint {days} jours après l'échéance "
                "et exécuter : {expected_actions}. Ajoutez-le dans Relances › Niveaux de relance, sinon aucun "
                "client ne sera relancé à cette étape du plan.",
            ),
            _spec(
                "STRATEGY_EXTRA_LEVEL",
                "strategy_levels",
                "strategie",
                "Niveau de relance en trop",
                "Le niveau {level} « {name} » ({days} jours après l'échéance) ne fait pas partie de la stratégie "
                "demandée : supprimez-le, sinon il relancera des clients à une date que le plan ne prévoit pas.",
            ),
            _spec(
                "STRATEGY_WRONG_NAME",
                "strategy_levels",
                "strategie",
                "Nom du niveau erroné",
                "Le niveau atteint à {days} jours s'appelle « {name} » : la stratégie demandée le nomme "
                "« {expected_name} ». Le nom du niveau figure sur les lettres et dans la liste des clients à "
                "relancer : reprenez celui du guide.",
            ),
            _spec(
                "STRATEGY_WRONG_MARKER",
                "strategy_levels",
                "strategie",
                "Marqueur de relance erroné",
                "Le niveau « {name} » a pour marqueur « {marker} » au lieu de « {expected_marker} » : le marqueur "
                "repère le niveau sur les pièces relancées : saisissez celui du guide.",
            ),
            _spec(
                "STRATEGY_WRONG_DAYS",
                "strategy_levels",
                "strategie",
                "Délai du niveau erroné",
                "Le niveau « {name} » est atteint {days} jours après l'échéance au lieu de {expected_days} : les "
                "clients passeraient à ce niveau {timing}. Saisissez {expected_days} jours, comptés après la date "
                "d'échéance.",
            ),
            _spec(
                "STRATEGY_WRONG_ACTIONS",
                "strategy_actions",
                "strategie",
                "Actions du niveau erronées",
                "Le niveau « {name} » exécute : {actions} ; la stratégie demande : {expected_actions}. Cochez "
                "exactement ces actions : ce sont elles que la relance du niveau déclenche.",
            ),
            _spec(
                "STRATEGY_TEMPLATE_INCOMPLETE",
                "strategy_templates",
                "strategie",
                "Modèle de lettre incomplet",
                "Le modèle de lettre du niveau « {name} » ne cite pas {placeholders} : ajoutez ces variables, que "
                "l'ERP remplace par les données du client à l'impression.",
            ),
            # relances par lot (one run chasing every customer at a level): simulator.grading.lots
            _spec(
                "LOT_MISSING",
                "lot_run",
                "lot",
                "Relance par lot non lancée",
                "Aucune relance par lot n'a été lancée au niveau {level} le {date} : lancez le processus de "
                "relance (Relances › Lancer le processus de relance) pour relancer {customers}.",
            ),
            _spec(
                "LOT_WRONG_LEVEL",
                "lot_run",
                "lot",
                "Lot lancé au mauvais niveau",
                "Le lot {lot} relance au niveau {level} ({level_name}) : la consigne demandait le niveau "
                "{expected_level} ({expected_level_name}). Chaque niveau a son moyen et son ton : ces clients "
                "n'ont pas reçu la relance prévue.",
            ),
            _spec(
                "LOT_WRONG_DATE",
                "lot_run",
                "lot",
                "Lot daté d'un autre jour",
                "Le lot {lot} est daté du {date} : lancez la relance à la date du jour, le {expected_date}, pour "
                "sélectionner les clients au niveau atteint aujourd'hui.",
            ),
            _spec(
                "LOT_CUSTOMER_MISSING",
                "lot_run",
                "lot",
                "Client oublié dans le lot",
                "{customer} ({amount} échus) était au niveau {level} le {date} et devait être relancé dans le "
                "lot : n'excluez que les clients et les modes de règlement que la consigne écarte, et "
                "renseignez l'adresse électronique qui manque plutôt que d'exclure le client.",
            ),
            _spec(
                "LOT_EXCLUDED_METHOD_REMINDED",
                "no_undue_reminder",
                "lot",
                "Client d'un mode de règlement exclu relancé",
                "{customer} règle par {method}, mode de règlement exclu de la relance : il ne devait pas figurer "
                "dans le lot {lot}. Excluez ce mode de règlement dans l'assistant avant de lancer la relance.",
            ),
            _spec(
                "LOT_EXCLUDED_CUSTOMER_REMINDED",
                "no_undue_reminder",
                "lot",
                "Client à exclure relancé",
                "{customer} figure dans le lot {lot} alors que la consigne demandait de l'exclure de la relance "
                "(pas d'adresse électronique connue : il sera appelé). N'inventez pas d'adresse : excluez-le.",
            ),
            _spec(
                "LOT_CUSTOMER_NOT_DUE",
                "no_undue_reminder",
                "lot",
                "Client relancé hors de son niveau",
                "{customer} figure dans le lot {lot} alors qu'il n'était pas au niveau {level} le {date} : le "
                "lot ne relance que les clients dont la facture la plus en retard a atteint ce niveau ce jour-là : "
                "lancez-le à la date du jour.",
            ),
            _spec(
                "LOT_EMAIL_UNRESOLVED",
                "lot_emails",
                "lot",
                "Adresse électronique non renseignée",
                "{customer} n'a pas d'adresse électronique sur sa fiche : elle figure dans son message "
                "({expected_email}). Renseignez-la (Clients sans adresse électronique) pour qu'il reçoive la "
                "relance.",
            ),
            _spec(
                "LOT_EMAIL_WRONG",
                "lot_emails",
                "lot",
                "Adresse électronique erronée",
                "L'adresse électronique saisie pour {customer} est {email} : son message donne "
                "{expected_email}. La relance est partie à une mauvaise adresse : corrigez-la sur la fiche du client.",
            ),
            _spec(
                "ANSWER_MISSING",
                "summary_quoted",
                "lot",
                "Chiffre de la synthèse non reporté",
                "Vous n'avez pas répondu à « {question} » (Consignes) : la synthèse du lot donne {expected}.",
            ),
            _spec(
                "ANSWER_WRONG",
                "summary_quoted",
                "lot",
                "Chiffre de la synthèse erroné",
                "« {question} » : vous avez reporté {value}, la synthèse du lot attendu donne {expected}. "
                "Relisez la synthèse : toutes les écritures non lettrées des clients du lot, débit (factures) "
                "et crédit (avoirs, règlements non lettrés).",
            ),
            # the month-end lettrage (scenarios/lettrage): simulator.grading.lettrage
            _spec(
                "LETTRAGE_WRONG_COMBINATION",
                "lettrage_sets",
                "lettrage",
                "Mauvaise combinaison lettrée",
                "Au compte de {customer}, {items} ont été lettrés ensemble alors qu'ils ne se correspondent pas : "
                "les libellés des virements donnent {expected}. Délettrez puis lettrez chaque facture avec les "
                "règlements qui la citent.",
            ),
            _spec(
                "LETTRAGE_ACROSS_CUSTOMERS",
                "lettrage_sets",
                "lettrage",
                "Lettrage entre deux clients",
                "{items} ont été lettrés ensemble alors qu'ils appartiennent à {customers} : on ne lettre que "
                "les lignes d'un même compte client, même quand les montants sont égaux.",
            ),
            _spec(
                "LETTRAGE_MISSING",
                "lettrage_sets",
                "lettrage",
                "Lignes non lettrées",
                "Au compte de {customer}, {items} devaient être lettrés ensemble, {how} : le libellé du "
                "virement cite la facture. Lettrez-les (à la main si le lettrage automatique les a laissés).",
            ),
            _spec(
                "AUTO_WRITEOFF_TOO_LARGE",
                "lettrage_writeoffs",
                "ecart",
                "Écart au-delà de l'écart autorisé soldé",
                "Un écart de {gap} a été soldé au compte {account} en lettrant {items} ({customer}) alors "
                "qu'il dépasse l'écart autorisé de {tolerance} : délettrez, puis lettrez partiellement ; la "
                "facture reste due pour la différence et le client est à relancer.",
            ),
            _spec(
                "AUTO_WRITEOFF_WRONG_ACCOUNT",
                "lettrage_writeoffs",
                "ecart",
                "Écart soldé au mauvais compte",
                "L'écart {direction} de {gap} en lettrant {items} ({customer}) a été soldé au compte "
                "{account} : il fallait le {expected_account} (658 quand le client a payé moins, 758 quand "
                "il a payé plus). Délettrez et relancez le lettrage avec les bons comptes d'annulation.",
            ),
            _spec(
                "AUTO_PARAMETERS_WRONG",
                "auto_run_parameters",
                "lettrage-automatique",
                "Paramètres du lettrage automatique non respectés",
                "Aucun lettrage automatique en vigueur n'a été lancé avec les paramètres de la consigne : "
                "puissance {power}, écart autorisé {gap}, annulations sur {accounts}. Lancez-le avec "
                "exactement ces paramètres.",
            ),
        ]
    )
)
