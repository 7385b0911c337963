"""`simulator db copy SQLITE_FILE URL`: a school's file moved to another database (PostgreSQL for a hosted
service), every row, with the row counts of each table compared."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from simulator import cli, store

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _school(path) -> dict[str, int]:
    """A small school: a teacher, two students in a class, an assignment, attempts with their logs, a
    finished regrade to the teacher's own pack version, a one-time link, two pack versions, and a Moodle
    (LTI) with two deployments that launched a student in the class's course and waits for a grade."""
    db = store.open_db(path)
    try:
        teacher = store.create_user(
            db, email="Prof@Lycee.fr", first_name="Anne", last_name="Prof", password_hash="h", role="teacher"
        )
        students = [
            store.create_user(
                db, email=f"eleve{n}@lycee.fr", first_name="É", last_name=f"L{n}", password_hash="h"
            )
            for n in (1, 2)
        ]
        for version, owner in (("1", None), ("2", teacher.id)):
            digest = store.store_pack_files(db, "procedure-11", version, owner, PACK_FILES)
            store.record_pack(
                db, "procedure-11", version, "Procédure 11", "db", at=T0, owner_id=owner, digest=digest
            )
        group = store.create_teacher_class(db, "BTS CG 1", teacher.id, "ABCD-1234")
        assignment = store.create_assignment(
            db,
            class_id=group.id,
            title="Devoir 1",
            pack="procedure-11",
            pack_version="1",
            scenarios=["virement"],
            opens_at=T0,
            closes_at=T0 + timedelta(days=7),
            mode="exam",
            max_submissions=1,
            feedback="after_close",
            seed_policy="per_student",
        )
        for n, student in enumerate(students):
            store.add_class_member(db, group.id, student.id, at=T0)
            attempt = store.create_attempt(
                db, pack="procedure-11", pack_version="1", scenario="virement", seed=40 + n,
                user_id=student.id, assignment_id=assignment.id, at=T0,
            )  # fmt: skip
            for k in range(3):
                store.append_action(db, attempt.id, {"type": "add_note", "text": f"Note {k} — élève {n}"})
            store.submit_attempt(db, attempt.id, at=T0 + timedelta(hours=1))
            store.store_grade(db, attempt.id, {"score": 12.5 + n, "message": "Réglé"}, at=T0)
        regrade = store.start_regrade(db, assignment.id, "2", 2, pack_owner=teacher.id)
        store.claim_regrade_chunk(db, regrade.id, 0, 2)
        store.store_regraded(db, regrade.id, [(1, "2", {"score": 15.0}, 12.5)], pack_owner=teacher.id)
        store.finish_regrade(db, regrade.id, assignment.id, "2", pack_owner=teacher.id)
        store.create_token(db, "hash-1", "set_password", T0 + timedelta(days=3), students[0].id)
        platform = store.create_platform(db, ["dep-2", "dep-1"], **MOODLE, owner_id=teacher.id)
        store.link_lti_user(db, platform.id, "sub-1", students[0].id, "eleve1@moodle.fr", launched=True)
        store.link_context(db, platform.id, "course-7", group.id, "https://moodle.example/members")
        store.link_assignment(db, platform.id, assignment.id, "link-1", "https://moodle.example/items/1")
        store.queue_grade_send(db, assignment.id, students[0].id, {"scoreGiven": 15.0, "comment": "Réglé"})
        store.enqueue_job(db, "lti_send", f"{assignment.id}:{students[0].id}", at=T0)
        store.put_launch_data(db, "nonce-1", {"state": "é"}, expires_at=4102444800.0)  # 2100
        return {"teacher": teacher.id, "class": group.id, "assignment": assignment.id}
    finally:
        db.close()


#: Not UTF-8 on purpose: the bytes go through as they are.
PACK_FILES = {"pack.yaml": b"id: procedure-11\n", "README.md": b"\xff\x00 caf\xc3\xa9\n"}

MOODLE = {
    "name": "Moodle du lycée",
    "issuer": "https://moodle.example",
    "client_id": "client-1",
    "auth_login_url": "https://moodle.example/auth",
    "auth_token_url": "https://moodle.example/token",
    "key_set_url": "https://moodle.example/certs",
}

EXPECTED_COUNTS = {
    "users": 3,
    "packs": 2,
    "pack_files": 4,
    "jobs": 1,
    "classes": 1,
    "class_members": 2,
    "assignments": 1,
    "attempts": 2,
    "actions": 6,
    "regrades": 1,
    "regrade_changes": 1,
    "tokens": 1,
    "lti_platforms": 1,
    "lti_deployments": 2,
    "lti_users": 1,
    "lti_contexts": 1,
    "lti_links": 1,
    "lti_grade_sends": 1,
    "lti_launch_data": 1,
}


def test_a_school_is_copied_with_every_row_and_the_counts_are_printed(tmp_path, db_address, capsys):
    source = tmp_path / "school.db"
    ids = _school(source)

    assert cli.main(["db", "copy", str(source), str(db_address)]) == 0

    header, *lines, done = capsys.readouterr().out.splitlines()
    assert header.split() == ["table", "source", "copie"]
    printed = {table: (int(source), int(copy)) for table, source, copy in (line.split() for line in lines)}
    assert printed == {table: (rows, rows) for table, rows in EXPECTED_COUNTS.items()}
    assert done.startswith("Copie terminée : 33 lignes")

    db = store.open_db(db_address)
    try:
        assert store.list_actions(db, 2) == [
            {"type": "add_note", "text": f"Note {k} — élève 1"} for k in range(3)
        ]
        assert store.find_user_by_email(db, "prof@lycee.FR").id == ids["teacher"]
        assert [(c.name, n) for c, n in store.teacher_classes(db, ids["teacher"])] == [("BTS CG 1", 2)]
        assert [a.score for a in store.assignment_attempts(db, ids["assignment"])] == [
            15.0,
            13.5,
        ]  # the regrade changed the first
        assert store.get_assignment(db, ids["assignment"]).pack_version == "2"
        assert store.get_assignment(db, ids["assignment"]).pack_owner == ids["teacher"]
        assert store.get_attempt(db, 1).pack_owner == ids["teacher"]
        platform = store.find_platform(db, "https://moodle.example", "client-1")
        assert store.deployments(db, platform.id) == ["dep-2", "dep-1"]  # in their order
        assert store.lti_user(db, platform.id, "sub-1").email == "eleve1@lycee.fr"
        assert [m.email for m in store.class_members(db, ids["class"])] == [
            "eleve1@moodle.fr",
            "eleve2@lycee.fr",
        ]
        assert store.context_class(db, platform.id, "course-7") == ids["class"]
        assert store.link_of(db, platform.id, "link-1")["assignment_id"] == ids["assignment"]
        [send] = store.pending_grade_sends(db, ids["assignment"])
        assert send["payload"] == {"scoreGiven": 15.0, "comment": "Réglé"} and send["tries"] == 0
        assert store.take_launch_data(db, "nonce-1", now=T0.timestamp())
        assert not store.take_launch_data(db, "nonce-1", now=T0.timestamp())  # good once
        assert store.regrade_changes(db, 1) == [(1, 12.5, 15.0)]
        job = store.take_job(db, "host-b", 60)  # the copied job is due, for any host of the new database
        assert (job.kind, job.ref) == (
            "lti_send",
            f"{ids['assignment']}:{store.find_user_by_email(db, 'eleve1@lycee.fr').id}",
        )
        assert [p.version for p in store.pack_versions(db, "procedure-11")] == ["1", "2"]
        assert store.pack_files(db, "procedure-11", "2", ids["teacher"]) == PACK_FILES
        assert store.get_pack(db, "procedure-11", "1").digest == store.files_digest(PACK_FILES)
        # New rows get the ids that follow the copied ones.
        new_user = store.create_user(
            db, email="nouveau@lycee.fr", first_name="N", last_name="N", password_hash="h"
        )
        new_attempt = store.create_attempt(
            db, pack="procedure-11", pack_version="2", scenario="cheque", seed=1
        )
        assert (new_user.id, new_attempt.id) == (4, 3)
        assert (
            store.create_platform(db, [], **{**MOODLE, "client_id": "client-2"}, owner_id=None).id
            == platform.id + 1
        )
        assert store.append_action(db, new_attempt.id, {"type": "add_note"}, expected_seq=1) == 1
    finally:
        db.close()


def test_a_target_that_already_has_rows_is_refused_and_left_as_it_was(tmp_path, db_address, capsys):
    source = tmp_path / "school.db"
    _school(source)
    db = store.open_db(db_address)
    store.create_user(db, email="deja@la.fr", first_name="D", last_name="L", password_hash="h")
    db.close()

    assert cli.main(["db", "copy", str(source), str(db_address)]) == 1

    assert "la base cible n'est pas vide (tables users)" in capsys.readouterr().err
    db = store.open_db(db_address)
    assert db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 0
    db.close()


def test_a_count_that_differs_exits_1_and_keeps_nothing(tmp_path, db_address, capsys, monkeypatch):
    source = tmp_path / "school.db"
    _school(source)
    real_rows = store.copy._rows

    class OneActionLost:
        def __init__(self, cursor, table):
            self.cursor, self.table, self.first = cursor, table, True

        def fetchmany(self, size):
            batch = self.cursor.fetchmany(size)
            if self.table == "actions" and self.first and batch:
                self.first = False
                return batch[1:]
            return batch

    monkeypatch.setattr(
        store.copy,
        "_rows",
        lambda source, table, columns: OneActionLost(real_rows(source, table, columns), table),
    )

    assert cli.main(["db", "copy", str(source), str(db_address)]) == 1

    captured = capsys.readouterr()
    assert "actions" in captured.out and "       6         5  ← différent" in captured.out
    assert "rien n'a été gardé" in captured.err
    db = store.open_db(db_address)
    assert db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0
    db.close()


def test_a_missing_source_file_exits_1(tmp_path, capsys):
    assert cli.main(["db", "copy", str(tmp_path / "absent.db"), str(tmp_path / "copy.db")]) == 1
    assert "fichier SQLite introuvable" in capsys.readouterr().err
    assert not (tmp_path / "copy.db").exists()


def test_an_unreachable_server_is_a_clear_refusal(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(store.engine, "POOL_TIMEOUT", 1)
    source = tmp_path / "school.db"
    store.open_db(source).close()
    url = f"postgresql://nobody:secret@/absent?host={tmp_path}"  # no server listens in this folder

    assert cli.main(["db", "copy", str(source), url]) == 1

    err = capsys.readouterr().err
    assert "ne répond pas" in err and "secret" not in err


def test_an_instance_from_before_pack_files_were_stored_is_copied_with_its_packs_folder(tmp_path, db_address):
    from simulator.store.migrations import MIGRATIONS

    source = tmp_path / "ecole" / "simulator.db"
    old = store.open_db(source, MIGRATIONS[:6])  # the schema of such an instance
    old.execute(
        "INSERT INTO packs (id, version, title, source, loaded_at) VALUES (?, ?, ?, ?, ?)",
        [
            "procedure-11",
            "2",
            "Procédure 11",
            "/srv/elsewhere/packs/procedure-11/2",
            "2026-01-05T08:00:00+00:00",
        ],
    )
    old.close()
    folder = tmp_path / "ecole" / "packs" / "procedure-11" / "2"  # its packs folder, beside the file
    folder.mkdir(parents=True)
    for name, content in PACK_FILES.items():
        (folder / name).write_bytes(content)

    assert cli.main(["db", "copy", str(source), str(db_address)]) == 0

    db = store.open_db(db_address)
    try:
        assert store.pack_files(db, "procedure-11", "2") == PACK_FILES
        assert store.get_pack(db, "procedure-11", "2").digest == store.files_digest(PACK_FILES)
    finally:
        db.close()
