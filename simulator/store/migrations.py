"""The versioned schema, the same version numbers on both engines, and opening a database at the latest one.

To change the schema: write one function ``_vN_what(db)`` below (its script through ``db.dialect.ddl``,
see :mod:`.dialect` for the placeholders) and append it to :data:`MIGRATIONS`. Never edit one that exists:
databases in classrooms are already at the versions that exist.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from .engine import Database, connect, now

Migration = Callable[[Database], None]


def _script(db: Database, script: str) -> None:
    db.executescript(db.dialect.ddl(script))


def _v1_packs_attempts_actions(db: Database) -> None:
    _script(
        db,
        """
        CREATE TABLE packs (
            id TEXT NOT NULL,
            version TEXT NOT NULL,
            title TEXT NOT NULL,
            source TEXT NOT NULL,
            loaded_at TEXT NOT NULL,
            PRIMARY KEY (id, version){rowid}
        );
        CREATE TABLE attempts (
            id {pk},
            student TEXT NOT NULL,
            pack TEXT NOT NULL,
            pack_version TEXT NOT NULL,
            scenario TEXT NOT NULL,
            seed INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            submitted_at TEXT
        );
        CREATE INDEX attempts_student ON attempts (student);
        CREATE TABLE actions (
            attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            payload TEXT NOT NULL CHECK ({json_valid[payload]}),
            created_at TEXT NOT NULL,
            PRIMARY KEY (attempt_id, seq)
        );
        """,
    )


def _v2_users_classes_owners_grades(db: Database) -> None:
    """Accounts (students and teachers), classes ready for the teacher issue, and attempts that belong to
    a user or to a guest's browser session and keep their grade."""
    _script(
        db,
        """
        CREATE TABLE users (
            id {pk},
            email {email},
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT 'student' CHECK (role IN ('student', 'teacher')),
            created_at TEXT NOT NULL
        );
        {email_index[users.email]}
        CREATE TABLE classes (
            id {pk},
            name TEXT NOT NULL,
            teacher_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE class_members (
            class_id INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            joined_at TEXT NOT NULL,
            PRIMARY KEY (class_id, user_id)
        );
        ALTER TABLE attempts ADD COLUMN user_id INTEGER REFERENCES users (id) ON DELETE CASCADE;
        ALTER TABLE attempts ADD COLUMN guest_token TEXT;
        ALTER TABLE attempts ADD COLUMN grade TEXT CHECK (grade IS NULL OR {json_valid[grade]});
        ALTER TABLE attempts ADD COLUMN graded_at TEXT;
        CREATE INDEX attempts_user ON attempts (user_id);
        CREATE INDEX attempts_guest ON attempts (guest_token);
        """,
    )


def _v3_teachers_packs_assignments(db: Database) -> None:
    """The teacher's side: one-time links (stored hashed), class join codes, who installed a pack version,
    assignments (devoirs) and the attempts made for them, regrade jobs and the scores they changed."""
    _script(
        db,
        """
        CREATE TABLE tokens (
            token_hash TEXT PRIMARY KEY,
            purpose TEXT NOT NULL CHECK (purpose IN ('first_teacher', 'set_password')),
            user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            created_at TEXT NOT NULL
        );
        ALTER TABLE classes ADD COLUMN join_code TEXT;
        CREATE UNIQUE INDEX classes_join_code ON classes (join_code);
        CREATE INDEX classes_teacher ON classes (teacher_id);
        ALTER TABLE packs ADD COLUMN owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL;
        CREATE TABLE assignments (
            id {pk},
            class_id INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            pack TEXT NOT NULL,
            pack_version TEXT NOT NULL,
            scenarios TEXT NOT NULL CHECK ({json_valid[scenarios]}),
            opens_at TEXT NOT NULL,
            closes_at TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('practice', 'exam')),
            max_submissions INTEGER,
            feedback TEXT NOT NULL CHECK (feedback IN ('immediate', 'after_close')),
            seed_policy TEXT NOT NULL CHECK (seed_policy IN ('per_student', 'per_attempt')),
            created_at TEXT NOT NULL
        );
        CREATE INDEX assignments_class ON assignments (class_id);
        ALTER TABLE attempts ADD COLUMN assignment_id INTEGER REFERENCES assignments (id) ON DELETE SET NULL;
        -- The grade's score beside its JSON: a gradebook reads thousands without parsing each grade.
        ALTER TABLE attempts ADD COLUMN score {real};
        UPDATE attempts SET score = {json_number[grade.score]} WHERE grade IS NOT NULL;
        CREATE INDEX attempts_assignment ON attempts (assignment_id, user_id);
        CREATE TABLE regrades (
            id {pk},
            assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
            pack_version TEXT NOT NULL,
            total INTEGER NOT NULL,
            done INTEGER NOT NULL DEFAULT 0,
            started_at TEXT NOT NULL,
            finished_at TEXT
        );
        CREATE UNIQUE INDEX regrades_one_running ON regrades (assignment_id) WHERE finished_at IS NULL;
        CREATE TABLE regrade_changes (
            regrade_id INTEGER NOT NULL REFERENCES regrades (id) ON DELETE CASCADE,
            attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
            old_score {real},
            new_score {real} NOT NULL,
            PRIMARY KEY (regrade_id, attempt_id)
        );
        """,
    )


def _v4_lti(db: Database) -> None:
    """LTI 1.3: the platforms (LMS) registered by a teacher and their deployments, the accounts a platform
    launched (its ``sub``), the course a class stands for, the assignment a resource link opens, the grades
    waiting to be sent back (never lost: a failed send stays here until it goes through), and the tool's
    short-lived OIDC data (state, nonce: a nonce is used once)."""
    _script(
        db,
        """
        CREATE TABLE lti_platforms (
            id {pk},
            name TEXT NOT NULL,
            issuer TEXT NOT NULL,
            client_id TEXT NOT NULL,
            auth_login_url TEXT NOT NULL,
            auth_token_url TEXT NOT NULL,
            key_set_url TEXT NOT NULL,
            tool_url TEXT,
            owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            UNIQUE (issuer, client_id)
        );
        CREATE TABLE lti_deployments (
            platform_id INTEGER NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
            deployment_id TEXT NOT NULL,
            PRIMARY KEY (platform_id, deployment_id){rowid}
        );
        CREATE TABLE lti_users (
            platform_id INTEGER NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
            sub TEXT NOT NULL,
            user_id INTEGER NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
            email TEXT,
            last_launch_at TEXT,
            PRIMARY KEY (platform_id, sub)
        );
        CREATE TABLE lti_contexts (
            platform_id INTEGER NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
            context_id TEXT NOT NULL,
            class_id INTEGER NOT NULL UNIQUE REFERENCES classes (id) ON DELETE CASCADE,
            memberships_url TEXT,
            PRIMARY KEY (platform_id, context_id)
        );
        CREATE TABLE lti_links (
            platform_id INTEGER NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
            resource_link_id TEXT,
            assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
            lineitem_url TEXT,
            UNIQUE (platform_id, resource_link_id){rowid}
        );
        CREATE INDEX lti_links_assignment ON lti_links (assignment_id);
        CREATE TABLE lti_grade_sends (
            assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            payload TEXT NOT NULL CHECK ({json_valid[payload]}),
            tries INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            queued_at TEXT NOT NULL,
            sent_at TEXT,
            PRIMARY KEY (assignment_id, user_id){rowid}
        );
        CREATE TABLE lti_launch_data (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL CHECK ({json_valid[value]}),
            expires_at {real} NOT NULL
        );
        """,
    )


def _v5_pack_owners(db: Database) -> None:
    """A pack belongs to its teacher: its identity is (owner, id, version), so two teachers each keep their
    own ``procedure-11`` copy; shared packs (built-in, installed from the command line) have no owner.
    Attempts, assignments and regrade jobs name the owner of the version they use."""
    _script(
        db,
        """
        CREATE TABLE packs_v5 (
            id TEXT NOT NULL,
            version TEXT NOT NULL,
            title TEXT NOT NULL,
            source TEXT NOT NULL,
            loaded_at TEXT NOT NULL,
            owner_id INTEGER REFERENCES users (id) ON DELETE CASCADE{rowid}
        );
        -- In installation order: the new rowids keep it.
        INSERT INTO packs_v5 (id, version, title, source, loaded_at, owner_id)
            SELECT id, version, title, source, loaded_at, owner_id FROM packs ORDER BY rowid;
        DROP TABLE packs;
        ALTER TABLE packs_v5 RENAME TO packs;
        CREATE UNIQUE INDEX packs_identity ON packs (id, version, COALESCE(owner_id, 0));
        ALTER TABLE attempts ADD COLUMN pack_owner INTEGER;
        ALTER TABLE assignments ADD COLUMN pack_owner INTEGER;
        ALTER TABLE regrades ADD COLUMN pack_owner INTEGER;
        -- (id, version) was unique until now: each row finds its one pack
        UPDATE attempts SET pack_owner =
            (SELECT owner_id FROM packs p WHERE p.id = attempts.pack AND p.version = attempts.pack_version);
        UPDATE assignments SET pack_owner =
            (SELECT owner_id FROM packs p WHERE p.id = assignments.pack AND p.version = assignments.pack_version);
        UPDATE regrades SET pack_owner =
            (SELECT p.owner_id FROM packs p JOIN assignments a ON a.id = regrades.assignment_id
             WHERE p.id = a.pack AND p.version = regrades.pack_version);
        """,
    )


def _v6_grading_version(db: Database) -> None:
    """The grading version of each stored grade beside its JSON, as the score is: the gradebook counts the
    grades of an older version without parsing thousands of grades. A grade stored before grades carried
    one was made by version 1."""
    _script(
        db,
        """
        ALTER TABLE attempts ADD COLUMN grading_version TEXT;
        UPDATE attempts SET grading_version = COALESCE({json_text[grade.grading_version]}, '1')
            WHERE grade IS NOT NULL;
        """,
    )


def _v7_pack_files_jobs(db: Database) -> None:
    """What several hosts share instead of a local disk. The files of each installed pack version (its
    YAML and README, as installed, never changed afterwards) with the digest of the whole version, which
    names it in each host's cache; and the background jobs (regrades, grades sent to a platform) that any
    host may take: a job is taken by one host at a time for a lease, which another host takes over when it
    expires (the host died)."""
    _script(
        db,
        """
        ALTER TABLE packs ADD COLUMN digest TEXT;
        CREATE TABLE pack_files (
            pack_id TEXT NOT NULL,
            version TEXT NOT NULL,
            owner_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            content {blob} NOT NULL,
            sha256 TEXT NOT NULL{rowid}
        );
        CREATE UNIQUE INDEX pack_files_identity ON pack_files (pack_id, version, COALESCE(owner_id, 0), name);
        CREATE TABLE jobs (
            id {pk},
            kind TEXT NOT NULL CHECK (kind IN ('regrade', 'lti_send')),
            ref TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
            tries INTEGER NOT NULL DEFAULT 0,
            run_after TEXT NOT NULL,
            taken_by TEXT,
            lease_until TEXT,
            last_error TEXT,
            created_at TEXT NOT NULL,
            finished_at TEXT
        );
        CREATE UNIQUE INDEX jobs_one_queued ON jobs (kind, ref) WHERE state = 'queued';
        CREATE INDEX jobs_due ON jobs (state, run_after);
        -- A regrade running when the database is upgraded becomes a job, for any host to finish.
        INSERT INTO jobs (kind, ref, run_after, created_at)
            SELECT 'regrade', CAST(id AS TEXT), started_at, started_at FROM regrades WHERE finished_at IS NULL;
        """,
    )


#: Applied in order; migration ``n`` (1-based) brings the database to schema version ``n``. Append, never
#: edit.
MIGRATIONS: tuple[Migration, ...] = (
    _v1_packs_attempts_actions,
    _v2_users_classes_owners_grades,
    _v3_teachers_packs_assignments,
    _v4_lti,
    _v5_pack_owners,
    _v6_grading_version,
    _v7_pack_files_jobs,
)

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(RuntimeError):
    """The database was written by a newer version of the simulator than this one."""


def open_db(address: str | Path, migrations: Sequence[Migration] = MIGRATIONS) -> Database:
    """Open the database at ``address`` (a SQLite file, created with its folder if needed, with WAL,
    foreign keys and a busy timeout; or a ``postgresql://`` URL, through this process's pool) and bring its
    schema up to date."""
    db = connect(address)
    try:
        migrate(db, migrations)
    except BaseException:
        db.close()
        raise
    return db


def schema_version(db: Database) -> int:
    """The version the database is at; 0 for a new one."""
    if "schema_version" not in db.table_names():
        return 0
    return db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0


def migrate(db: Database, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply the migrations the database has not seen yet, each in its own transaction; return the version.

    A migration that fails is rolled back entirely and the database stays at the previous version (on
    PostgreSQL too: its schema changes are transactional).
    """
    target = len(migrations)
    current = schema_version(db)
    if current > target:
        raise SchemaTooNew(
            f"the database is at schema version {current}; this simulator knows up to {target}"
        )
    if current == target:
        return current
    for statement in db.dialect.before_migrations:
        db.execute(statement)
    while True:
        with db.atomic():
            # Lock before reading the version: two processes starting together must not both apply the
            # same migration.
            for statement in db.dialect.migration_lock:
                db.execute(statement)
            current = schema_version(db)
            if current >= target:
                return current
            migrations[current](db)
            db.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", [current + 1, now()])
