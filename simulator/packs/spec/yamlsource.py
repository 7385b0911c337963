"""Reading a pack's YAML files safely and with their lines.

``read_yaml(path, name)`` gives a :class:`Source`: the data, its node tree and the problems found, each a
:class:`PackError` (file, line, French message); a location path such as ``("invoices", 0, "lines")`` gives back
its line. Only regular files are read (no link, FIFO or device), at most MAX_FILE_BYTES, in UTF-8 without
control characters; YAML aliases, nesting deeper than MAX_YAML_DEPTH, integers longer than MAX_INT_CHARS,
impossible dates and repeated keys are refused with their line.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Loc = tuple[str | int, ...]


@dataclass(frozen=True, order=True, slots=True)
class PackError:
    """One problem in a pack: ``file`` is relative to the pack folder, ``line`` starts at 1."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Source:
    """A YAML file read with its node tree, so that a location path gives back a line."""

    name: str
    data: Any = None
    root: yaml.Node | None = None
    errors: list[PackError] = field(default_factory=list)

    def line(self, loc: Loc) -> int:
        return _line_for(self.root, loc)

    def error(self, loc: Loc, message: str) -> None:
        self.errors.append(PackError(self.name, self.line(loc), message))

    def text_line(self, loc: Loc, number: int) -> int:
        """The file line of line ``number`` (from 1) of the text at ``loc``: exact in a literal block
        (``|``), whose lines are the text's; the key's line otherwise (folded or quoted text)."""
        line, node = _locate(self.root, loc)
        if isinstance(node, yaml.ScalarNode) and node.style == "|":
            return node.start_mark.line + 1 + number
        return line


_OS_REASONS = {
    errno.ENOENT: "fichier introuvable",
    errno.EISDIR: "c'est un dossier",
    errno.EACCES: "accès refusé",
    errno.EPERM: "accès refusé",
    errno.ENAMETOOLONG: "nom trop long",
    errno.ELOOP: "trop de liens symboliques",
}


def os_reason(error: OSError) -> str:
    """Why a file could not be read, in French."""
    return _OS_REASONS.get(
        error.errno or 0, f"erreur système {errno.errorcode.get(error.errno or 0, '')}".strip()
    )


#: A scenario file weighs a few KB; PyYAML reads about 1 MB a second.
MAX_FILE_BYTES = 256_000
#: A scenario nests 6 levels deep (invoices > lines > amount_ht > documents...).
MAX_YAML_DEPTH = 24
#: Longest integer written in a pack (days, points); longer ones break Python's int conversion.
MAX_INT_CHARS = 20
# What YAML itself forbids in a file (PyYAML's Reader would stop with a message in English, without a line).
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class UnreadableFile(Exception):
    """A file that is not read, with the French reason."""


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of the regular file ``path``; UnreadableFile otherwise. Never follows a symbolic link
    (a scenario linked to a system file must not be read, nor shown in error messages), never waits on a
    FIFO, never reads a device or a folder, never more than ``limit`` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise UnreadableFile(
                "lien symbolique refusé : un pack ne contient que des fichiers ordinaires"
            ) from None
        raise UnreadableFile(f"fichier illisible : {os_reason(exc)}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnreadableFile("ce n'est pas un fichier ordinaire (dossier, tube ou périphérique)")
    with os.fdopen(fd, "rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise UnreadableFile(f"fichier trop volumineux (plus de {limit // 1000} Ko)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"le fichier n'est pas en UTF-8 ({exc.reason})") from None


class _PackYamlLoader(yaml.SafeLoader):
    """Safe loading without what a pack never needs and an attack uses: aliases (``*a``: "billion laughs",
    self-referencing anchors), nesting deeper than MAX_YAML_DEPTH, integers longer than MAX_INT_CHARS, and
    impossible dates, each refused with its line."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            raise _refused(
                self.peek_event().start_mark,
                "les alias YAML (*nom) ne sont pas acceptés : recopiez la valeur",
            )
        if self._depth >= MAX_YAML_DEPTH:
            raise _refused(
                self.peek_event().start_mark, f"imbrication trop profonde (au plus {MAX_YAML_DEPTH} niveaux)"
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        if len(node.value) > MAX_INT_CHARS:
            raise _refused(node.start_mark, f"nombre entier trop long ({len(node.value)} caractères)")
        return super().construct_yaml_int(node)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise _refused(node.start_mark, f"date impossible « {node.value} »") from None


_PackYamlLoader.add_constructor("tag:yaml.org,2002:int", _PackYamlLoader.construct_yaml_int)
_PackYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _PackYamlLoader.construct_yaml_timestamp)


#: PyYAML's tokens as a pack author reads them.
_TOKENS = {
    "<stream start>": "le début du fichier",
    "<stream end>": "la fin du fichier",
    "<document start>": "« --- »",
    "<document end>": "« ... »",
    "<directive>": "une directive « % »",
    "<block sequence start>": "une liste « - »",
    "<block mapping start>": "une nouvelle clé",
    "<block end>": "la fin du bloc",
    "<block entry>": "un élément de liste « - »",
    "<flow sequence start>": "« [ »",
    "<flow sequence end>": "« ] »",
    "<flow mapping start>": "« { »",
    "<flow mapping end>": "« } »",
    "<flow entry>": "« , »",
    "<key>": "une clé",
    "<value>": "« : »",
    "<alias>": "un alias « * »",
    "<anchor>": "une ancre « & »",
    "<tag>": "une étiquette « ! »",
    "<scalar>": "une valeur",
}


def _token(text: str) -> str:
    """``'<block end>'`` or ``':'`` (PyYAML's repr of a token) in French words."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    if text in _TOKENS:
        return _TOKENS[text]
    if text in ("\t", "\\t"):
        return "une tabulation"
    if text in ("\x00", "\0", ""):
        return "la fin du fichier"
    return f"« {text} »"


#: PyYAML's problems (scanner, parser, composer), said in French; the first match wins.
_YAML_PROBLEMS: tuple[tuple[re.Pattern[str], Any], ...] = tuple(
    (re.compile(pattern), say)
    for pattern, say in (
        (
            r"^expected ',' or '\]', but got (.+)$",
            lambda m: (
                f"« , » ou « ] » attendu, mais {_token(m[1])} trouvé : une liste [ … ] se ferme par « ] », "
                "et un texte qui contient « : » ou « , » s'écrit entre guillemets"
            ),
        ),
        (
            r"^expected ',' or '\}', but got (.+)$",
            lambda m: (
                f"« , » ou « }} » attendu, mais {_token(m[1])} trouvé : une table {{ … }} se ferme par « }} »"
            ),
        ),
        (
            r"^expected <block end>, but found (.+)$",
            lambda m: (
                f"{_token(m[1])} inattendu : vérifiez l'indentation (des espaces, alignés avec la ligne "
                "du dessus)"
            ),
        ),
        (
            r"^expected the node content, but found (.+)$",
            lambda m: f"une valeur est attendue, mais {_token(m[1])} trouvé",
        ),
        (
            r"^expected '<document start>', but found (.+)$",
            lambda m: f"{_token(m[1])} inattendu : une seule table clé: valeur par fichier",
        ),
        (
            r"^mapping values are not allowed here$",
            lambda m: (
                "« : » inattendu ici : un texte qui contient « : » s'écrit entre guillemets, "
                "ou la clé est mal indentée"
            ),
        ),
        (
            r"^sequence entries are not allowed here$",
            lambda m: "élément de liste « - » inattendu ici : vérifiez l'indentation",
        ),
        (r"^mapping keys are not allowed here$", lambda m: "clé inattendue ici : vérifiez l'indentation"),
        (
            r"^could not find expected ':'$",
            lambda m: "« : » manquant : chaque ligne d'une table s'écrit « clé: valeur »",
        ),
        (
            r"^invalid indentation or unclosed '\[' or '\{'$",
            lambda m: "indentation incorrecte, ou « [ » / « { » jamais refermé",
        ),
        (
            r"^found character (.+) that cannot start any token$",
            lambda m: (
                f"{_token(m[1])} ne peut pas commencer une valeur"
                + (" : indentez avec des espaces" if "\\t" in m[1] else " : mettez le texte entre guillemets")
            ),
        ),
        (r"^found unexpected end of stream$", lambda m: "fin du fichier avant le guillemet fermant"),
        (r"^found unexpected document separator$", lambda m: "« --- » avant le guillemet fermant"),
        (
            r"^found unknown escape character (.+)$",
            lambda m: f"échappement inconnu \\{m[1].strip(chr(39))} entre guillemets",
        ),
        (
            r"^found undefined alias (.+)$",
            lambda m: f"alias {_token(m[1])} inconnu (aucune ancre « & » de ce nom)",
        ),
        (r"^found duplicate anchor (.+?);.*$", lambda m: f"ancre {_token(m[1])} définie deux fois"),
        (r"^found duplicate key$", lambda m: "clé en double"),
        (r"^but found another document$", lambda m: "un seul document par fichier (un seul « --- »)"),
        (r"^found undefined tag handle (.+)$", lambda m: f"étiquette {_token(m[1])} inconnue"),
        (r"^found non-specific tag '!'$", lambda m: "étiquette « ! » non permise"),
        (r"^expected (.+), but found (.+)$", lambda m: f"{_token(m[2])} inattendu ({m[1]} attendu)"),
    )
)


def french_yaml_problem(problem: str) -> str:
    """A PyYAML problem in French (messages already French, from this module's loader, pass through)."""
    for pattern, say in _YAML_PROBLEMS:
        match = pattern.match(problem)
        if match:
            return say(match)
    return "erreur de syntaxe" if _ENGLISH.search(problem) else problem


#: Words of PyYAML's messages: one this table does not know is never shown as it is.
_ENGLISH = re.compile(r"\b(expected|found|but|got|while|allowed|could|cannot|unexpected|unknown|invalid)\b")


def _refused(mark: Any, problem: str) -> yaml.MarkedYAMLError:
    return yaml.constructor.ConstructorError(None, None, problem, mark)


def read_yaml(path: Path, name: str) -> Source:
    source = Source(name)
    try:
        text = read_regular_file(path)
    except UnreadableFile as exc:
        source.errors.append(PackError(name, 1, str(exc)))
        return source
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        code = f"U+{ord(bad[0]):04X}"
        source.errors.append(
            PackError(name, line, f"caractère de contrôle {code} interdit dans un fichier YAML")
        )
        return source
    loader = _PackYamlLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            source.errors.append(PackError(name, 1, "fichier vide"))
            return source
        _check_duplicate_keys(root, source)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = french_yaml_problem(exc.problem or exc.context or "erreur de syntaxe")
        source.errors.append(PackError(name, line, f"YAML invalide : {problem}"))
        return source
    except yaml.YAMLError:  # pragma: no cover - every PyYAML parse error is marked
        source.errors.append(PackError(name, 1, "YAML invalide : erreur de syntaxe"))
        return source
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        source.errors.append(
            PackError(name, root.start_mark.line + 1, "le fichier doit être une table clé: valeur")
        )
        return source
    source.root = root
    source.data = data
    return source


def _check_duplicate_keys(node: yaml.Node, source: Source) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                line = key.start_mark.line + 1
                if key.value in seen:
                    source.errors.append(
                        PackError(
                            source.name, line, f"clé « {key.value} » répétée (déjà ligne {seen[key.value]})"
                        )
                    )
                else:
                    seen[key.value] = line
            _check_duplicate_keys(value, source)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, source)


def _line_for(root: yaml.Node | None, loc: Loc) -> int:
    """The line of the deepest node ``loc`` reaches; parts that name no node (a pydantic union tag, a
    missing field) are skipped, so a missing field points at its parent's line."""
    return _locate(root, loc)[0]


def _locate(root: yaml.Node | None, loc: Loc) -> tuple[int, yaml.Node | None]:
    """The line ``_line_for`` gives, and the deepest node ``loc`` reaches."""
    if root is None:
        return 1, None
    node, line = root, 1
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = None
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == part:
                    found = (key, value)
            if found:
                line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
    return line, node
