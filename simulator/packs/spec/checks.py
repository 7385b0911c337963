"""Cross-checks of a scenario beyond its schema: keys and references between items, ranges, dates in the
past, placeholders, `when` groups, the rubric (:class:`ScenarioChecker`). A scenario with invalid list items
is still cross-checked on the rest (:func:`check_what_is_valid`). pack.yaml's own checks are in
:mod:`simulator.packs.spec.pack_checks`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from simulator.ledger.followup import level_reached
from simulator.ledger.money import VAT_RATES, ht_of_ttc, vat_of
from simulator.ledger.terms import days_past_due, due_date
from simulator.messages.formatting import short_date
from simulator.packs.spec import placeholders as ph
from simulator.packs.spec.criteria import CRITERIA
from simulator.packs.spec.pack_checks import check_levels
from simulator.packs.spec.schema import (
    CHANNEL_ACTIONS,
    AmountRange,
    CompanyOverride,
    FromDocuments,
    FromSlip,
    LineSpec,
    OffsetRange,
    PackSpec,
    SameAs,
    ScenarioSpec,
)
from simulator.packs.spec.strategy import levels_of, strategy_problems
from simulator.packs.spec.yamlsource import Loc, Source

INVOICE_ACCOUNTS = ("706", "707")
CREDIT_NOTE_ACCOUNTS = ("706", "707", "709", "665")
RESERVED_KEYS = ("company", "today")


CHANNEL_NAMES = {"phone": "téléphone", "email": "e-mail", "letter": "lettre"}
ACTION_NAMES = {
    "phone": "téléphone",
    "email": "e-mail",
    "letter": "lettre",
    "registered_letter": "lettre recommandée",
    "litigation": "contentieux",
}

#: the rubric criterion every pack must have (grading falls back to it)
BOOKS_CLEAN = "books_clean"

#: the rubric criterion every pack must have (grading falls back to it)
BOOKS_CLEAN = "books_clean"


def _fixed_range(value: Any) -> tuple[Decimal, Decimal] | None:
    """The [min, max] an AmountSpec can take when it does not depend on other items."""
    if isinstance(value, Decimal):
        return value, value
    if isinstance(value, AmountRange):
        return value.min, value.max
    return None


def _line_ht_bounds(line: LineSpec) -> tuple[Decimal, Decimal] | None:
    """The smallest and largest HT amount of a line, when they do not depend on other documents."""
    bounds = _fixed_range(line.drawn)
    return None if bounds is None else (line.ht(bounds[0]), line.ht(bounds[1]))


def _offset_range(value: int | OffsetRange) -> tuple[int, int]:
    if isinstance(value, OffsetRange):
        return value.min, value.max
    return value, value


SECTIONS = (
    ("customers", "customer"),
    ("invoices", "invoice"),
    ("credit_notes", "credit_note"),
    ("statement", "statement"),
    ("cheques", "cheque"),
    ("slips", "slip"),
    ("messages", "message"),
)


@dataclass
class _Item:
    kind: str
    loc: Loc
    spec: Any

    @property
    def group(self) -> str | None:
        when = getattr(self.spec, "when", None)
        return when.group if when else None


@dataclass
class _Pruned:
    """A scenario with its invalid list items left out, so that the cross-checks can still run on the
    rest: ``kept[prefix]`` maps each kept item's new index to its index in the file."""

    kept: dict[Loc, list[int]] = field(default_factory=dict)
    broken_keys: set[str] = field(default_factory=set)


_PRUNABLE: tuple[Loc, ...] = (
    ("customers",),
    ("invoices",),
    ("credit_notes",),
    ("statement",),
    ("cheques",),
    ("slips",),
    ("messages",),
    ("rubric",),
    ("hints",),
    ("expected", "receipts"),
    ("expected", "reminders"),
)


def _prune(data: Any, errors: list[dict[str, Any]]) -> tuple[Any, _Pruned] | None:
    """``data`` without the list items that fail the schema, or None when an error lies elsewhere."""
    bad: dict[Loc, set[int]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        prefix = next(
            (
                p
                for p in _PRUNABLE
                if loc[: len(p)] == p and len(loc) > len(p) and isinstance(loc[len(p)], int)
            ),
            None,
        )
        if prefix is None:
            return None
        bad.setdefault(prefix, set()).add(loc[len(prefix)])
    pruned = _Pruned()
    data = dict(data)
    for prefix, indexes in bad.items():
        parent = data
        for part in prefix[:-1]:
            parent[part] = dict(parent[part])
            parent = parent[part]
        items = parent[prefix[-1]]
        for i in sorted(indexes):
            if isinstance(items[i], dict) and isinstance(items[i].get("key"), str):
                pruned.broken_keys.add(items[i]["key"])
        pruned.kept[prefix] = [i for i in range(len(items)) if i not in indexes]
        parent[prefix[-1]] = [items[i] for i in pruned.kept[prefix]]
    return data, pruned


class ScenarioChecker:
    """Cross-checks of one scenario (keys, references, ranges, placeholders, `when` groups)."""

    def __init__(
        self,
        scenario: ScenarioSpec,
        source: Source,
        stem: str,
        steps: list[str] | None,
        pruned: _Pruned | None = None,
        pack: PackSpec | None = None,
    ):
        self.s = scenario
        self.source = source
        self.stem = stem
        self.steps = steps
        self.company = scenario.company.inherit(pack.company if pack else CompanyOverride())
        own = (
            scenario.followup_levels
            if scenario.followup_levels is not None
            else pack and pack.followup_levels
        )
        self.levels = levels_of(own) if own else None  # None: pack.yaml is invalid
        self.pruned = pruned or _Pruned()
        self.items: dict[str, _Item] = {}

    def original(self, loc: Loc) -> Loc:
        """The location in the file of a location in the (possibly pruned) scenario."""
        for prefix, kept in self.pruned.kept.items():
            n = len(prefix)
            if loc[:n] == prefix and len(loc) > n and isinstance(loc[n], int):
                return prefix + (kept[loc[n]],) + loc[n + 1 :]
        return loc

    def line(self, loc: Loc) -> int:
        return self.source.line(self.original(loc))

    def error(self, loc: Loc, message: str) -> None:
        self.source.error(self.original(loc), message)

    def run(self) -> None:
        s = self.s
        if s.id != self.stem:
            self.error(
                ("id",), f"l'identifiant « {s.id} » doit être le nom du fichier sans .yaml (« {self.stem} »)"
            )
        if self.steps is not None:
            steps = self.steps
            for i, step in enumerate(s.procedure):
                if step not in steps:
                    known = ", ".join(steps) or "aucune"
                    self.error(
                        ("procedure", i),
                        f"étape de procédure « {step} » absente de pack.yaml (étapes : {known})",
                    )
        if s.followup_levels is not None:
            check_levels(s.followup_levels, self.source, growth=False)
        self.collect_keys()
        self.check_fixed_names()
        self.check_groups()
        for i, inv in enumerate(s.invoices):
            self.check_invoice(i, inv)
        for i, note in enumerate(s.credit_notes):
            self.check_credit_note(i, note)
        for i, line in enumerate(s.statement):
            loc = ("statement", i)
            self.check_past(loc + ("date",), line.date, self.calendar_days())
            self.check_payment_amount(
                loc + ("amount",), line.amount, customer=None, positive=False, item=line
            )
        for i, chq in enumerate(s.cheques):
            loc = ("cheques", i)
            self.ref(loc + ("customer",), chq.customer, ("customer",), holder=chq)
            self.check_past(loc + ("date",), chq.date)
            self.check_past(loc + ("received",), chq.received)
            if _offset_range(chq.received)[1] < _offset_range(chq.date)[0]:
                self.error(loc + ("received",), "chèque reçu avant la date écrite dessus")
            self.check_payment_amount(
                loc + ("amount",), chq.amount, customer=chq.customer, positive=True, item=chq
            )
        on_slips: set[str] = set()
        for i, slip in enumerate(s.slips):
            loc = ("slips", i)
            self.check_past(loc + ("date",), slip.date)
            for j, key in enumerate(slip.cheques):
                if not self.ref(loc + ("cheques", j), key, ("cheque",), group=None):
                    continue
                if key in on_slips:
                    self.error(loc + ("cheques", j), f"le chèque « {key} » est déjà sur une remise")
                on_slips.add(key)
                if not isinstance(self.items[key].spec.amount, FromDocuments):
                    self.error(
                        loc + ("cheques", j),
                        f"le chèque « {key} » d'une remise passée doit avoir un montant {{documents: [...]}} : "
                        "ce sont les pièces que son encaissement a réglées",
                    )
        for i, msg in enumerate(s.messages):
            loc = ("messages", i)
            self.ref(loc + ("customer",), msg.customer, ("customer",), holder=msg)
            self.check_past(loc + ("date",), msg.date, self.calendar_days())
            if msg.settles and msg.kind != "remittance":
                self.error(
                    loc + ("settles",), "settles n'a de sens que pour un avis de règlement (kind: remittance)"
                )
            for j, key in enumerate(msg.settles):
                self.ref(loc + ("settles", j), key, ("invoice", "credit_note"), holder=msg)
        for i, entry in enumerate(s.history):
            loc = ("history", i)
            group = self.group_of(entry.customer)
            self.ref(loc + ("customer",), entry.customer, ("customer",), group=group)
            if entry.kind != "next_action":
                self.check_past(loc + ("date",), entry.date)
            for j, key in enumerate(entry.documents):
                if self.ref(loc + ("documents", j), key, ("invoice",), group=group):
                    self.check_owner(loc + ("documents", j), key, entry.customer)
        self.check_expected()
        self.check_reminder_premises()
        self.check_rubric()
        self.check_templates()
        for loc, message in strategy_problems(s):  # issue 12 scenario 1: the strategy to configure
            self.error(loc, message)

    # -- keys and groups

    def collect_keys(self) -> None:
        for section, kind in SECTIONS:
            for i, spec in enumerate(getattr(self.s, section)):
                loc = (section, i, "key")
                if spec.key in RESERVED_KEYS:
                    self.error(loc, f"« {spec.key} » est réservé aux variables, choisissez une autre clé")
                elif spec.key in self.items:
                    first = self.line(self.items[spec.key].loc + ("key",))
                    self.error(loc, f"clé « {spec.key} » déjà utilisée ligne {first}")
                else:
                    self.items[spec.key] = _Item(kind, (section, i), spec)

    def check_fixed_names(self) -> None:
        """Company names are unique in a world: two fixed names cannot be the same."""
        seen: dict[str, str] = {}
        if self.company.name:
            seen[self.company.name.casefold()] = "notre société (company)"
        for i, customer in enumerate(self.s.customers):
            if customer.name is None:
                continue
            if customer.name.casefold() in seen:
                self.error(
                    ("customers", i, "name"),
                    f"le nom « {customer.name} » est déjà celui de {seen[customer.name.casefold()]}",
                )
            seen.setdefault(customer.name.casefold(), f"« {customer.key} »")

    def check_groups(self) -> None:
        chances: dict[str, tuple[Decimal, int]] = {}
        for item in self.items.values():
            when = getattr(item.spec, "when", None)
            if when is None:
                continue
            loc = item.loc + ("when", "chance")
            if not Decimal(0) < when.chance <= Decimal(1):
                self.error(loc, f"la probabilité {when.chance} doit être comprise entre 0 (exclu) et 1")
            if when.group in chances and chances[when.group][0] != when.chance:
                self.error(
                    loc,
                    f"le groupe « {when.group} » a déjà la probabilité {chances[when.group][0]} "
                    f"(ligne {chances[when.group][1]}) : une seule probabilité par groupe",
                )
            chances.setdefault(when.group, (when.chance, self.line(loc)))

    def group_of(self, key: str) -> str | None:
        item = self.items.get(key)
        return item.group if item else None

    def ref(
        self, loc: Loc, key: str, kinds: tuple[str, ...], holder: Any = None, group: str | None = ""
    ) -> bool:
        """Check that ``key`` names an item of one of ``kinds`` that exists whenever the holder does."""
        names = {
            "customer": "un client (customers)",
            "invoice": "une facture (invoices)",
            "credit_note": "un avoir (credit_notes)",
            "statement": "une ligne du relevé (statement)",
            "cheque": "un chèque (cheques)",
            "slip": "une remise de chèques (slips)",
        }
        item = self.items.get(key)
        wanted = " ou ".join(names[k] for k in kinds)
        if item is None and key in self.pruned.broken_keys:
            return False  # the item itself is already reported
        if item is None:
            close = difflib.get_close_matches(key, list(self.items), n=1)
            hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
            self.error(loc, f"« {key} » n'est pas une clé déclarée : attendu {wanted}{hint}")
            return False
        if item.kind not in kinds:
            self.error(loc, f"« {key} » est {names.get(item.kind, item.kind)}, attendu {wanted}")
            return False
        holder_group = (
            group if group != "" else (holder.when.group if getattr(holder, "when", None) else None)
        )
        if item.group is not None and item.group != holder_group:
            self.error(
                loc,
                f"« {key} » appartient au groupe « {item.group} » (when) et peut manquer : "
                f"ce qui le cite doit être dans le même groupe",
            )
        return True

    def customer_of(self, key: str) -> str | None:
        item = self.items.get(key)
        return getattr(item.spec, "customer", None) if item else None

    # -- documents

    def calendar_days(self) -> int:
        """Scenario 5: how many days the calendar moves (bank lines and messages may be dated up to its
        end: they appear on their day); 0 when everything happens today."""
        return self.s.calendar.days if self.s.calendar else 0

    def check_past(self, loc: Loc, offset: int | OffsetRange, future: int = 0) -> None:
        low, high = _offset_range(offset)
        if low > high:
            self.error(loc, f"plage de jours invalide : min ({low}) > max ({high})")
        elif future and high > future:
            self.error(
                loc,
                f"date après la fin du calendrier (jour {high} après today) : le scénario dure {future} jours",
            )
        elif high > 0 and not future:
            self.error(
                loc,
                f"date dans le futur (jour {high} après today) : les pièces sont datées au plus "
                "tard de today",
            )

    def check_range(self, loc: Loc, low: Decimal, high: Decimal, step: Decimal | None = None) -> bool:
        if low > high:
            self.error(loc, f"plage invalide : min ({low}) > max ({high})")
            return False
        if step is not None and step <= 0:
            self.error(loc + ("step",), f"le pas doit être positif (reçu {step})")
            return False
        return True

    def check_line_amount(self, loc: Loc, amount: Any, invoice_index: int | None, group: str | None) -> None:
        if isinstance(amount, FromDocuments | FromSlip):
            self.error(loc, "un montant de ligne de facture ne peut pas être calculé à partir de documents")
            return
        if isinstance(amount, SameAs):
            target = self.items.get(amount.same_as)
            if self.ref(loc + ("same_as",), amount.same_as, ("invoice",), group=group):
                assert target is not None
                if invoice_index is not None and target.loc[1] >= invoice_index:
                    self.error(
                        loc + ("same_as",),
                        "same_as doit désigner une facture déclarée plus haut que celle-ci (« "
                        f"{amount.same_as} »)",
                    )
            return
        bounds = _fixed_range(amount)
        assert bounds is not None
        if isinstance(amount, AmountRange) and not self.check_range(loc, amount.min, amount.max, amount.step):
            return
        if bounds[0] <= 0:
            self.error(loc, f"le montant HT doit être positif (reçu {bounds[0]})")

    def check_line_form(self, loc: Loc, line: LineSpec, invoice_index: int | None, group: str | None) -> None:
        """Exactly one of ``amount_ht``, ``quantity`` × ``unit_price`` and ``amount_ttc``, each sound."""
        forms = [
            name
            for name, given in (
                ("amount_ht", line.amount_ht is not None),
                ("quantity × unit_price", line.quantity is not None or line.unit_price is not None),
                ("amount_ttc", line.amount_ttc is not None),
            )
            if given
        ]
        if len(forms) != 1:
            found = " et ".join(f"« {f} »" for f in forms) if forms else "aucun"
            self.error(
                loc,
                "une ligne donne son montant d'une seule façon : « amount_ht » (HT), « quantity » × "
                f"« unit_price » (prix unitaire HT) ou « amount_ttc » (trouvé : {found})",
            )
            return
        if line.amount_ht is not None:
            self.check_line_amount(loc + ("amount_ht",), line.amount_ht, invoice_index, group)
        elif line.amount_ttc is not None:
            self.check_price(loc + ("amount_ttc",), line.amount_ttc, "le montant TTC")
            if not isinstance(line.amount_ttc, AmountRange) and line.vat_rate in VAT_RATES:
                ht, exact = ht_of_ttc(line.amount_ttc, line.vat_rate)
                if not exact:
                    self.error(
                        loc + ("amount_ttc",),
                        f"aucun montant HT au centime ne donne {line.amount_ttc} TTC à {line.vat_rate} % "
                        f"(le plus proche, {ht} HT, donne {ht + vat_of(ht, line.vat_rate)} TTC) : "
                        "donnez ce TTC-là ou le montant HT",
                    )
        else:
            for name in ("quantity", "unit_price"):
                if getattr(line, name) is None:
                    other = "unit_price" if name == "quantity" else "quantity"
                    self.error(loc + (other,), f"« {other} » sans « {name} » : donnez les deux")
                    return
            if line.quantity <= 0:  # type: ignore[operator]
                self.error(loc + ("quantity",), f"la quantité doit être positive (reçu {line.quantity})")
                return
            if self.check_price(loc + ("unit_price",), line.unit_price, "le prix unitaire"):
                low = _line_ht_bounds(line)[0]  # type: ignore[index]
                if low <= 0:
                    self.error(loc + ("quantity",), f"quantité × prix unitaire arrondi au centime : {low} HT")

    def check_price(self, loc: Loc, price: Any, what: str) -> bool:
        low, high = _fixed_range(price)  # type: ignore[misc]
        if isinstance(price, AmountRange) and not self.check_range(loc, price.min, price.max, price.step):
            return False
        if low <= 0:
            self.error(loc, f"{what} doit être positif (reçu {low})")
            return False
        return True

    def check_lines(self, loc: Loc, doc: Any, accounts: tuple[str, ...], invoice_index: int | None) -> None:
        group = doc.when.group if doc.when else None
        for j, line in enumerate(doc.lines):
            line_loc = loc + ("lines", j)
            self.check_line_form(line_loc, line, invoice_index, group)
            if line.vat_rate not in VAT_RATES:
                rates = " ; ".join(f"{r} %".replace(".", ",") for r in sorted(VAT_RATES))
                self.error(
                    line_loc + ("vat_rate",),
                    f"taux de TVA {str(line.vat_rate).replace('.', ',')} % inconnu (taux français : {rates})",
                )
            if line.account not in accounts:
                self.error(
                    line_loc + ("account",),
                    f"compte « {line.account} » refusé ici (comptes possibles : {', '.join(accounts)})",
                )

    def check_invoice(self, i: int, inv: Any) -> None:
        loc = ("invoices", i)
        self.ref(loc + ("customer",), inv.customer, ("customer",), holder=inv)
        self.check_past(loc + ("date",), inv.date)
        if inv.terms.days < 0:
            self.error(
                loc + ("terms", "days"),
                f"échéance avant la date de facture ({inv.terms.days} jours) : le délai doit être "
                "positif ou nul",
            )
        if inv.discount is not None:
            if not Decimal(0) < inv.discount.rate < Decimal(100):
                self.error(loc + ("discount", "rate"), f"taux d'escompte {inv.discount.rate} % hors de 0–100")
            if inv.discount.days < 0:
                self.error(loc + ("discount", "days"), "le délai d'escompte doit être positif ou nul")
        self.check_lines(loc, inv, INVOICE_ACCOUNTS, i)

    def check_credit_note(self, i: int, note: Any) -> None:
        loc = ("credit_notes", i)
        self.ref(loc + ("customer",), note.customer, ("customer",), holder=note)
        self.check_past(loc + ("date",), note.date)
        self.check_lines(loc, note, CREDIT_NOTE_ACCOUNTS, None)
        if not self.ref(loc + ("refers_to",), note.refers_to, ("invoice",), holder=note):
            return
        invoice = self.items[note.refers_to].spec
        if invoice.customer != note.customer:
            self.error(
                loc + ("refers_to",),
                f"l'avoir est pour « {note.customer} » mais la facture « {note.refers_to} » est "
                f"pour « {invoice.customer} »",
            )
        if _offset_range(note.date)[1] < _offset_range(invoice.date)[0]:
            self.error(loc + ("date",), f"l'avoir est daté avant la facture « {note.refers_to} »")
        note_ht = [_line_ht_bounds(line) for line in note.lines]
        invoice_ht = [_line_ht_bounds(line) for line in invoice.lines]
        if all(note_ht) and all(invoice_ht):
            note_min = sum((b[0] for b in note_ht if b), Decimal(0))
            invoice_max = sum((b[1] for b in invoice_ht if b), Decimal(0))
            if note_min >= invoice_max:
                where = ("lines", 0, "amount_ht") if len(note.lines) == 1 else ("lines",)
                self.error(
                    loc + where,
                    f"l'avoir ({note_min} HT) n'est pas plus petit que la facture « "
                    f"{note.refers_to} » ({invoice_max} HT)",
                )

    def check_payment_amount(
        self, loc: Loc, amount: Any, customer: str | None, positive: bool, item: Any
    ) -> None:
        if isinstance(amount, SameAs):
            self.error(loc, "same_as ne s'emploie que pour le montant HT d'une ligne de facture")
            return
        if isinstance(amount, FromDocuments):
            self.check_documents_amount(loc, amount, customer, item)
            return
        if isinstance(amount, FromSlip):
            if positive:  # a cheque
                self.error(loc, "slip ne s'emploie que pour une ligne du relevé qui crédite une remise")
            else:
                self.ref(loc + ("slip",), amount.slip, ("slip",), holder=item)
            return
        bounds = _fixed_range(amount)
        assert bounds is not None
        if isinstance(amount, AmountRange) and not self.check_range(loc, amount.min, amount.max, amount.step):
            return
        if positive and bounds[0] <= 0:
            self.error(loc, f"le montant d'un chèque reçu doit être positif (reçu {bounds[0]})")
        elif bounds == (0, 0):
            self.error(loc, "montant nul")

    def check_documents_amount(
        self, loc: Loc, amount: FromDocuments, customer: str | None, item: Any
    ) -> None:
        customers: list[str] = []
        invoices: list[Any] = []
        resolved = True  # every document found: the checks on the whole list are meaningful
        for j, key in enumerate(amount.documents):
            if not self.ref(loc + ("documents", j), key, ("invoice", "credit_note"), holder=item):
                resolved = False
                continue
            doc = self.items[key]
            customers.append(doc.spec.customer)
            if doc.kind == "invoice":
                invoices.append(doc.spec)
            if customer is not None and doc.spec.customer != customer:
                self.error(
                    loc + ("documents", j),
                    f"« {key} » est une pièce de « {doc.spec.customer} », pas de « {customer} »",
                )
        if customer is None and len(set(customers)) > 1:
            self.error(loc + ("documents",), "les documents d'un même règlement doivent être du même client")
        if amount.discount and resolved and not any(inv.discount for inv in invoices):
            self.error(
                loc + ("discount",),
                f"discount: {str(amount.discount).lower()} mais aucune des factures citées n'a de conditions d'escompte",
            )
        if amount.adjust is not None:
            adj = amount.adjust
            if (
                self.check_range(loc + ("adjust",), adj.min, adj.max)
                and adj.nonzero
                and adj.min == adj.max == 0
            ):
                self.error(loc + ("adjust",), "nonzero: true avec une plage réduite à 0")
        if amount.leave is not None:
            leave = amount.leave
            if self.check_range(loc + ("leave",), leave.min, leave.max, leave.step) and leave.min <= 0:
                self.error(
                    loc + ("leave", "min"), f"le reste laissé ouvert doit être positif (reçu {leave.min})"
                )
            if resolved and not invoices:
                self.error(loc + ("leave",), "leave demande au moins une facture dans documents")

    # -- expected, rubric

    def check_expected(self) -> None:
        exp = self.s.expected
        for i, receipt in enumerate(exp.receipts):
            loc = ("expected", "receipts", i)
            source = self.items.get(receipt.source)
            if source is None and receipt.source in self.pruned.broken_keys:
                group = None
            elif source is None or source.kind not in ("statement", "cheque"):
                self.error(
                    loc + ("source",),
                    f"la source « {receipt.source} » n'est ni une ligne du relevé (statement) ni un "
                    "chèque (cheques)",
                )
                group = None
            else:
                group = source.group
                if receipt.journal == "CHQ" and source.kind == "statement":
                    self.error(
                        loc + ("journal",),
                        "un virement lu sur le relevé s'enregistre au journal BNK, pas CHQ",
                    )
                if source.kind == "cheque" and source.spec.customer != receipt.customer:
                    self.error(
                        loc + ("customer",),
                        f"le chèque « {receipt.source} » vient de « {source.spec.customer} », pas "
                        f"de « {receipt.customer} »",
                    )
            self.ref(loc + ("customer",), receipt.customer, ("customer",), group=group)
            for j, key in enumerate(receipt.documents):
                if self.ref(loc + ("documents", j), key, ("invoice", "credit_note"), group=group):
                    owner = self.customer_of(key)
                    if owner != receipt.customer:
                        self.error(
                            loc + ("documents", j),
                            f"« {key} » est une pièce de « {owner} », pas de « {receipt.customer} »",
                        )
        if exp.deposit is not None:
            for j, key in enumerate(exp.deposit.cheques):
                self.ref(("expected", "deposit", "cheques", j), key, ("cheque",), group=self.group_of(key))
            if exp.deposit.statement_line is not None:
                self.ref(
                    ("expected", "deposit", "statement_line"),
                    exp.deposit.statement_line,
                    ("statement",),
                    group=None,
                )
        for j, r in enumerate(exp.reconcile):
            loc = ("expected", "reconcile", j)
            self.ref(loc + ("statement_line",), r.statement_line, ("statement",), group=None)
            self.ref(loc + ("slip",), r.slip, ("slip",), group=None)
        for j, key in enumerate(exp.annotate):
            self.ref(("expected", "annotate", j), key, ("statement",), group=self.group_of(key))
        reminded = set()
        for i, reminder in enumerate(exp.reminders):
            loc = ("expected", "reminders", i)
            if self.ref(
                loc + ("customer",), reminder.customer, ("customer",), group=self.group_of(reminder.customer)
            ):
                reminded.add(reminder.customer)
            for j, key in enumerate(reminder.documents):
                if self.ref(
                    loc + ("documents", j), key, ("invoice",), group=self.group_of(reminder.customer)
                ):
                    owner = self.customer_of(key)
                    if owner != reminder.customer:
                        self.error(
                            loc + ("documents", j),
                            f"« {key} » est une facture de « {owner} », pas de « {reminder.customer} »",
                        )
        for j, key in enumerate(exp.disputes):
            self.ref(("expected", "disputes", j), key, ("invoice",), group=self.group_of(key))
        for j, payment in enumerate(exp.expected_payments):
            loc = ("expected", "expected_payments", j, "document")
            self.ref(loc, payment.document, ("invoice",), group=self.group_of(payment.document))
            if payment.document in exp.disputes:
                self.error(loc, f"« {payment.document} » est en litige : pas de date de paiement prévue")
        for j, statement in enumerate(exp.statements):
            loc = ("expected", "statements", j, "customer")
            self.ref(loc, statement.customer, ("customer",), group=self.group_of(statement.customer))
        for j, key in enumerate(exp.due_today or ()):
            self.ref(("expected", "due_today", j), key, ("customer",), group=self.group_of(key))
        self.check_month(exp)
        for j, key in enumerate(exp.not_reminded):
            loc = ("expected", "not_reminded", j)
            if self.ref(loc, key, ("customer",), group=self.group_of(key)) and key in reminded:
                self.error(loc, f"« {key} » est à la fois dans reminders et dans not_reminded")

    # -- premises decidable from the YAML alone (generate.py checks them again for each seed)

    def overdue_days(self, key: str) -> set[int] | None:
        """The days an invoice can be overdue on ``today``, over its date range; None when it may be
        absent from a world or is settled in it (then only generation can tell)."""
        item = self.items.get(key)
        if item is None or item.kind != "invoice" or item.group or item.spec.status == "paid":
            return None
        if any(key in r.documents for r in self.s.expected.receipts):
            return None
        low, high = _offset_range(item.spec.date)
        terms = item.spec.terms
        return {
            days_past_due(
                due_date(self.s.today + timedelta(days=d), terms.days, terms.end_of_month), self.s.today
            )
            for d in range(low, high + 1)
        }

    def check_reminder_premises(self) -> None:
        """An expected reminder must be due: one of its invoices overdue, by enough days for a level of the
        scenario's reminder plan, whose actions include the reminder's channel — for every seed; a customer
        not to remind has no overdue invoice left open."""
        if self.levels is None or self.s.calendar is not None:  # a moving calendar: generation checks
            return
        for i, reminder in enumerate(self.s.expected.reminders):
            spans = [self.overdue_days(key) for key in reminder.documents]
            if not spans or any(span is None for span in spans):
                continue
            # The largest delay over the invoices: any value one invoice can take that the others can stay under.
            worst = {v for span in spans for v in span if all(min(other) <= v for other in spans)}  # type: ignore[union-attr]
            for delay in sorted(worst):
                problem = self.reminder_problem(reminder.channel, delay)
                if problem:
                    some = "" if len(worst) == 1 else " (pour certaines graines)"
                    self.error(("expected", "reminders", i), problem + some)
                    break

        for i, key in enumerate(self.s.expected.not_reminded):
            if key not in self.items or self.items[key].group:
                continue
            for inv in self.s.invoices:
                span = self.overdue_days(inv.key) if inv.customer == key else None
                if span and max(span) > 0:
                    some = "" if min(span) > 0 else " pour certaines graines"
                    self.error(
                        ("expected", "not_reminded", i),
                        f"le client « {key} » ne doit pas être relancé mais sa facture « {inv.key} » est "
                        f"échue{some} et non réglée",
                    )
                    break

    def reminder_problem(self, channel: str, delay: int) -> str | None:
        if delay <= 0:
            return f"relance attendue, mais aucune de ses factures n'est échue au {short_date(self.s.today)}"
        levels = self.levels or ()
        level = level_reached(levels, delay)
        if level is None:
            first = min(lv.days for lv in levels)
            return (
                f"relance attendue après {delay} jours de retard, avant le premier niveau de relance "
                f"(J+{first}) : rien n'est encore à relancer"
            )
        allowed = CHANNEL_ACTIONS[channel]
        if not set(allowed) & set(level.actions):
            return (
                f"relance attendue par {CHANNEL_NAMES[channel]} après {delay} jours de retard, mais au niveau "
                f"{level.level} ({level.name}, J+{level.days}) la relance se fait par "
                f"{', '.join(ACTION_NAMES[a] for a in level.actions)}"
            )
        return None

    def check_month(self, exp: Any) -> None:
        """Scenario 5: replies name a message and invoices of its customer; 416 and penalties need the
        calendar to move (a mise en demeure's deadline passes, a payment arrives)."""
        messages = {m.key: m for m in self.s.messages}
        for j, reply in enumerate(exp.replies):
            loc = ("expected", "replies", j)
            message = messages.get(reply.message)
            if message is None:
                self.error(loc + ("message",), f"« {reply.message} » n'est pas un message (messages)")
                continue
            for part in ("disputes", "promises"):
                for k, key in enumerate(getattr(reply, part)):
                    if self.ref(loc + (part, k), key, ("invoice",), group=self.group_of(key)):
                        self.check_owner(loc + (part, k), key, message.customer)
            if reply.promises and reply.line is None:
                self.error(
                    loc + ("line",), "une promesse de paiement nomme la ligne du relevé qui l'apporte (line)"
                )
            if reply.line is not None:
                self.ref(loc + ("line",), reply.line, ("statement",), group=None)
        for j, key in enumerate(exp.doubtful):
            self.ref(("expected", "doubtful", j), key, ("customer",), group=self.group_of(key))
        for j, fee in enumerate(exp.late_fees):
            loc = ("expected", "late_fees", j, "invoice")
            self.ref(loc, fee.invoice, ("invoice",), group=self.group_of(fee.invoice))
        if (exp.replies or exp.doubtful or exp.late_fees) and self.s.calendar is None:
            self.error(
                ("calendar",), "replies, doubtful et late_fees demandent un calendrier qui avance (calendar)"
            )

    def check_owner(self, loc: Loc, key: str, customer: str) -> None:
        owner = self.customer_of(key)
        if owner != customer:
            self.error(loc, f"« {key} » est une facture de « {owner} », pas de « {customer} »")

    def check_rubric(self) -> None:
        if not self.s.rubric:
            self.error(("rubric",), "le barème (rubric) est vide : au moins un critère")
        seen: set[str] = set()
        for i, item in enumerate(self.s.rubric):
            if item.criterion not in CRITERIA:
                close = difflib.get_close_matches(item.criterion, list(CRITERIA), n=1)
                hint = (
                    f" (vouliez-vous dire « {close[0]} » ?)"
                    if close
                    else f" ; critères : {', '.join(CRITERIA)}"
                )
                self.error(("rubric", i, "criterion"), f"critère « {item.criterion} » inconnu{hint}")
            elif item.criterion in seen:
                self.error(("rubric", i, "criterion"), f"critère « {item.criterion} » déjà dans le barème")
            seen.add(item.criterion)
        if self.s.rubric and BOOKS_CLEAN not in seen:
            # the criterion every mistake falls back to when the rubric lacks its own: harm is never free
            self.error(
                ("rubric",),
                f"le barème doit comprendre le critère « {BOOKS_CLEAN} » (écritures en trop, soldes différents "
                "de l'attendu) : c'est lui que perd une erreur dont le critère n'est pas au barème",
            )

    # -- placeholders

    def templates(self) -> Iterator[tuple[Loc, str, str | None]]:
        """(location, template, group of the item holding it) for every text that takes placeholders."""
        yield ("brief",), self.s.brief, None
        for i, hint in enumerate(self.s.hints):
            yield ("hints", i), hint, None
        for section in ("invoices", "credit_notes"):
            for i, doc in enumerate(getattr(self.s, section)):
                group = doc.when.group if doc.when else None
                for j, line in enumerate(doc.lines):
                    if line.label is not None:
                        yield (section, i, "lines", j, "label"), line.label, group
                if section == "credit_notes":
                    yield (section, i, "reason"), doc.reason, group
        for i, line in enumerate(self.s.statement):
            yield ("statement", i, "label"), line.label, line.when.group if line.when else None
        for i, msg in enumerate(self.s.messages):
            group = msg.when.group if msg.when else None
            yield ("messages", i, "subject"), msg.subject, group
            yield ("messages", i, "body"), msg.body, group
        for i, entry in enumerate(self.s.history):
            yield ("history", i, "text"), entry.text, self.group_of(entry.customer)

    def check_templates(self) -> None:
        for loc, template, group in self.templates():
            try:
                found = ph.placeholders(template)
            except ph.TemplateError as exc:
                self.error(loc, str(exc))
                continue
            for p in found:
                self.check_placeholder(loc, p, group)

    def check_placeholder(self, loc: Loc, p: ph.Placeholder, group: str | None) -> None:
        if p.key == "today":
            return
        if p.key == "company":
            kind = "company"
        else:
            item = self.items.get(p.key)
            if item is None and p.key in self.pruned.broken_keys:
                return
            if item is None:
                close = difflib.get_close_matches(p.key, list(self.items) + ["company"], n=1)
                hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
                self.error(
                    loc, f"variable inconnue {p.text} : « {p.key} » n'est pas une clé du scénario{hint}"
                )
                return
            kind = item.kind
            if item.group is not None and item.group != group:
                self.error(
                    loc,
                    f"variable {p.text} : « {p.key} » appartient au groupe « {item.group} » (when) "
                    "et peut manquer",
                )
        allowed = ph.ATTRIBUTES[kind]
        if p.attribute not in allowed:
            self.error(
                loc, f"variable inconnue {p.text} : attributs possibles de « {p.key} » : {', '.join(allowed)}"
            )
            return
        if p.attribute == "leave":
            amount = self.items[p.key].spec.amount
            if not (isinstance(amount, FromDocuments) and amount.leave is not None):
                self.error(
                    loc,
                    f"variable {p.text} : « {p.key} » ne laisse pas de reste (pas de leave dans son montant)",
                )
        if p.attribute in ("discount_rate", "discount_deadline") and self.items[p.key].spec.discount is None:
            self.error(loc, f"variable {p.text} : la facture « {p.key} » n'a pas d'escompte")


def check_what_is_valid(
    exc: ValidationError, source: Source, stem: str, steps: list[str] | None, pack: PackSpec | None
) -> None:
    """Cross-check the valid part of a scenario whose schema errors are all inside list items."""
    pruned = _prune(source.data, exc.errors(include_url=False))
    if pruned is None:
        return
    data, info = pruned
    try:
        scenario = ScenarioSpec.model_validate(data)
    except ValidationError:
        return
    ScenarioChecker(scenario, source, stem, steps, info, pack).run()
