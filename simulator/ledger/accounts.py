"""Chart of accounts (PCG) and journals used by the simulator."""

from __future__ import annotations

RECEIVABLE_PREFIX = "411"
DOUBTFUL = "416"
BANK = "512"
CHEQUES_TO_CASH = "5112"
VAT_COLLECTED = "44571"
SALES_SERVICES = "706"
SALES_GOODS = "707"
RRR_GRANTED = "709"
DISCOUNT_GRANTED = "665"
MISC_EXPENSE = "658"
MISC_INCOME = "758"
LATE_FEES = "7631"

ACCOUNT_NAMES: dict[str, str] = {
    RECEIVABLE_PREFIX: "Clients",
    DOUBTFUL: "Clients douteux ou litigieux",
    BANK: "Banques",
    CHEQUES_TO_CASH: "Chèques à encaisser",
    VAT_COLLECTED: "TVA collectée",
    SALES_SERVICES: "Prestations de services",
    SALES_GOODS: "Ventes de marchandises",
    RRR_GRANTED: "Rabais, remises et ristournes accordés",
    DISCOUNT_GRANTED: "Escomptes accordés",
    MISC_EXPENSE: "Charges diverses de gestion courante",
    MISC_INCOME: "Produits divers de gestion courante",
    LATE_FEES: "Revenus des créances commerciales",
}

# Journals: codes as in the attempt format (contracts.md).
SALES_JOURNAL = "VT"
BANK_JOURNAL = "BNK"
CHEQUE_JOURNAL = "CHQ"
MISC_JOURNAL = "OD"
JOURNAL_NAMES: dict[str, str] = {
    SALES_JOURNAL: "Ventes",
    BANK_JOURNAL: "Banque",
    CHEQUE_JOURNAL: "Chèques reçus",
    MISC_JOURNAL: "Opérations diverses",
}
#: The account a receipt is debited to, by journal.
RECEIPT_ACCOUNT: dict[str, str] = {BANK_JOURNAL: BANK, CHEQUE_JOURNAL: CHEQUES_TO_CASH}


def is_receivable(account: str) -> bool:
    return account.startswith(RECEIVABLE_PREFIX)


def customer_account(code: str) -> str:
    """The 411 sub-account of a customer, e.g. ``customer_account("BER") == "411BER"``."""
    return RECEIVABLE_PREFIX + code.upper()


def account_name(account: str) -> str:
    if is_receivable(account):
        return ACCOUNT_NAMES[RECEIVABLE_PREFIX]
    return ACCOUNT_NAMES.get(account, account)


def is_known_account(account: str) -> bool:
    return account in ACCOUNT_NAMES or (is_receivable(account) and len(account) > 3)
