"""Printed documents: bank statement, deposit slip, reminder letters and mise en demeure, customer statement,
result of an attempt, and the reports (customer ledger, aged balance, trial balance) as PDF and CSV.

Each ``*_document(world, books, …)`` function returns a :class:`Printable` (template + data computed by the
ledger); :func:`to_pdf` lays it out with WeasyPrint, imported on first use only; :func:`to_html` gives the
same page as HTML. ``DocumentUnavailable`` carries a French reason when a document cannot be produced.
"""
