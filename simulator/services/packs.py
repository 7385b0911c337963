"""Pack versions in the store: the built-in packs registered at start, packs installed from a folder or an
uploaded ``.zip`` (validated by the loader, refused harmlessly when hostile), the pack of an attempt's
version, and the preview a teacher reads before assigning a pack.

Installed versions are kept in the database, files and all (``pack_files``), and never change: a fix is a new
version, and an attempt stays tied to the version it was made on until a regrade moves it. Every host that
shares the database can load every version: a host writes a version's files, on first use, into a folder of
its own named by their digest (a cache per process, see :func:`_cached_folder`) and loads the pack from
there. The built-in packs, which change with the program, are stored too when registered (a snapshot per
content): a release that changes a built-in pack without raising its version records the new content as
version ``<version>+<8 hex digits of its content>``, and the attempts made before still replay on the old
content.

Instances from before versions were kept in the database had them in ``<instance>/packs/<id>/<version>/``:
:func:`import_folders` moves them into the database at start (see :func:`register_builtin`).
"""

from __future__ import annotations

import atexit
import hashlib
import io
import logging
import os
import re
import shutil
import stat
import tempfile
import threading
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

import yaml

from simulator import store
from simulator.grading.batch import Grader
from simulator.grading.catalogue import MISTAKES
from simulator.packs.spec.criteria import CRITERIA
from simulator.packs.spec.loader import PackInvalid, read_pack
from simulator.packs.spec.registry import builtin_dirs, load_pack
from simulator.packs.spec.yamlsource import PackError

from .grading import grader_at, grader_for

MAX_ZIP_BYTES = 2 * 1024 * 1024
MAX_FILES = 100
MAX_FILE_BYTES = 1024 * 1024
MAX_TOTAL_BYTES = 5 * 1024 * 1024
#: Nodes of a YAML file once its aliases are expanded: far above a real scenario (a few hundred).
MAX_YAML_NODES = 20_000
ALLOWED_SUFFIXES = (".yaml", ".md")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
#: The ``source`` of a version whose files are in the database.
IN_STORE = "base de données"

log = logging.getLogger(__name__)


class PackMissing(LookupError):
    """No installed version ``(id, version)``."""


def packs_root(database_path: str | Path) -> Path:
    """Where an instance from before versions were kept in the database had them: ``packs/`` beside the
    database file (the instance folder). Read once at start, to import them (:func:`import_folders`)."""
    return Path(database_path).resolve().parent / "packs"


def register_builtin(db: store.Database, root: Path, folders: list[Path] | None = None) -> None:
    """Record the built-in packs' current content, each as a snapshot in the store (at start; idempotent),
    after importing the versions an older instance kept in the folder ``root``. ``folders``: the built-in
    pack folders (those shipped with the program by default)."""
    import_folders(db, root)
    if folders is None:
        builtin = [grader_for(folder.name).pack for folder in builtin_dirs()]
    else:
        builtin = [load_pack(folder) for folder in folders]
    for pack in builtin:
        version = _version_of(db, pack.id, pack.version, pack.path)
        record = store.get_pack(db, pack.id, version)
        if record is not None and record.digest is not None:
            continue  # already snapshotted
        files = folder_files(pack.path)
        if "+" in version:
            text = files["pack.yaml"].decode("utf-8")
            text = re.sub(r"^version:.*$", f'version: "{version}"', text, count=1, flags=re.MULTILINE)
            files["pack.yaml"] = text.encode("utf-8")
        with db.atomic():
            digest = store.store_pack_files(db, pack.id, version, None, files)
            store.record_pack(db, pack.id, version, pack.title, IN_STORE, digest=digest)


def import_folders(db: store.Database, root: Path) -> int:
    """Move into the store the files of the versions recorded before they were kept there (read from the
    folder the record names, else from its place under ``root``); return how many were imported. A version
    whose folder is on no disk of this host stays as it is (logged): the host that has it imports it."""
    imported = 0
    for record in store.list_packs(db):
        if record.digest is not None:
            continue
        owner = "" if record.owner_id is None else f"~{record.owner_id}"
        candidates = [Path(record.source), root / owner / record.id / record.version]
        folder = next((c for c in candidates if (c / "pack.yaml").is_file()), None)
        if folder is None:
            log.warning("pack %s %s: no folder to import from (%s)", record.id, record.version, record.source)
            continue
        with db.atomic():
            digest = store.store_pack_files(
                db, record.id, record.version, record.owner_id, folder_files(folder)
            )
            store.set_pack_digest(db, record.id, record.version, record.owner_id, digest, IN_STORE)
        imported += 1
    return imported


def folder_files(folder: Path) -> dict[str, bytes]:
    """The files of a pack folder that make a version: its YAML files and README, nothing else."""
    return {
        file.name: file.read_bytes()
        for file in sorted(folder.iterdir())
        if file.is_file() and not file.is_symlink() and file.suffix in ALLOWED_SUFFIXES
    }


def builtin_version(db: store.Database, pack_id: str) -> str:
    """The version under which the built-in pack's current content is recorded (new attempts use it)."""
    pack = grader_for(pack_id).pack
    return _version_of(db, pack.id, pack.version, pack.path)


def _version_of(db: store.Database, pack_id: str, version: str, folder: Path) -> str:
    """``version``, or ``version+<digest>`` when the store keeps other content under ``version``."""
    record = store.get_pack(db, pack_id, version)
    digest = _digest(folder)
    if record is None or _digest(_folder(db, record)) == digest:
        return version
    return f"{version}+{digest[:8]}"


@lru_cache(maxsize=64)
def _digest(folder: Path) -> str:
    """:func:`_content_digest`, cached: a pack folder does not change while the program runs (cached
    versions never, built-in ones with the program)."""
    return _content_digest(folder)


def _content_digest(folder: Path) -> str:
    """SHA-256 of a pack's YAML files (names and bytes): what its worlds and grades are made of."""
    sha = hashlib.sha256()
    for file in sorted(folder.glob("*.yaml")):
        content = file.read_bytes()
        sha.update(f"{file.name}\0{len(content)}\0".encode())
        sha.update(content)
    return sha.hexdigest()


# --- the versions' files on this host ------------------------------------------------------------------------

_cache_lock = threading.Lock()
_cache: dict[str, Path] = {}  # digest -> folder
_cache_root: tuple[int, Path] | None = None  # (process, folder)


def _folder(db: store.Database, record: store.PackRecord) -> Path:
    """A folder holding the version's files: this process's copy of them (a version recorded before files
    were stored: the folder it names)."""
    if record.digest is None:
        return Path(record.source)
    return _cached_folder(db, record)


def _cached_folder(db: store.Database, record: store.PackRecord) -> Path:
    """The version's files written once per process into a private folder named by their digest (content
    never changes under a digest, so a folder once written is good for the life of the process)."""
    digest = record.digest
    assert digest is not None
    folder = _cache.get(digest)
    if folder is not None and _cache_root is not None and _cache_root[0] == os.getpid():
        return folder
    files = store.pack_files(db, record.id, record.version, record.owner_id)
    if store.files_digest(files) != digest:
        raise RuntimeError(f"pack {record.id} {record.version}: stored files differ from their digest")
    with _cache_lock:
        target = _process_root() / digest
        if not target.is_dir():
            scratch = Path(tempfile.mkdtemp(prefix=".write-", dir=target.parent))
            for name, content in files.items():
                (scratch / name).write_bytes(content)
            os.rename(scratch, target)  # complete or absent
        _cache[digest] = target
    return target


def _process_root() -> Path:
    """This process's cache folder (a forked worker makes its own: the parent removes its folder when it
    exits)."""
    global _cache_root
    if _cache_root is None or _cache_root[0] != os.getpid():
        _cache.clear()
        folder = Path(tempfile.mkdtemp(prefix="lettrage-packs-"))
        _cache_root = (os.getpid(), folder)
        atexit.register(_remove_root, os.getpid(), folder)
    return _cache_root[1]


def _remove_root(pid: int, folder: Path) -> None:
    if os.getpid() == pid:
        shutil.rmtree(folder, ignore_errors=True)


def grader(db: store.Database, pack_id: str, version: str, owner_id: int | None = None) -> Grader:
    """The grader of one pack version (of a teacher's own pack when ``owner_id`` is given): its installed
    copy (the shared built-in grader when it is the same content), or the built-in pack on a store where it
    was not registered."""
    folder = source(db, pack_id, version, owner_id)
    builtin = grader_for(pack_id) if folder == _builtin_path(pack_id) else None
    return builtin or grader_at(str(folder))


def source(db: store.Database, pack_id: str, version: str, owner_id: int | None = None) -> Path:
    """A folder on this host holding one pack version (see :func:`grader`), without loading it; PackMissing
    when the store has no such version."""
    if owner_id is not None:
        own = store.get_pack(db, pack_id, version, owner_id)
        if own is None:
            raise PackMissing(f"{pack_id} {version} ({owner_id})")
        return _folder(db, own)
    builtin = _builtin_path(pack_id)
    record = store.get_pack(db, pack_id, version)
    same = record is None or (builtin is not None and _digest(_folder(db, record)) == _digest(builtin))
    if builtin is not None and grader_for(pack_id).pack.version == version and same:
        return builtin
    if record is None:
        raise PackMissing(f"{pack_id} {version}")
    return _folder(db, record)


def _builtin_path(pack_id: str) -> Path | None:
    try:
        return grader_for(pack_id).pack.path
    except PackInvalid:
        return None


@dataclass(frozen=True)
class InstalledVersion:
    """One installed version as ``simulator pack list`` shows it."""

    record: store.PackRecord
    origin: (
        str  # "builtin" (shipped with the program), "upload" (a teacher's .zip) or "command" (pack install)
    )
    owner: str | None  # the e-mail address of the teacher who uploaded it
    current: bool  # the version new attempts outside an assignment use (built-in), else the newest one
    attempts: int


def installed(db: store.Database) -> dict[str, list[InstalledVersion]]:
    """Every installed version by pack id, oldest first: where it comes from, whether it is the current one,
    and how many attempts are tied to it."""
    counts = store.attempts_per_version(db)
    owners: dict[int, str] = {}
    by_id: dict[str, list[store.PackRecord]] = {}
    for record in store.list_packs(db):
        by_id.setdefault(record.id, []).append(record)
    result: dict[str, list[InstalledVersion]] = {}
    for pack_id, records in by_id.items():
        builtin = _builtin_path(pack_id)
        builtin_pack = grader_for(pack_id).pack if builtin is not None else None
        current = builtin_version(db, pack_id) if builtin_pack is not None else records[-1].version
        rows = []
        for record in records:
            if record.owner_id is not None and record.owner_id not in owners:
                user = store.get_user(db, record.owner_id)
                owners[record.owner_id] = user.email if user else "?"
            shipped = builtin_pack is not None and (
                record.version == builtin_pack.version
                or record.version.startswith(f"{builtin_pack.version}+")
            )
            origin = "upload" if record.owner_id is not None else "builtin" if shipped else "command"
            rows.append(
                InstalledVersion(
                    record,
                    origin,
                    owners.get(record.owner_id) if record.owner_id is not None else None,
                    record.version == current,
                    counts.get((pack_id, record.version, record.owner_id), 0),
                )
            )
        result[pack_id] = rows
    return result


def visible(db: store.Database, teacher_id: int, pack_id: str, version: str) -> store.PackRecord | None:
    """The version this teacher may use: their own copy, else the shared one; None (404) when neither
    exists. Another teacher's packs are never seen, whatever their id."""
    return store.get_pack(db, pack_id, version, teacher_id) or store.get_pack(db, pack_id, version)


def catalogue(db: store.Database, teacher_id: int) -> dict[str, list[store.PackRecord]]:
    """The packs a teacher may use: id -> versions, oldest first."""
    packs: dict[str, list[store.PackRecord]] = {}
    for record in store.visible_packs(db, teacher_id):
        packs.setdefault(record.id, []).append(record)
    return packs


def current_version(db: store.Database, pack_id: str, versions: list[store.PackRecord]) -> str:
    """The version a teacher's « Packs » page calls current: the built-in pack's version in service (the one
    the catalogue's attempts use), else the newest one installed."""
    return builtin_version(db, pack_id) if _builtin_path(pack_id) is not None else versions[-1].version


# --- install ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Installed:
    record: store.PackRecord | None
    errors: list[str]  # "FILE:LINE: message" or a French sentence; empty when installed


def _refused(*messages: str) -> Installed:
    return Installed(None, list(messages))


def install_zip(db: store.Database, data: bytes, owner_id: int | None) -> Installed:
    """Unpack, check and install an uploaded pack; nothing is written outside a private temporary folder
    and a refused zip leaves nothing behind."""
    if len(data) > MAX_ZIP_BYTES:
        return _refused(f"Le fichier dépasse {MAX_ZIP_BYTES // 1024 // 1024} Mo.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return _refused("Ce fichier n'est pas une archive .zip lisible.")
    files, errors = _checked_entries(entries)
    if errors:
        return _refused(*errors)
    staging = Path(tempfile.mkdtemp(prefix="lettrage-upload-"))
    try:
        for entry, name in files:
            try:
                content = _read_bounded(archive, entry)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
                return _refused(f"{name} : archive corrompue (contenu différent de ce qu'annonce l'archive).")
            if content is None:
                return _refused(f"{name} : fichier trop gros une fois décompressé (archive piégée ?).")
            if name.endswith(".yaml") and (problem := yaml_bomb(content)):
                return _refused(f"{name}:1: {problem}")
            # Names were checked: one plain file name each, written inside the staging folder only.
            (staging / name).write_bytes(content)
        return _install_folder(db, staging, owner_id)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _checked_entries(entries: list[zipfile.ZipInfo]) -> tuple[list[tuple[zipfile.ZipInfo, str]], list[str]]:
    """The files to unpack, by plain name (an optional single top folder is dropped), or why not."""
    if len(entries) > MAX_FILES:
        return [], [f"L'archive contient {len(entries)} fichiers : {MAX_FILES} au plus."]
    declared = sum(e.file_size for e in entries)
    if declared > MAX_TOTAL_BYTES:
        return [], [f"L'archive décompressée dépasserait {MAX_TOTAL_BYTES // 1024 // 1024} Mo."]
    files, errors, tops = [], [], set()
    for entry in entries:
        name = entry.filename
        path = PurePosixPath(name)
        mode = entry.external_attr >> 16
        if "\\" in name or name.startswith("/") or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
            errors.append(f"{name} : chemin interdit (hors du dossier du pack).")
        elif stat.S_ISLNK(mode):
            errors.append(f"{name} : les liens symboliques sont refusés.")
        elif name.startswith("__MACOSX/") or path.name.startswith("."):
            continue
        elif entry.is_dir():
            tops.add(path.parts[0])
        elif len(path.parts) > 2:
            errors.append(f"{name} : sous-dossier refusé (un pack est un seul dossier de fichiers).")
        elif path.suffix not in ALLOWED_SUFFIXES:
            errors.append(f"{name} : type de fichier refusé (seulement .yaml et README.md).")
        elif entry.file_size > MAX_FILE_BYTES:
            errors.append(f"{name} : fichier trop gros ({MAX_FILE_BYTES // 1024} Ko au plus).")
        else:
            if len(path.parts) == 2:
                tops.add(path.parts[0])
            files.append((entry, path.name))
    if len(tops) > 1:
        errors.append("L'archive doit contenir un seul dossier de pack (ou ses fichiers directement).")
    names = [n for _, n in files]
    if len(set(names)) != len(names):
        errors.append("L'archive contient deux fichiers du même nom.")
    if not errors and "pack.yaml" not in names:
        errors.append("pack.yaml: fichier pack.yaml manquant dans l'archive.")
    return files, errors


def _read_bounded(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes | None:
    """The entry's bytes, reading at most one byte past the limit: a header that lies about the size (zip
    bomb) is caught without inflating it."""
    with archive.open(entry) as stream:
        content = stream.read(MAX_FILE_BYTES + 1)
    return None if len(content) > MAX_FILE_BYTES else content


def yaml_bomb(content: bytes) -> str | None:
    """A French reason if the YAML would explode once its aliases are expanded (billion laughs) or nests
    too deep; None otherwise (the loader then reads it safely and reports its own errors)."""
    try:
        root = yaml.compose(content.decode("utf-8", errors="replace"), Loader=yaml.SafeLoader)
    except RecursionError:
        return "YAML refusé : imbrication trop profonde."
    except yaml.YAMLError:
        return None  # the loader reports the syntax error with its line
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        if depth > 100:
            raise RecursionError
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        sizes[id(node)] = total
        return total

    try:
        if root is not None and size(root, 0) > MAX_YAML_NODES:
            return "YAML refusé : trop de nœuds une fois les alias développés (bombe YAML ?)."
    except RecursionError:
        return "YAML refusé : imbrication trop profonde."
    return None


def install_folder(db: store.Database, folder: Path, owner_id: int | None = None) -> Installed:
    """Install a pack folder (``simulator pack install``): validated, then stored as a new version."""
    if not folder.is_dir():
        return _refused(f"{folder} : dossier introuvable.")
    for file in folder.glob("*.yaml"):
        if file.stat().st_size > MAX_FILE_BYTES:
            return _refused(f"{file.name} : fichier trop gros ({MAX_FILE_BYTES // 1024} Ko au plus).")
        if problem := yaml_bomb(file.read_bytes()):
            return _refused(f"{file.name}:1: {problem}")
    return _install_folder(db, folder, owner_id)


def _install_folder(db: store.Database, folder: Path, owner_id: int | None) -> Installed:
    reading = read_pack(folder)
    if reading.pack is None:
        return _refused(*(_located(e) for e in reading.errors))
    pack = reading.pack
    if not _ID.match(pack.id):
        return _refused(
            f"pack.yaml:1: identifiant de pack refusé : « {pack.id} » (minuscules, chiffres, tirets)."
        )
    if not _VERSION.match(pack.version):
        return _refused(f"pack.yaml:1: version refusée : « {pack.version} » (lettres, chiffres, . _ -).")
    # A teacher's packs are theirs: the same id may be another teacher's, unseen. What this teacher sees
    # (their own versions and the shared ones) names one version each.
    taken = store.get_pack(db, pack.id, pack.version, owner_id) or (
        owner_id is not None and store.get_pack(db, pack.id, pack.version)
    )
    if taken:
        return _refused(
            f"pack.yaml:1: la version {pack.version} du pack {pack.id} est déjà installée : "
            "changez « version » dans pack.yaml."
        )
    try:
        with db.atomic():
            digest = store.store_pack_files(db, pack.id, pack.version, owner_id, folder_files(folder))
            record = store.record_pack(
                db, pack.id, pack.version, pack.title, IN_STORE, owner_id=owner_id, digest=digest
            )
    except store.PackFilesDiffer:  # installed meanwhile by another request, with other files
        return _refused(f"La version {pack.version} du pack {pack.id} est déjà installée.")
    return Installed(record, [])


def _located(error: PackError) -> str:
    return str(error) if error.file else error.message


# --- preview --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MistakeLine:
    code: str
    title: str
    step: str  # the procedure step's title (or id)


@dataclass(frozen=True)
class RubricLine:
    criterion: str
    label: str
    points: int
    mistakes: tuple[MistakeLine, ...]


def rubric(grader_: Grader, scenario_id: str) -> list[RubricLine]:
    """The scenario's criteria, each with the mistakes that fail it."""
    from simulator.grading.scoring import charged_criterion

    spec = grader_.pack.scenario(scenario_id)
    steps = {s.id: s.title for s in grader_.pack.spec.procedure}
    ids = [item.criterion for item in spec.rubric]
    lines = []
    for item in spec.rubric:
        mistakes = tuple(
            MistakeLine(m.code, m.title, steps.get(m.procedure, m.procedure))
            for m in MISTAKES.values()
            if charged_criterion(m.criterion, ids) == item.criterion
        )
        label = item.label or CRITERIA.get(item.criterion, item.criterion)
        lines.append(RubricLine(item.criterion, label, item.points, mistakes))
    return lines
