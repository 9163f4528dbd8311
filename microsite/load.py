"""Reading content files: YAML with line numbers, Markdown with front matter."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from collections.abc import Callable, Mapping
from pathlib import Path
import yaml

from .hashing import digest
from .errors import ContentError, ContentErrors
from .messages import N_, Number
from .yamlwords import MERGE, REFERENCE, syntax_error, unknown_tag, value_problem

# A value YAML's safe loader makes: a scalar, or a list or mapping of such values (left unparameterised: the
# checks in schema.py narrow them with isinstance, and their contents are YAML values again).
YamlValue = str | int | float | bool | None | datetime.date | datetime.datetime | list | dict
# Characters no page may hold (HTML forbids them): every control character but tab and line break.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What YAML itself refuses in a file (its printable set's complement).
YAML_REFUSED = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
CONTROL_MESSAGE = N_("the line has an invisible control character ({code})")
CONTROL_HINT = N_("delete it: retype the line, or remove the character in your editor")
KeyPath = tuple[str | int, ...]  # mapping keys and sequence indexes, from the top
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser where installed: same result, faster
MAX_DEPTH = 20  # the deepest content (themes → groups → items → languages) is 4 levels


@dataclass(frozen=True)
class YamlDoc:
    """Parsed YAML plus the line where each value starts and where each key is, for error messages."""

    path: str
    data: YamlValue
    lines: dict[KeyPath, int] = field(default_factory=dict)
    key_lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, *keys: str | int) -> int:
        """Return the line of the value at keys, or of its nearest parent."""
        for end in range(len(keys), -1, -1):
            if keys[:end] in self.lines:
                return self.lines[keys[:end]]
        return 1

    def key_line(self, *keys: str | int) -> int:
        """Return the line of the last key in keys (a block value starts on a line below it)."""
        return self.key_lines.get(keys) or self.line_of(*keys)


@dataclass(frozen=True)
class MarkdownDoc:
    """A Markdown file split into its front matter and body."""

    path: str
    meta: YamlDoc
    body: str
    body_line: int


def front_matter(doc: MarkdownDoc) -> dict[str, YamlValue]:
    """The page's front matter: a mapping (load_markdown makes an empty one a mapping and refuses any other)."""
    assert isinstance(doc.meta.data, dict), doc.path
    return doc.meta.data


ParsedFile = tuple[str, YamlDoc | MarkdownDoc]  # the digest of a file's bytes, and what they parsed to


def read_text(path: Path, shown: str, raw: bytes | None = None) -> str:
    """Return a file's text (or of its bytes already read) as UTF-8, tolerating a BOM and Windows line endings."""
    try:
        raw = path.read_bytes() if raw is None else raw
    except OSError as exc:
        missing = isinstance(exc, FileNotFoundError)
        reason = N_("the file does not exist") if missing else N_("cannot read the file: {error}")
        raise ContentErrors([ContentError(shown, None, reason, N_("check the file's name and place"),
                                          (("error", exc.strerror),))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.removeprefix(b"\xef\xbb\xbf")[: exc.start].count(b"\n") + 1  # exc.start counts from after a BOM
        raise ContentErrors([ContentError(shown, line, N_("the file is not UTF-8 text"),
                                          N_("save it as UTF-8 in your editor"))]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, shown: str, first_line: int = 1) -> YamlDoc:
    """Parse YAML text into a YamlDoc; syntax errors, references, duplicate keys and values that are no
    date, number or text raise ContentErrors, all of them that the file has."""
    try:
        refused = _refuse_references(text, shown, first_line - 1)
        if refused:
            raise ContentErrors([refused])
        loader = Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise ContentErrors([syntax_error(exc, text, shown, first_line)]) from None
    except yaml.reader.ReaderError:  # a character YAML refuses; found here, as libyaml counts its position in bytes
        found = YAML_REFUSED.search(text)
        line = text.count("\n", 0, found.start()) + first_line if found else first_line
        code = f"U+{ord(found.group()):04X}" if found else "?"
        raise ContentErrors([ContentError(shown, line, CONTROL_MESSAGE, CONTROL_HINT, (("code", code),))]) from None
    reader = _NodeReader(loader, shown, first_line - 1)
    data = reader.convert(node, ())
    if reader.errors:
        raise ContentErrors(reader.errors)
    return YamlDoc(shown, data, reader.lines, reader.key_lines)


def _refuse_references(text: str, shown: str, offset: int) -> ContentError | None:
    """The first anchor or alias (and so any merge key's *name), read from the parser's events before
    anything is put together: expanding nested aliases ("billion laughs") would take gigabytes. Editors
    write plain values, so the first one found is the one line reported. Nesting too deep to be content
    is refused here too."""
    loader, depth = Loader(text), 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return ContentError(shown, event.start_mark.line + 1 + offset, *REFERENCE)
            depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
            if depth > MAX_DEPTH:
                return _too_deep(shown, event.start_mark.line + 1 + offset)
    except yaml.MarkedYAMLError as exc:  # libyaml 0.2.5 and later stop at 1,000 levels themselves
        if "nesting depth" not in (exc.problem or "") or exc.problem_mark is None:
            raise
        return _too_deep(shown, exc.problem_mark.line + 1 + offset)
    finally:
        loader.dispose()
    return None


def _too_deep(shown: str, line: int) -> ContentError:
    return ContentError(shown, line, N_("the values are nested more than {limit} levels deep"),
                        N_("write them as simpler lists and 'key: value' lines"), (("limit", Number(MAX_DEPTH)),))


_UNREADABLE = object()


class _NodeReader:
    """Turns a YAML node into plain Python values, recording the line of each value and each key,
    and every value that cannot be read (the reader goes on, so all of them are reported)."""

    def __init__(self, loader, shown: str, offset: int):
        self.loader, self.shown, self.offset = loader, shown, offset
        self.lines: dict[KeyPath, int] = {}
        self.key_lines: dict[KeyPath, int] = {}
        self.errors: list[ContentError] = []

    def convert(self, node, keys: KeyPath):
        if node is None:
            return None
        self.lines[keys] = self._line(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, keys) if self._plain(node, "map") else None
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, keys + (i,)) for i, item in enumerate(node.value)] if self._plain(node, "seq") else None
        return self._scalar(node)

    def _mapping(self, node, keys: KeyPath) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is _UNREADABLE:
                continue
            if key in result:  # the value is still read, so its own mistakes are reported too
                self._error(key_node, N_("key '{key}' appears twice"), N_("keep only one of them"), (("key", key),))
                self.convert(value_node, keys + (key, "(again)"))
                continue
            self.key_lines[keys + (key,)] = self._line(key_node)
            result[key] = self.convert(value_node, keys + (key,))
        return result

    def _key(self, node):
        """The key, or _UNREADABLE once the reason it cannot be one is reported."""
        if node.tag == "tag:yaml.org,2002:merge":
            self._error(node, *MERGE)
        elif not isinstance(node, yaml.ScalarNode):
            self._error(node, N_("a key must be a word or a number, not a list or a group"),
                        N_("write 'key: value' with a plain key"))
        else:
            reported = len(self.errors)
            key = self._scalar(node)
            return key if len(self.errors) == reported else _UNREADABLE
        return _UNREADABLE

    def _plain(self, node, kind: str) -> bool:
        """Lists and mappings carry no tag an editor would write: refuse !!python/object and the like."""
        if node.tag == f"tag:yaml.org,2002:{kind}":
            return True
        self._error(node, *unknown_tag(node.tag))
        return False

    def _scalar(self, node):
        try:
            value = self.loader.construct_object(node)
        # Each constructor fails in its own way on a bad value (a date's ValueError, a bool's KeyError,
        # an empty !!int's IndexError ...); whatever it raised, the value is the editor's to fix.
        except (yaml.YAMLError, ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
            return self._error(node, *value_problem(node, exc))
        control = CONTROL.search(value) if isinstance(value, str) else None
        if control:  # written as an escape in quotes ("\e", "\x07"): YAML allows it, no page may hold it
            return self._error(node, CONTROL_MESSAGE, CONTROL_HINT, (("code", f"U+{ord(control.group()):04X}"),))
        return value

    def _line(self, node) -> int:
        return node.start_mark.line + 1 + self.offset

    def _error(self, node, message: str, hint: str, values: tuple = ()) -> None:
        self.errors.append(ContentError(self.shown, self._line(node), message, hint, values))
        return None


def load_yaml(path: Path, shown: str, raw: bytes | None = None) -> YamlDoc:
    """Read a YAML file (or parse its bytes already read); an empty file is an error."""
    text = read_text(path, shown, raw)
    if not text.strip():
        raise ContentErrors([ContentError(shown, 1, N_("the file is empty"), N_("add its content or delete the file"))])
    return parse_yaml(text, shown)


def load_markdown(path: Path, shown: str, raw: bytes | None = None) -> MarkdownDoc:
    """Read a Markdown file with YAML front matter between '---' lines (or parse its bytes already read)."""
    text = read_text(path, shown, raw)
    if not text.strip():
        raise ContentErrors([ContentError(shown, 1, N_("the file is empty"),
                                          N_("add front matter and text, or delete the file"))])
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise ContentErrors([ContentError(shown, 1, N_("the file does not start with front matter"),
                                          N_("begin the file with a line '---', the settings, and another '---'"))])
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        raise ContentErrors([ContentError(shown, 1, N_("the front matter is not closed"),
                                          N_("add a line '---' after the settings"))])
    meta = parse_yaml("\n".join(lines[1:end]), shown, first_line=2)
    if meta.data is None:
        meta = YamlDoc(shown, {}, {(): 2})
    elif not isinstance(meta.data, dict):
        raise ContentErrors([ContentError(shown, 2, N_("the front matter must be 'key: value' lines"))])
    return MarkdownDoc(shown, meta, "\n".join(lines[end + 1:]), end + 2)


@dataclass(frozen=True)
class Sources:
    """Everything read from content/: data files by name, pages by language and key."""

    data: dict[str, YamlDoc]
    pages: dict[str, dict[str, MarkdownDoc]]
    files: frozenset[str] = frozenset()
    parsed: dict[str, ParsedFile] = field(default_factory=dict)  # by shown path, for reuse by the next build


def load_sources(content: Path, language_codes: list[str], shown_root: Path,
                 previous: Mapping[str, ParsedFile] | None = None, scanned: Callable[[str], str | None] | None = None
                 ) -> Sources:
    """Read every data file and page under content/, collecting all errors before raising.

    previous holds files parsed by an earlier build; one whose bytes are unchanged since then (as scanned(shown),
    the digest found by the scan that began this build, says) is not parsed again.
    """
    errors: list[ContentError] = []
    reader = _Reader(errors, previous, scanned or (lambda shown: None))
    data = {}
    for path in sorted(content.glob("*.yaml")):
        if path.name != "site.yaml":
            doc = reader.read(load_yaml, path, _shown(path, shown_root))
            if doc:
                data[path.stem] = doc
    pages: dict[str, dict[str, MarkdownDoc]] = {}
    for code in language_codes:
        pages[code] = {}
        for path in sorted((content / code).rglob("*.md")):
            doc = reader.read(load_markdown, path, _shown(path, shown_root))
            if doc:
                pages[code][path.relative_to(content / code).with_suffix("").as_posix()] = doc
    if errors:
        raise ContentErrors(errors)
    files = frozenset(path.relative_to(content).as_posix() for path in (content / "files").rglob("*") if path.is_file())
    return Sources(data, pages, files, reader.fresh)


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


class _Reader:
    """Parses a file unless previous holds it parsed from the same bytes; keeps what it read, with its digest."""

    def __init__(self, errors: list[ContentError], previous: Mapping[str, ParsedFile] | None, scanned):
        self.errors, self.previous, self.scanned = errors, previous, scanned
        self.fresh: dict[str, ParsedFile] = {}

    def read(self, load, path: Path, shown: str):
        if self.previous is None:
            return _collect(self.errors, load, path, shown)
        key = self.scanned(shown)
        doc: YamlDoc | MarkdownDoc | None
        if key is not None and self.previous.get(shown, ("",))[0] == key:
            doc = self.previous[shown][1]  # as the scan found it, so as parsed last time
        else:
            key, doc = read_doc(self.errors, load, path, shown)
        if doc is not None:
            self.fresh[shown] = (key, doc)
        return doc


def read_doc(errors: list[ContentError], load, path: Path, shown: str
             ) -> tuple[str | None, YamlDoc | MarkdownDoc | None]:
    """(digest of the file's bytes, what load made of them; None if it failed, with the errors added): the
    bytes hashed are the bytes parsed, however the file changes meanwhile."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None, _collect(errors, load, path, shown)  # reports the missing or unreadable file
    return digest(raw), _collect(errors, load, path, shown, raw)


def _collect(errors: list[ContentError], reader, path: Path, shown: str, raw: bytes | None = None):
    try:
        return reader(path, shown, raw)
    except ContentErrors as exc:
        errors.extend(exc.errors)
        return None
