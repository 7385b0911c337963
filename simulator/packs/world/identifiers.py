"""French business identifiers computed from their definitions: the Luhn check digit of SIREN and SIRET, the
intra-community VAT number, the RIB key and the IBAN check digits."""

from __future__ import annotations


def luhn_complete(payload: str) -> str:
    """``payload`` + the one digit that makes the whole number Luhn-valid (its last digit is doubled once
    the check digit follows it)."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch) * (1 if i % 2 else 2)
        total += d - 9 if d > 9 else d
    return f"{payload}{-total % 10}"


def vat_number(siren: str) -> str:
    """French intra-community VAT number: FR + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97."""
    if not (len(siren) == 9 and siren.isdigit()):
        raise ValueError(f"SIREN must be 9 digits: {siren!r}")
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


_RIB_LETTER_GROUPS = ("AJ", "BKS", "CLT", "DMU", "ENV", "FOW", "GPX", "HQY", "IRZ")  # A/J=1, B/K/S=2…
_RIB_LETTERS = {c: str(i) for i, grp in enumerate(_RIB_LETTER_GROUPS, 1) for c in grp}


def rib_key(bank_code: str, branch_code: str, account: str) -> str:
    """Clé RIB: 97 − ((89 × banque + 15 × guichet + 3 × compte) mod 97); letters in the account
    number count as digits (A/J=1, B/K/S=2, …, I/R/Z=9)."""
    account_digits = "".join(_RIB_LETTERS.get(c, c) for c in account.upper())
    return f"{97 - ((89 * int(bank_code) + 15 * int(branch_code) + 3 * int(account_digits)) % 97):02d}"


def format_iban(iban: str) -> str:
    compact = iban.replace(" ", "").upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def iban_from_rib(bank_code: str, branch_code: str, account: str, key: str | None = None) -> str:
    """French IBAN (formatted in groups of 4) from a RIB; the RIB key is computed when not given."""
    if len(bank_code) != 5 or len(branch_code) != 5 or len(account) != 11:
        raise ValueError("RIB is 5 + 5 + 11 characters (+ 2-digit key)")
    bban = f"{bank_code}{branch_code}{account.upper()}{key or rib_key(bank_code, branch_code, account)}"
    numeric = "".join(str(int(c, 36)) for c in bban + "FR00")
    return format_iban(f"FR{98 - int(numeric) % 97:02d}{bban}")
