"""A pack belongs to its teacher: two teachers each keep their own ``procedure-11`` copy, neither sees the
other's, attempts and regrades use the owner's version; built-in packs stay everyone's."""

from __future__ import annotations

import io

from conftest import pack_zip
from teacher_helpers import create_assignment, open_db, post, solve_through_services, start_assignment, token

from simulator import services, store


def _upload(client, data: bytes):
    return client.post(
        "/enseignant/packs",
        data={"csrf_token": token(client), "archive": (io.BytesIO(data), "pack.zip")},
        content_type="multipart/form-data",
    )


def test_two_teachers_each_have_their_own_copy_and_see_only_theirs(app, school):
    assert _upload(school.teacher, pack_zip("2", annotation_points=2)).status_code == 303
    answer = _upload(school.other_teacher, pack_zip("2", annotation_points=5))
    assert answer.status_code == 303, answer.get_data(as_text=True)  # the same id and version: not refused
    assert _upload(school.other_teacher, pack_zip("3")).status_code == 303

    mine = school.teacher.get("/enseignant/packs").get_data(as_text=True)
    assert "version 2" in mine and "version 3" not in mine and "autre enseignant" not in mine
    assert mine.count("votre envoi") == 1 and "actuelle" in mine
    assert school.teacher.get("/enseignant/packs/procedure-11/3").status_code == 404
    theirs = school.other_teacher.get("/enseignant/packs").get_data(as_text=True)
    assert theirs.count("votre envoi") == 2

    # each preview shows its owner's rubric: 2 points for the annotation here, 5 there
    rubric = school.teacher.get("/enseignant/packs/procedure-11/2?graine=1").get_data(as_text=True)
    other = school.other_teacher.get("/enseignant/packs/procedure-11/2?graine=1").get_data(as_text=True)
    assert rubric != other


def test_attempts_and_regrades_use_the_owners_version(app, school):
    _upload(school.teacher, pack_zip("2", annotation_points=2))
    _upload(school.other_teacher, pack_zip("2", annotation_points=5))
    own = create_assignment(school.teacher, school.class_id, pack="procedure-11@2", title="Mon devoir")
    attempt_id = start_assignment(school.member, own)
    solve_through_services(app, attempt_id)
    assert post(school.member, f"/tentatives/{attempt_id}/rendre").status_code == 303
    db = open_db(app)
    try:
        record = store.get_attempt(db, attempt_id)
        teacher_id = store.get_assignment(db, own).pack_owner
        assert record.pack_version == "2" and record.pack_owner == teacher_id is not None
        grade = record.grade_data
        annotation = [c for c in grade["criteria"] if c["id"] == "statement_annotated"]
        assert annotation and annotation[0]["max_points"] == 2  # this teacher's copy, not the colleague's 5
        # the shared assignment of the fixture regraded with "2": this teacher's version 2
        job = services.regrade.start(db, store.get_assignment(db, school.assignment_id), "2")
        assert job.pack_owner == teacher_id
        services.regrade.run(db, job)
        assert store.get_assignment(db, school.assignment_id).pack_owner == teacher_id
    finally:
        db.close()


def test_the_migration_names_each_attempts_pack_owner(db_address, tmp_path):
    db = store.open_db(db_address, store.MIGRATIONS[:4])
    teacher = store.create_user(
        db, email="p@l.fr", first_name="A", last_name="B", password_hash="x", role="teacher"
    )
    # written as the code of that time did (the store's functions write today's columns)
    for pack_id, version, title, source, owner in (
        ("procedure-11", "2", "Procédure 11", tmp_path / "shared", None),
        ("procedure-11", "1", "Procédure 11", tmp_path / "shared", None),
        ("mon-pack", "1", "Mon pack", tmp_path / "own", teacher.id),
    ):
        db.execute(
            "INSERT INTO packs (id, version, title, source, loaded_at, owner_id) VALUES (?, ?, ?, ?, ?, ?)",
            [pack_id, version, title, str(source), "2026-01-01T00:00:00+00:00", owner],
        )
    for pack in ("procedure-11", "mon-pack"):
        db.execute(
            "INSERT INTO attempts (student, pack, pack_version, scenario, seed, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            ["x", pack, "1", "virement", 1, "2026-01-01T00:00:00+00:00"],
        )
    db.close()
    db = store.open_db(db_address)
    try:
        owners = dict(db.execute("SELECT pack, pack_owner FROM attempts").fetchall())
        assert owners == {"procedure-11": None, "mon-pack": teacher.id}
        assert store.get_pack(db, "mon-pack", "1") is None  # not shared
        assert store.get_pack(db, "mon-pack", "1", teacher.id).title == "Mon pack"
        # the packs keep their order of installation through the table's rebuild (2 came first)
        assert [p.version for p in store.pack_versions(db, "procedure-11")] == ["2", "1"]
        # loaded again by its owner: the same row, in its place; the same id and version shared: a new row
        store.record_pack(db, "mon-pack", "1", "Ma copie", tmp_path / "again", owner_id=teacher.id)
        store.record_pack(db, "mon-pack", "1", "Copie partagée", tmp_path / "shared2")
        assert [(p.title, p.owner_id) for p in store.pack_versions(db, "mon-pack")] == [
            ("Ma copie", teacher.id),
            ("Copie partagée", None),
        ]
    finally:
        db.close()
