"""Built-in pack versions stay loadable: registering the built-in packs keeps a snapshot of each content in
the database, so a release that changes a built-in pack does not change old attempts' worlds; versions an
older instance kept in its packs folder are moved into the database at start."""

from __future__ import annotations

import re
import shutil

from simulator import services, store
from simulator.packs.spec.loader import builtin_root
from simulator.packs.world.serialize import world_to_json
from simulator.store.migrations import MIGRATIONS


def _instance(tmp_path):
    database = tmp_path / "instance" / "simulator.db"
    database.parent.mkdir()
    return store.open_db(database), services.packs.packs_root(database)


def _copy(tmp_path, name: str):
    folder = tmp_path / name / "procedure-11"
    shutil.copytree(builtin_root() / "procedure-11", folder)
    return folder


def _change_bank_labels(folder) -> None:
    scenario = folder / "escompte.yaml"
    text = scenario.read_text(encoding="utf-8")
    assert "VIR SEPA" in text
    scenario.write_text(text.replace("VIR SEPA", "VIREMENT SEPA"), encoding="utf-8")


def test_an_old_attempt_keeps_its_world_when_the_builtin_pack_changes_without_a_new_version(tmp_path):
    db, root = _instance(tmp_path)
    original = _copy(tmp_path, "release-1")
    services.packs.register_builtin(db, root, [original])
    [record] = store.pack_versions(db, "procedure-11")
    assert (record.version, record.source) == ("1", services.packs.IN_STORE)
    assert not root.exists()  # nothing written beside the database
    grader = services.packs.grader(db, "procedure-11", "1")
    seed = next(s for s in range(1, 50) if services.attempts.valid_seed(grader, "escompte", s))
    attempt = store.create_attempt(
        db, pack="procedure-11", pack_version="1", scenario="escompte", seed=seed, guest_token="invite"
    )
    before = world_to_json(services.attempts.load_any(db, attempt.id).world)
    assert "VIR SEPA" in before

    changed = _copy(tmp_path, "release-2")
    _change_bank_labels(changed)
    services.packs.register_builtin(db, root, [changed])
    services.packs.register_builtin(db, root, [changed])  # idempotent: a second start records nothing new
    shutil.rmtree(original)
    shutil.rmtree(changed)

    old, new = store.pack_versions(db, "procedure-11")
    assert old.version == "1" and re.fullmatch(r"1\+[0-9a-f]{8}", new.version)
    assert new.source == services.packs.IN_STORE
    assert (
        f'version: "{new.version}"' in store.pack_files(db, "procedure-11", new.version)["pack.yaml"].decode()
    )
    assert world_to_json(services.attempts.load_any(db, attempt.id).world) == before
    changed_world = services.packs.grader(db, "procedure-11", new.version).world("escompte", seed)
    assert "VIREMENT SEPA" in world_to_json(changed_world)
    assert "VIR SEPA" not in world_to_json(changed_world)


def test_new_attempts_go_on_the_current_builtin_content(tmp_path):
    db, root = _instance(tmp_path)
    older = _copy(tmp_path, "release-1")
    _change_bank_labels(older)  # the instance first ran a release whose pack differed, under the same version
    services.packs.register_builtin(db, root, [older])
    assert services.packs.builtin_version(db, "procedure-11") != "1"

    services.packs.register_builtin(db, root)  # this release's built-in packs
    current = services.packs.builtin_version(db, "procedure-11")
    assert re.fullmatch(r"1\+[0-9a-f]{8}", current)
    assert current in {r.version for r in store.pack_versions(db, "procedure-11")}
    user = store.create_user(db, email="e@x.fr", first_name="Élise", last_name="Martin", password_hash="!")
    attempt = services.attempts.start(
        db, services.attempts.Owner(user_id=user.id), "procedure-11", "escompte"
    )
    assert attempt.pack_version == current
    loaded = services.attempts.load_any(db, attempt.id)
    assert "VIR SEPA" in world_to_json(loaded.world)


def test_a_record_made_before_snapshots_is_moved_into_the_store(tmp_path):
    db, root = _instance(tmp_path)
    store.record_pack(db, "procedure-11", "1", "Procédure 11", builtin_root() / "procedure-11")
    services.packs.register_builtin(db, root)
    record = store.get_pack(db, "procedure-11", "1")
    assert (record.source, record.digest) == (
        services.packs.IN_STORE,
        store.files_digest(store.pack_files(db, "procedure-11", "1")),
    )
    assert "escompte.yaml" in store.pack_files(db, "procedure-11", "1")
    assert "pack.yaml" in store.pack_files(db, "relances", "1")


def test_an_instance_from_before_versions_were_in_the_database_moves_them_in_at_start(tmp_path):
    database = tmp_path / "instance" / "simulator.db"
    root = services.packs.packs_root(database)
    old = store.open_db(database, MIGRATIONS[:6])  # the schema such an instance has
    teacher = store.create_user(old, email="p@x.fr", first_name="A", last_name="P", password_hash="!")
    shutil.copytree(builtin_root() / "procedure-11", root / "procedure-11" / "1")
    own = root / f"~{teacher.id}" / "procedure-11" / "2"
    shutil.copytree(builtin_root() / "procedure-11", own)
    _change_bank_labels(own)
    (own / "pack.yaml").write_text(
        re.sub(r"(?m)^version:.*$", 'version: "2"', (own / "pack.yaml").read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    for version, source, owner in (
        ("1", "/srv/an-older-place/packs/procedure-11/1", None),  # the instance was moved since
        ("2", str(own), teacher.id),
    ):
        old.execute(
            "INSERT INTO packs (id, version, title, source, loaded_at, owner_id) VALUES (?, ?, ?, ?, ?, ?)",
            ["procedure-11", version, "Procédure 11", source, "2026-01-05T08:00:00+00:00", owner],
        )
    old.close()

    db = store.open_db(database)
    services.packs.register_builtin(db, root)  # what the application does at start
    shutil.rmtree(root)  # from now on the folder is not needed: another host never had it

    versions = {(r.version, r.owner_id): r for r in store.pack_versions(db, "procedure-11")}
    assert set(versions) == {("1", None), ("2", teacher.id)}
    assert all(r.digest and r.source == services.packs.IN_STORE for r in versions.values())
    assert services.packs.builtin_version(db, "procedure-11") == "1"  # same content as shipped
    world = services.packs.grader(db, "procedure-11", "2", teacher.id).world("escompte", 3)
    assert "VIREMENT SEPA" in world_to_json(world) and "VIR SEPA" not in world_to_json(world)
    assert services.packs.import_folders(db, root) == 0  # once only
