"""The aged balance as a stacked bar chart in SVG markup, drawn on the server (no JavaScript, no CDN): the
PDF report and the web screen embed the same markup. Accessible: role="img", a <title> and a <desc> that
states the totals, and each bar's total written beside it."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from html import escape

from simulator.formatting import format_money
from simulator.ledger.reports import BUCKET_LABELS, BUCKETS

#: from "not due" (calm) to "over 90 days" (alarming); readable in grey-scale print too
COLOURS = {
    "not_due": "#8fb8de",
    "1_30": "#f2d16b",
    "31_60": "#f0a04b",
    "61_90": "#d9622b",
    "over_90": "#a3261b",
}
CHART_LABELS = {**BUCKET_LABELS, "over_90": "Plus de 90 j"}

WIDTH, LABEL_W, VALUE_W, ROW_H, BAR_H, TOP = 680, 170, 100, 26, 16, 34


def aged_balance_svg(
    totals: Mapping[str, Mapping[str, Decimal]], names: Mapping[str, str], title: str, id_prefix: str = "aged"
) -> str:
    """One bar per customer (``totals`` as simulator.ledger.reports.aged_totals gives them), one segment per
    age bucket; negative amounts (unused credits) are left out of the bars but counted in the totals."""
    customers = list(totals)
    height = TOP + ROW_H * max(1, len(customers)) + 8
    bar_w = WIDTH - LABEL_W - VALUE_W
    biggest = max((sum(max(v[b], Decimal(0)) for b in BUCKETS) for v in totals.values()), default=Decimal(0))
    scale = Decimal(bar_w) / biggest if biggest > 0 else Decimal(0)
    summary = "; ".join(
        f"{names.get(c, c)} : {format_money(totals[c]['total'])} dont "
        + ", ".join(f"{CHART_LABELS[b]} {format_money(totals[c][b])}" for b in BUCKETS if totals[c][b])
        for c in customers
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'font-family="DejaVu Sans, sans-serif" font-size="11">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(summary or "Aucune créance ouverte.")}</desc>',
    ]
    x = LABEL_W
    for bucket in BUCKETS:  # legend
        out.append(f'<rect x="{x}" y="6" width="11" height="11" fill="{COLOURS[bucket]}"/>')
        out.append(f'<text x="{x + 15}" y="15.5">{escape(CHART_LABELS[bucket])}</text>')
        x += 15 + 7 * len(CHART_LABELS[bucket]) + 14
    for row, customer in enumerate(customers):
        y = TOP + row * ROW_H
        name = names.get(customer, customer)
        short = name if len(name) <= 24 else name[:23] + "…"
        out.append(f'<text x="{LABEL_W - 8}" y="{y + BAR_H - 4}" text-anchor="end">{escape(short)}</text>')
        x = Decimal(LABEL_W)
        for bucket in BUCKETS:
            value = totals[customer][bucket]
            if value <= 0:
                continue
            w = value * scale
            out.append(
                f'<rect x="{x:.2f}" y="{y}" width="{w:.2f}" height="{BAR_H}" fill="{COLOURS[bucket]}">'
                f"<title>{escape(name)} – {escape(CHART_LABELS[bucket])} : {escape(format_money(value))}</title></rect>"
            )
            x += w
        out.append(
            f'<text x="{x + 6:.2f}" y="{y + BAR_H - 4}">{escape(format_money(totals[customer]["total"]))}</text>'
        )
    out.append("</svg>")
    return "".join(out)
