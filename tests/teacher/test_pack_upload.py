"""Uploading packs: a valid .zip becomes a new version beside the old ones; malformed and hostile archives
(zip-slip, absolute paths, symlinks, zip bombs, 10,000 files, YAML bombs) are refused with a French message,
write nothing outside the upload folder and leave nothing behind; `simulator pack install` does the same from
the command line; two teachers regrading at once store every grade once."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import pack_zip
from teacher_helpers import open_db, post, start_assignment, token
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from simulator import services, store
from simulator.packs.spec.loader import builtin_root


def _upload(client, data: bytes, name: str = "pack.zip"):
    # Encoded in memory: the test client would spool a large body to a temporary file it never closes.
    stream, length, boundary = stream_encode_multipart(
        {
            "csrf_token": token(client),
            "archive": FileStorage(io.BytesIO(data), name, content_type="application/zip"),
        },
        use_tempfile=False,
    )
    return client.post(
        "/enseignant/packs",
        data=stream.read(),
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def _files(root) -> set[str]:
    return {os.path.relpath(os.path.join(d, f), root) for d, _, files in os.walk(root) for f in files}


def _zip(entries) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            if isinstance(entry, zipfile.ZipInfo):
                archive.writestr(entry, b"x")
            else:
                archive.writestr(*entry)
    return out.getvalue()


def _symlink_entry(name: str, target: str = "/etc/passwd") -> bytes:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(info, target)
        archive.writestr("pack.yaml", "id: x\n")
    return out.getvalue()


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pack.yaml", b"\n" * (50 * 1024 * 1024))  # 50 MB of newlines: ~50 KB zipped
    return out.getvalue()


def _lying_bomb() -> bytes:
    """A 3 MB file whose headers claim 10 bytes: read no further than announced, it fails its checksum."""
    data = bytearray(_zip([("pack.yaml", b"a" * (3 * 1024 * 1024))]))
    real = (3 * 1024 * 1024).to_bytes(4, "little")
    fake = (10).to_bytes(4, "little")
    return bytes(data.replace(real, fake))


BILLION_LAUGHS = """id: x
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""

HOSTILE = {
    "zip-slip": (_zip([("pack.yaml", "id: x"), ("../../evil.yaml", "x: 1")]), "hors du dossier du pack"),
    "absolute path": (_zip([("pack.yaml", "id: x"), ("/tmp/evil.yaml", "x: 1")]), "hors du dossier du pack"),
    "symlink": (_symlink_entry("lien.yaml"), "liens symboliques sont refusés"),
    "zip bomb": (_bomb(), "dépasserait 5 Mo"),
    "lying zip bomb": (_lying_bomb(), "archive corrompue"),
    "10,000 files": (_zip([(f"f{i}.yaml", "") for i in range(10_000)]), "10000 fichiers : 100 au plus"),
    "YAML bomb": (_zip([("pack.yaml", BILLION_LAUGHS)]), "bombe YAML"),
    "deep YAML": (_zip([("pack.yaml", "a: " + "[" * 5000 + "]" * 5000)]), "imbrication trop profonde"),
    "not a zip": (b"PK\x03\x04 not really a zip", "pas une archive .zip lisible"),
    "a program": (_zip([("pack.yaml", "id: x"), ("run.py", "import os")]), "type de fichier refusé"),
    "too big": (b"0" * (3 * 1024 * 1024), "dépasse 2 Mo"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_archives_are_refused_in_french_and_leave_nothing(app, school, tmp_path, case):
    data, message = HOSTILE[case]
    before = _files(tmp_path)
    response = _upload(school.teacher, data)
    page = response.get_data(as_text=True)
    assert response.status_code in (413, 422), response.status_code
    if response.status_code == 422:
        assert message in page, page[page.find("Pack refusé") :][:400]
    after = _files(tmp_path)
    assert {f for f in after - before if not f.startswith("simulator.db")} == set()
    assert not (tmp_path.parent / "evil.yaml").exists() and not os.path.exists("/tmp/evil.yaml")
    db = open_db(app)
    # nothing installed beside the built-in packs
    assert [(p.id, p.version) for p in store.list_packs(db)] == [
        ("lettrage", "1"),
        ("procedure-11", "1"),
        ("relances", "1"),
    ]
    db.close()


def test_an_invalid_pack_shows_the_loaders_file_line_messages(school):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(pack_zip("2"))) as source, zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith("virement.yaml"):
                content = content.replace(b"rubric:", b"rubrique:", 1)
            archive.writestr(info.filename, content)
    response = _upload(school.teacher, out.getvalue())
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "virement.yaml:" in page and "rubrique" in page


def test_a_valid_upload_is_a_new_version_and_the_old_one_stays(app, school):
    response = _upload(school.teacher, pack_zip("2"))
    assert response.status_code == 303 and response.location.endswith("/enseignant/packs/procedure-11/2")
    # a teacher's versions are kept apart from the shared ones (and from another teacher's), in the database
    db = open_db(app)
    [record] = [r for r in store.pack_versions(db, "procedure-11") if r.version == "2"]
    files = store.pack_files(db, "procedure-11", "2", record.owner_id)
    shared = store.pack_files(db, "procedure-11", "2")
    db.close()
    assert record.owner_id is not None and shared == {}
    assert sorted(files) == sorted(p.name for p in (builtin_root() / "procedure-11").iterdir())
    assert not Path(app.config["PACKS_FOLDER"]).exists()  # nothing on this host's disk
    again = _upload(school.teacher, pack_zip("2"))
    assert again.status_code == 422 and "déjà installée" in again.get_data(as_text=True)
    shared = _upload(school.teacher, pack_zip("1"))  # the built-in version 1 is everyone's: a new number
    assert shared.status_code == 422 and "déjà installée" in shared.get_data(as_text=True)
    page = school.teacher.get("/enseignant/packs").get_data(as_text=True)
    assert "version 1" in page and "version 2" in page


def test_the_pack_preview_shows_brief_solution_and_rubric(school):
    page = school.teacher.get("/enseignant/packs/procedure-11/1?graine=5").get_data(as_text=True)
    assert "Règlement d&#39;une facture par virement" in page
    assert "Solution de référence" in page and "Règlement de" in page and "au journal BNK" in page
    assert "Relevé bancaire annoté" in page and "Relevé non annoté" in page  # criterion and its mistake


def test_an_attempt_stays_on_its_version_until_a_regrade(app, school):
    attempt = start_assignment(school.member, school.assignment_id)
    _upload(school.teacher, pack_zip("2"))
    db = open_db(app)
    assert store.get_attempt(db, attempt).pack_version == "1"
    assert services.attempts.load_any(db, attempt).grader.pack.version == "1"
    db.close()


def test_pack_install_command_installs_a_folder_or_a_zip_and_refuses_with_file_line(app, tmp_path):
    archive = tmp_path / "fixed.zip"
    archive.write_bytes(pack_zip("2"))
    command = [sys.executable, "-m", "simulator", "pack", "install", "--db", app.config["DATABASE"]]
    done = subprocess.run([*command, str(archive)], capture_output=True, text=True)
    assert done.returncode == 0 and "procedure-11 version 2" in done.stdout
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pack.yaml").write_text('id: broken\nversion: "1"\ntitle: Cassé\nunknown_key: 1\n')
    refused = subprocess.run([*command, str(broken)], capture_output=True, text=True)
    assert refused.returncode == 1 and refused.stdout.startswith("pack.yaml:4:")
    db = open_db(app)
    assert {(p.id, p.version) for p in store.list_packs(db)} == {
        ("lettrage", "1"),
        ("procedure-11", "1"),
        ("procedure-11", "2"),
        ("relances", "1"),
    }
    db.close()


def test_pack_list_command_shows_versions_origin_current_and_attempts_in_french(app, school, tmp_path):
    start_assignment(school.member, school.assignment_id)  # one attempt on version 1
    assert _upload(school.teacher, pack_zip("2")).status_code == 303
    archive = tmp_path / "fixed.zip"
    archive.write_bytes(pack_zip("3"))
    command = [sys.executable, "-m", "simulator", "pack"]
    installed = subprocess.run([*command, "install", "--db", app.config["DATABASE"], str(archive)])
    assert installed.returncode == 0
    done = subprocess.run(
        [*command, "list", "--db", app.config["DATABASE"]], capture_output=True, text=True, check=True
    )
    lines = [line.split() for line in done.stdout.splitlines()]
    assert lines[0][:2] == ["lettrage", "«"]  # the built-in packs by id, each with its title
    assert lines[1] == ["version", "1", "pack", "intégré", "actuelle", "0", "tentative"]
    lines = lines[2:]
    assert lines[0][:2] == ["procedure-11", "«"]
    assert lines[1:4] == [
        ["version", "1", "pack", "intégré", "actuelle", "1", "tentative"],
        ["version", "2", "importé", "par", "prof@lycee.fr", "0", "tentative"],
        ["version", "3", "installé", "en", "ligne", "de", "commande", "0", "tentative"],
    ]
    assert lines[4][:2] == ["relances", "«"]
    assert lines[5] == ["version", "1", "pack", "intégré", "actuelle", "0", "tentative"]


# --- concurrency of regrades ----------------------------------------------------------------------------------------


def test_two_teachers_regrading_at_once_store_every_grade_once(app, school, monkeypatch):
    from teacher_helpers import create_assignment, create_class, student_client

    monkeypatch.setattr(services.regrade, "CHUNK", 2)
    other_class, other_code = create_class(school.other_teacher, "Autre")
    other_assignment = create_assignment(school.other_teacher, other_class)
    jobs = []
    for teacher, code, assignment in (
        (school.teacher, school.code, school.assignment_id),
        (school.other_teacher, other_code, other_assignment),
    ):
        for n in range(3):
            student = student_client(app, f"eleve{n}-{assignment}@eleve.fr", code=code)
            attempt = start_assignment(student, assignment)
            assert post(student, f"/tentatives/{attempt}/rendre").status_code == 303  # nothing done: 0
        jobs.append((teacher, assignment))
    _upload(school.teacher, pack_zip("2"))
    errors: list[BaseException] = []
    # Every tab has asked for its regrade before any polls: a tab asking after the job finished would
    # rightly start a new one.
    started = threading.Barrier(4, timeout=60)

    def regrade(teacher, assignment, version):
        try:
            post(teacher, f"/enseignant/devoirs/{assignment}/recorriger", {"version": version})
            started.wait()
            for _ in range(10):
                post(
                    teacher,
                    f"/enseignant/devoirs/{assignment}/recorriger/suite",
                    headers={"HX-Request": "true"},
                )
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    # Each teacher polls from two tabs at once, and both teachers at the same time.
    threads = [
        threading.Thread(target=regrade, args=(school.teacher, school.assignment_id, "2")),
        threading.Thread(target=regrade, args=(school.teacher, school.assignment_id, "2")),
        threading.Thread(target=regrade, args=(school.other_teacher, other_assignment, "1")),
        threading.Thread(target=regrade, args=(school.other_teacher, other_assignment, "1")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db = open_db(app)
    for assignment, version in ((school.assignment_id, "2"), (other_assignment, "1")):
        jobs_done = db.rows("SELECT * FROM regrades WHERE assignment_id = ?", [assignment])
        assert len(jobs_done) == 1 and jobs_done[0]["finished_at"] and jobs_done[0]["done"] == 3
        attempts = store.assignment_attempts(db, assignment, submitted=True)
        assert {a.pack_version for a in attempts} == {version} and all(a.grade for a in attempts)
        assert {a.grade_data["pack_version"] for a in attempts} == {version}
    db.close()
