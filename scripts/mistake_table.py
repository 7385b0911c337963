"""Print the Markdown table of every mistake code with its example message, for docs/grading.md.

.venv/bin/python scripts/mistake_table.py
"""

from __future__ import annotations

from simulator.grading.catalogue import MISTAKES, example_params, render


def mistake_table() -> str:
    rows = ["| code | criterion | procedure step | example message |", "|---|---|---|---|"]
    for code, spec in MISTAKES.items():
        message = render(code, **example_params(code)).replace("|", "\\|").replace("\u202f", " ")
        rows.append(f"| `{code}` | `{spec.criterion}` | `{spec.procedure}` | {message} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(mistake_table(), end="")
