"""Actions told in French, as a teacher reads them: the reference solution of a pack preview and each step
of an attempt's timeline (« Règlement de 962,44 € de Dupont SARL au journal BNK le 02/03/2026 … »)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from simulator.formatting import format_date, format_money
from simulator.ledger.books import Books
from simulator.ledger.lots import PAYMENT_METHODS
from simulator.ledger.names import item_name, payment_name, statement_line_name
from simulator.messages.french import de
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.world.model import World
from simulator.packs.world.strategy import ACTION_LABELS

JOURNALS = {"BNK": "banque", "CHQ": "chèques reçus"}


def _money(value: Any) -> str:
    try:
        return format_money(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return f"« {value} »"


def _date(value: Any) -> str:
    try:
        return format_date(date.fromisoformat(str(value)))
    except ValueError:
        return f"« {value} »"


def _customer(world: World, customer_id: Any) -> str:
    profile = world.customer(str(customer_id))
    return profile.customer.name if profile else f"« {customer_id} »"


def _list(items: Any) -> str:
    items = [str(i) for i in items] if isinstance(items, list) else [str(items)]
    return ", ".join(items) if items else "aucune pièce"


def _line(world: World, line_id: Any) -> str:
    """A bank statement line by its date, label and amount, as the screens show it."""
    line = world.statement_line(str(line_id))
    return statement_line_name(line) if line is not None else f"ligne de relevé « {line_id} »"


def describe(action: Mapping[str, Any], world: World, books: Books | None = None) -> str:
    """One sentence for one action of contracts.md's vocabulary (unknown types are named as they are).
    With ``books`` (the books once the action is applied), receipts are named by their entry number, as
    the screens name them; statement lines are always named by their date, label and amount."""
    a, kind = action, action.get("type")

    def items(keys: Any) -> str:
        keys = keys if isinstance(keys, list) else [keys]
        return _list([item_name(books, str(k)) if books is not None else k for k in keys])

    def payment(pid: Any) -> str:
        return payment_name(books, str(pid)) if books is not None else str(pid)

    if kind == "register_payment":
        text = (
            f"Règlement de {_money(a.get('amount'))} {de(_customer(world, a.get('customer')))} "
            f"au journal {a.get('journal')} ({JOURNALS.get(a.get('journal'), '?')}) le {_date(a.get('date'))}, "
            f"lettré avec {_list(a.get('documents', []))}"
        )
        difference = a.get("difference") or {}
        if difference.get("handling") == "write_off":
            text += f" ; écart passé au compte {difference.get('account')}"
            if difference.get("vat_rate"):
                text += f" avec TVA à {difference.get('vat_rate')} %"
        elif difference.get("handling") == "keep_open":
            text += " ; écart laissé ouvert"
        return text + "."
    if kind == "credit_note":
        return (
            f"Avoir de {_money(a.get('amount_ht'))} HT sur {a.get('invoice')} le {_date(a.get('date'))} "
            f"(motif : {a.get('reason')})."
        )
    if kind == "match":
        return f"Lettrage manuel chez {_customer(world, a.get('customer'))} : {items(a.get('items', []))}."
    if kind == "unmatch":
        return f"Délettrage de {items(a.get('items', []))}."
    if kind == "endorse_cheque":
        return f"Endossement du chèque {a.get('cheque')} au profit du compte {a.get('account')}."
    if kind == "deposit_cheques":
        return (
            f"Bordereau de remise de {a.get('count')} chèque(s) pour {_money(a.get('total'))} "
            f"le {_date(a.get('date'))}."
        )
    if kind == "annotate_statement":
        return f"Annotation de la {_line(world, a.get('statement_line'))} : « {a.get('text')} »."
    if kind == "add_note":
        return f"Note sur {a.get('document')} : « {a.get('text')} »."
    if kind == "log_call":
        return f"Appel de relance à {_customer(world, a.get('customer'))} le {_date(a.get('date'))} : « {a.get('note')} »."
    if kind == "send_email":
        return f"E-mail de relance à {_customer(world, a.get('customer'))} ({a.get('to')}) : « {a.get('subject')} »."
    if kind == "send_letter":
        return f"Lettre de relance de niveau {a.get('level')} à {_customer(world, a.get('customer'))} le {_date(a.get('date'))}."
    if kind == "set_next_action":
        return f"Prochain rappel pour {_customer(world, a.get('customer'))} le {_date(a.get('date'))}."
    if kind == "cancel_payment":
        return f"Annulation du règlement {payment(a.get('payment'))}."
    if kind == "cancel_credit_note":
        return f"Annulation de l'avoir {a.get('number')}."
    if kind == "cancel_deposit":
        return f"Annulation du bordereau {a.get('slip')}."
    if kind == "reconcile_statement_line":
        target = (
            f"du bordereau {a.get('slip')}"
            if a.get("slip")
            else f"des règlements {_list([payment(p) for p in a.get('payments', [])])}"
        )
        return f"Rapprochement de la {_line(world, a.get('statement_line'))} avec {target}."
    if kind == "exclude_from_followup":
        return f"{a.get('document')} exclue des relances (motif : {a.get('reason')})."
    if kind == "include_in_followup":
        return f"{a.get('document')} réintégrée dans les relances."
    if kind == "set_expected_payment_date":
        return f"Date de paiement prévue de {a.get('document')} : {_date(a.get('date'))}."
    if kind == "send_statement":
        return f"Relevé de compte envoyé à {_customer(world, a.get('customer'))} le {_date(a.get('date'))}."
    return _issue_12(a, kind, world)


def _level_actions(actions: Any) -> str:
    items = actions if isinstance(actions, list) else [actions]
    return ", ".join(ACTION_LABELS.get(str(x), f"« {x} »").lower() for x in items)


def _issue_12(a: Mapping[str, Any], kind: Any, world: World) -> str:
    """The actions of the strategy, the run by lot and the month-long scenario."""
    if kind in ("add_followup_level", "update_followup_level"):
        what = "ajouté" if kind == "add_followup_level" else f"{a.get('level')} modifié"
        return (
            f"Niveau de relance {what} : « {a.get('name')} », {a.get('days')} jours après l'échéance "
            f"({_level_actions(a.get('actions', []))})."
        )
    if kind == "remove_followup_level":
        return f"Niveau de relance {a.get('level')} supprimé."
    if kind == "run_followup":
        text = f"Relance par lot au niveau {a.get('level')} le {_date(a.get('date'))}"
        methods = [PAYMENT_METHODS.get(str(m), str(m)).lower() for m in a.get("excluded_methods") or []]
        if methods:
            text += f", modes de règlement exclus : {', '.join(methods)}"
        customers = [_customer(world, c) for c in a.get("excluded_customers") or []]
        if customers:
            text += f", clients exclus : {', '.join(customers)}"
        return text + "."
    if kind == "set_customer_email":
        return f"Adresse électronique {de(_customer(world, a.get('customer')))} : {a.get('email')}."
    if kind == "answer":
        question = world.question(str(a.get("question")))
        if question is None:
            return f"Réponse à la question « {a.get('question')} » : {a.get('value')}."
        value = a.get("value") if question.is_count else _money(a.get("value"))
        return f"Réponse à « {question.label} » : {value}."
    if kind == "advance_days":
        return f"Calendrier avancé de {a.get('days')} jour(s)."
    if kind == "transfer_to_doubtful":
        invoices = a.get("invoices")
        which = f"des factures {_list(invoices)}" if invoices else "des factures ouvertes"
        return (
            f"Transfert en clients douteux (416) {which} {de(_customer(world, a.get('customer')))} "
            f"le {_date(a.get('date'))}."
        )
    if kind == "bill_late_fees":
        rate = f"au taux de {a.get('rate')} %" if a.get("rate") not in (None, "") else "au taux légal"
        indemnity = "avec" if a.get("indemnity", True) is not False else "sans"
        return (
            f"Pénalités de retard facturées sur {a.get('invoice')} le {_date(a.get('date'))} {rate}, "
            f"{indemnity} l'indemnité forfaitaire de 40 €."
        )
    if kind == "auto_reconcile":
        write_off = a.get("write_off")
        annulations = (
            f"annulations au {write_off.get('account')}"
            + (f" / {write_off.get('gain_account')}" if write_off.get("gain_account") else "")
            + f", journal {write_off.get('journal')}"
            if isinstance(write_off, dict)
            else "sans annulations"
        )
        accounts = a.get("accounts")
        return (
            f"Lettrage automatique des comptes {_list(accounts if isinstance(accounts, list) else [accounts])}, "
            f"puissance {a.get('power')}, écart autorisé {_money(a.get('max_gap'))}, {annulations}, "
            f"du {_date(a.get('date_from'))} au {_date(a.get('date_to'))}."
        )
    if kind == "undo_auto_reconcile":
        sets = a.get("sets")
        which = f"des lettrages {_list(sets)}" if sets else "de tous ses lettrages"
        return f"Délettrage du lettrage automatique {a.get('run')} : {which}."
    return f"Action « {kind} »."


def reference_steps(world: World) -> list[str]:
    """The reference solution of a world as a readable French list of steps (the teacher's pack preview)."""
    actions = solve(world)
    books = replay(world, actions).books
    return [describe(action, world, books) for action in actions]
