"""``simulator document``: PDF and CSV written, French errors and exit statuses of contracts.md."""

import json
import subprocess
import sys

import pytest
from document_helpers import pdf_text, solved

from simulator import cli


def run(capsys, *argv):
    status = cli.main(["document", *map(str, argv)])
    return status, capsys.readouterr().err


def test_slip_without_attempt_is_the_reference_solution_filled_in(tmp_path, capsys):
    out = tmp_path / "slip.pdf"
    status, err = run(capsys, "slip", "procedure-11", "cheque", "--seed", 4, "-o", out)
    assert (status, err) == (0, "")
    world, _, replayed = solved("cheque", 4)
    text = pdf_text(out.read_bytes())
    assert all(world.cheque(line.cheque).number in text for line in replayed.books.slips[0].lines)


def test_letter_of_an_attempt_file(tmp_path, capsys):
    world, actions, _ = solved("relance-email", 2)
    attempt = tmp_path / "attempt.json"
    attempt.write_text(
        json.dumps({"pack": "procedure-11", "scenario": "relance-email", "seed": 2, "actions": actions})
    )
    out = tmp_path / "lettre.pdf"
    customer = world.expected.reminders[0].customer
    status, _ = run(capsys, "letter", "procedure-11", "relance-email", "--seed", 2, "--customer", customer,
                    "--level", 4, "--attempt", attempt, "-o", out)  # fmt: skip
    assert status == 0
    text = pdf_text(out.read_bytes())
    assert "Mise en demeure" in text and "le 23 juin 2026" in text  # dated in words


def test_the_statement_printed_from_the_command_line_is_the_one_the_student_sent(tmp_path, capsys):
    """releve-litige: the reference excludes the disputed invoice, then sends the statement; the command
    prints it as sent, the disputed invoice apart and out of the total, as the screen's PDF does."""
    from simulator.packs.spec.registry import load_builtin_pack
    from simulator.packs.world.generate import generate

    world = generate(load_builtin_pack("relances"), "releve-litige", 1)
    disputed, customer = world.keys["FL"], world.customer(world.keys["A"]).customer.id
    out = tmp_path / "releve.pdf"
    status, _ = run(
        capsys, "statement", "relances", "releve-litige", "--seed", 1, "--customer", customer, "-o", out
    )
    assert status == 0
    text = pdf_text(out.read_bytes())
    assert "Pièces en litige (hors total)" in text
    assert text.index(disputed) > text.index("Pièces en litige")


def test_reports_are_written_as_csv_when_the_file_ends_in_csv(tmp_path, capsys):
    out = tmp_path / "balance.csv"
    status, _ = run(capsys, "aged-balance", "procedure-11", "relance-email", "--seed", 1, "-o", out)
    assert status == 0 and out.read_bytes().startswith(b"\xef\xbb\xbfClient;")


@pytest.mark.parametrize(
    "argv, status, message",
    [
        (["letter", "procedure-11", "relance-email", "--seed", "1"], 2, "--customer est obligatoire"),
        (
            ["statement", "procedure-11", "relance-email", "--seed", "1", "--customer", "NOPE"],
            2,
            "client « NOPE » inconnu",
        ),
        (
            ["letter", "procedure-11", "relance-email", "--seed", "1", "--customer", "TES", "--level", "7"],
            2,
            "niveau de relance 7 inconnu",
        ),
        (["slip", "procedure-11", "virement", "--seed", "1"], 1, "aucun bordereau de remise de chèques"),
        (["slip", "procedure-11", "nope", "--seed", "1"], 2, "pas de scénario « nope »"),
        (["letter", "no-such-pack", "relance-email", "--seed", "1", "--customer", "TES"], 2, "no-such-pack"),
        (["slip", "procedure-11", "cheque", "--seed", "1", "--attempt", "/nonexistent.json"], 1, "illisible"),
    ],
)
def test_errors_are_french_with_the_contract_exit_status(tmp_path, capsys, argv, status, message):
    got, err = run(capsys, *argv, "-o", tmp_path / "out.pdf")
    assert got == status
    assert message in err
    assert not (tmp_path / "out.pdf").exists()


def test_a_pdf_only_document_refuses_csv(tmp_path, capsys):
    status, err = run(
        capsys, "letter", "procedure-11", "relance-email", "--seed", 1, "-o", tmp_path / "x.csv"
    )
    assert status == 2 and "PDF" in err


def test_importing_the_documents_does_not_import_weasyprint():
    code = (
        "import sys, simulator.documents.letters, simulator.documents.reports, simulator.documents.commands; "
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_debit_note_of_the_reference_month(tmp_path, capsys):
    out = tmp_path / "nd.pdf"
    status, err = run(capsys, "debit-note", "relances", "un-mois", "--seed", 1, "-o", out)
    assert (status, err) == (0, "")
    text = pdf_text(out.read_bytes())
    assert "Note de débit n° ND/2026/0001" in text and "Total à payer" in text
    status, err = run(capsys, "debit-note", "relances", "un-mois", "--seed", 1, "--number", "ND/2026/0009",
                      "-o", out)  # fmt: skip
    assert status == 1 and "note de débit « ND/2026/0009 » inconnue (notes : ND/2026/0001)" in err
    status, err = run(capsys, "debit-note", "procedure-11", "virement", "--seed", 1, "-o", out)
    assert status == 1 and "aucune note de débit" in err
