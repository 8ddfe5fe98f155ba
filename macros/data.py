"""The one data layer: read every file in data/ and every page's front matter,
validate it with the components' pydantic models, and check the links between
files, all before any page renders.

Components own their models; this module only knows how to read YAML, turn a
pydantic error into a message an editor can act on, and run the checks.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import types
import typing
from pathlib import Path
from typing import Any

import pydantic
import yaml
from pydantic import BaseModel, ValidationError

from .errors import DataError, DataErrors


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A YAML loader that refuses a key given twice in one mapping.

    Plain PyYAML keeps the last value silently, which would hide a copy-paste slip.
    It reads with libyaml (C) where PyYAML has it, some 5 times faster than pure Python
    (the data files were a fifth of the build); the line numbers are the same.
    """


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f'the key "{key}" appears twice', key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


def _construct_timestamp(loader, node):
    # 2026-13-45 looks like a date to YAML, then fails with a bare ValueError (a traceback).
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f'"{node.value}" is not a real date; write it as YYYY-MM-DD, like 2026-11-25',
            node.start_mark) from None


class _PlainUniqueKeyLoader(yaml.SafeLoader):
    """The same rules in pure Python: used only to word an error, since libyaml's messages
    ("did not find expected '-' indicator") differ from PyYAML's, which _YAML_PLAIN translates."""


for _loader in (_UniqueKeyLoader, _PlainUniqueKeyLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def read_text(path: Path, label: str) -> str:
    """A file's text, or one DataError if it is missing or not UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(label, "the file is missing") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise DataError(f"{label}, line {line}", f"a character that is not UTF-8 (byte 0x{data[exc.start]:02X}); "
                        "save the file as UTF-8 in your editor (and retype that character)") from None


def read_yaml(path: Path, label: str) -> Any:
    return parse_yaml(read_text(path, label), label)


# What PyYAML says, and what an editor can act on.
_YAML_PLAIN = [
    ("expected <block end>", "the indentation of this line does not match the lines above; "
                             "line it up with the other lines of the same entry (use spaces)"),
    ("that cannot start any token", None),  # filled in below: a tab, or another character
    ("mapping values are not allowed here", "there is a colon (:) inside a value; put the whole value in quotes"),
    ("could not find expected ':'", "a line has no colon (write key: value), or a quote is not closed"),
    ("found unexpected end of stream", "a quote is not closed"),
    ("expected ',' or ']'", "a list in [brackets] is not closed, or a value in it needs quotes"),
    ("expected ',' or '}'", "a {braces} value is not closed, or a value in it needs quotes"),
]


def _indented_more(text: str, n: int) -> bool:
    lines = text.splitlines()
    if n >= len(lines):
        return False
    before = [line for line in lines[:n] if line.strip() and not line.lstrip().startswith("#")]
    indent = lambda line: len(line) - len(line.lstrip(" -"))  # noqa: E731
    return bool(before) and indent(lines[n]) > indent(before[-1]) and not before[-1].rstrip().endswith(":")


def _plain_yaml_problem(problem: str, context: str | None, text: str, mark) -> str:
    if mark is not None and "\t" in (text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""):
        if "that cannot start any token" in problem or "\\t" in problem or "tab" in problem:
            return "this line has a tab; use spaces, not tabs, to indent"
    if "mapping values are not allowed here" in problem and mark is not None and _indented_more(text, mark.line):
        return ("the indentation of this line does not match the lines above; line it up with the other "
                "lines of the same entry (or, if the text goes on from the line above, put it in quotes)")
    for jargon, plain in _YAML_PLAIN:
        if jargon in problem and plain:
            return plain
    if "that cannot start any token" in problem:
        return f"{problem.replace('found character', 'the character')}; put the value in quotes"
    return f"{problem} ({context})" if context else problem


def parse_yaml(text: str, label: str, first_line: int = 1) -> Any:
    """Parse YAML text; `first_line` is where the text starts in its file (for front matter)."""
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark: harmless in a data file
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError:
        pass
    try:  # the same text again in pure Python, for its wording of the mistake
        return yaml.load(text, Loader=_PlainUniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + first_line}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        detail = _plain_yaml_problem(problem, getattr(exc, "context", None), text, mark)
        if isinstance(exc, yaml.constructor.ConstructorError) and mark:
            # Not a syntax slip: a value YAML understood but we refuse (a date that does not exist, a key twice).
            raise DataError(f"{label}, line {mark.line + first_line}", detail) from None
        raise DataError(label, f"YAML syntax error at {line}{detail}") from None


def _unwrap(annotation) -> list:
    """The model classes that an annotation may hold (through list, Optional, unions)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, tuple, set, dict, typing.Union, types.UnionType):
        found = []
        for arg in typing.get_args(annotation):
            found += _unwrap(arg)
        return found
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str] | None:
    """The field names that are allowed at `loc`, to suggest a fix for a typo."""
    models = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        nxt = []
        for m in models:
            if part in m.model_fields:
                nxt += _unwrap(m.model_fields[part].annotation)
        if not nxt:
            # A union member tag (pydantic puts the member's name in loc) or a leaf.
            named = [m for m in models if m.__name__ == part]
            if named:
                continue
            break
        models = nxt
    names = sorted({f for m in models for f in m.model_fields})
    return names or None


# The field that names an entry, best first: an entry is reported by it, not by its position.
NAME_FIELDS = ("id", "code", "term", "label", "name", "title")


def entry_name(node: Any) -> str | None:
    if not isinstance(node, dict):
        return None
    for key in NAME_FIELDS:
        value = node.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value)
    return None


def _describe(raw: Any, loc: tuple) -> tuple[str | None, str | None]:
    """Find the entry (nearest id, code, term, label or name on the path) and the field path below it."""
    entry, field_parts, node = None, [], raw
    for part in loc:
        if node is not raw and entry_name(node) is not None:
            entry, field_parts = entry_name(node), []
        if isinstance(part, int):
            inside = node[part] if isinstance(node, list) and part < len(node) else None
            if entry_name(inside) is None:
                field_parts.append(f"[{part}]") if entry is None or field_parts else None
            node = inside
        else:
            field_parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    if node is not raw and entry_name(node) is not None:
        # A whole-entry check (model validator) points at the entry itself.
        entry, field_parts = entry_name(node), []
    field = ".".join(p for p in field_parts).replace(".[", "[") or None
    return entry, field


# Regex patterns of the models, as the rule in words.
PATTERN_WORDS = {
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": "use only a-z, 0-9 and single hyphens between words, like eyelid-twitching",
    r"^/": "write a page of this site starting with /, like /self-care/ or /self-care/#sleep",
    r"^[0-9]{2,4}$": "write 2 to 4 digits only, like 911",
    r"^[^@\s<>]+@[^@\s<>]+\.[a-z]{2,}$": "write an email address, like corrections@example.org",
    r"^[A-Za-z0-9-]{2,12}$": "write 2 to 12 letters, digits or hyphens, like MVD",
}

_YAML_WORDS = {True: "Yes (or True, On)", False: "No (or False, Off)"}


def _plain_message(err: dict, field_info) -> str:
    kind, value = err["type"], err.get("input")
    if kind == "string_pattern_mismatch":
        pattern = (err.get("ctx") or {}).get("pattern", "")
        rule = PATTERN_WORDS.get(pattern) or (field_info.description if field_info and field_info.description
                                              else "it does not have the right form")
        return f"{rule} (found: {value!r})"
    if kind == "string_type" and isinstance(value, bool):
        return (f"YAML reads an unquoted {_YAML_WORDS[value]} as {str(value).lower()}, not as text; "
                f'put it in quotes, like "Yes"')
    if kind == "string_type" and isinstance(value, (int, float)):
        return f'YAML reads {value} as a number, not as text; put it in quotes, like "{value}"'
    if kind == "string_type" and value is None:
        return "this field is empty; write a value or remove the line"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"not a date; write it as YYYY-MM-DD, like 2026-11-25 (found: {value!r})"
    return ""


def _field_info(model: type[BaseModel], loc: tuple):
    """The pydantic FieldInfo at `loc`, if it can be found."""
    models, info = [model], None
    for part in loc:
        if isinstance(part, int):
            continue
        found = [m.model_fields[part] for m in models if part in m.model_fields]
        if not found:
            if any(m.__name__ == part for m in models):
                continue
            return None
        info = found[0]
        models = [m for f in found for m in _unwrap(f.annotation)]
    return info


_MESSAGES = {
    "extra_forbidden": "unknown field (a typo?)",
    "missing": "this required field is missing",
}


def validate(label: str, raw: Any, model: type[BaseModel]):
    """Validate raw YAML against a model, or raise one DataError per problem."""
    if raw is None:
        raise DataError(label, "the file is empty")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p[:1].isupper()))
            entry, field = _describe(raw, loc)
            kind = err["type"]
            msg = _plain_message(err, _field_info(model, loc))
            if not msg:
                msg = _MESSAGES.get(kind) or err["msg"]
                if msg.startswith("Value error, "):
                    msg = msg[len("Value error, "):]
                if kind != "missing" and "input" in err and not isinstance(err["input"], (dict, list)):
                    msg += f' (found: {err["input"]!r})'
            valid = _fields_at(model, loc[:-1]) if kind == "extra_forbidden" else None
            if kind == "literal_error":
                valid = None  # pydantic already lists them in the message
            found = str(loc[-1]) if kind == "extra_forbidden" and loc else None  # the misspelt field name
            problems.append(DataError(label, msg, entry=entry, field=field, valid=valid, found=found))
        raise DataErrors(problems) from None


def unique_ids(label: str, entries, what: str = "id", parent: str | None = None) -> None:
    seen: set[str] = set()
    for e in entries:
        key = getattr(e, what)
        if key in seen:
            raise DataError(label, f'the {what} "{key}" is used twice; every {what} must be unique',
                            entry=parent or key, field=what)
        seen.add(key)


def load_extra(extra: dict, key: str, model: type[BaseModel], why: str):
    """Validate the `extra.<key>` settings of mkdocs.yml; `why` says what breaks without them."""
    raw = extra.get(key)
    if raw is None:
        raise DataError("mkdocs.yml", f"extra.{key} is missing; {why}", field=f"extra.{key}")
    return validate(f"mkdocs.yml (extra.{key})", raw, model)


# A data file's validated model is kept on disk, keyed by the file's text and by everything that
# could change what validating it gives: the code of macros/ (the models and their validators, which
# read nothing but the file), and the versions of Python, pydantic and PyYAML. The same text then
# validates once, not on every build and `make serve` rebuild (bench/profile.md). Only a file that
# passed is kept; a mistake is found, and worded, afresh every time. The cross-file checks
# (check(site)) always run. A cache entry that cannot be read is simply made again.
CACHE_ENV = "FSG_CACHE_DIR"  # the folder of every cache of the build; default .cache/ in the project (git ignores it)
CACHE_KEEP = 200             # newest entries kept


_PROJECT = Path(__file__).resolve().parent.parent


def cache_root() -> Path:
    """Where the build keeps what it made before: validated data here, QR codes (macros/printing.py),
    compiled partials (macros/templates.py). CONTRIBUTING.md, "Build speed", lists them all."""
    return Path(os.environ.get(CACHE_ENV) or _PROJECT / ".cache")


class Memo:
    """What a function gave for each text, kept between builds in one file (issue 17).

    For a step that gives the same result for the same text every time (inline Markdown to
    HTML, the classes a page uses, a page squeezed): `memo(text, compute)` gives
    `compute(text)`, from the file when this text was seen before. The key is the text and
    `code`: the files whose code decides the result (the file of `compute` at least) and
    anything else that does (versions, settings). Results must be immutable (str, tuple,
    frozenset): the same object is given to every caller. `save()` writes the file when this
    process computed something new. An entry stays while one of the last KEEP_SAVES writes used
    it, so a process that used only a few texts (a test) leaves the others for the next build,
    and entries no build uses any more fall away. A file that cannot be read or written only
    costs the time of computing again.
    """

    KEEP_SAVES = 10

    def __init__(self, name: str, code: list[Path], *extra: str):
        self.name = name
        h = hashlib.sha256(sys.version.encode())
        for path in code:
            h.update(str(path.name).encode() + b"\0" + Path(path).read_bytes() + b"\0")
        for part in extra:
            h.update(part.encode() + b"\0")
        self.key = h.hexdigest()
        self._kept: dict | None = None
        self._used: dict = {}
        self._changed = False

    def path(self) -> Path:
        return cache_root() / "memo" / f"{self.name}.pickle"

    def _load(self) -> dict:
        """{text hash: (value, the write that last used it)}, from the file if its code key matches."""
        if self._kept is None:
            self._kept, self._saves = {}, 0
            try:
                kept = pickle.loads(self.path().read_bytes())
                if isinstance(kept, dict) and kept.get("key") == self.key:
                    self._kept, self._saves = kept["entries"], kept["saves"]
            except Exception:  # noqa: BLE001 - missing, cut short or from other code: compute again
                pass
        return self._kept

    def __call__(self, text: str, compute):
        h = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        if h in self._used:
            return self._used[h]
        kept = self._load()
        if h in kept:
            value = kept[h][0]
        else:
            value = compute(text)
            self._changed = True
        self._used[h] = value
        return value

    def save(self) -> None:
        """Write the file if this process computed something new: what it used, and what one of the
        last KEEP_SAVES writes used."""
        if not self._changed:
            return
        kept, saves = self._load(), self._saves + 1
        entries = {h: entry for h, entry in kept.items() if entry[1] > saves - self.KEEP_SAVES}
        entries.update((h, (value, saves)) for h, value in self._used.items())
        try:
            path = self.path()
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps({"key": self.key, "saves": saves, "entries": entries},
                                         protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(path)
            self._kept, self._saves, self._changed = entries, saves, False
        except (OSError, pickle.PickleError, TypeError):  # a read-only checkout: only slower
            pass


def cache_dir() -> Path:
    return cache_root() / "data"


@functools.cache
def _code_key() -> bytes:
    h = hashlib.sha256()
    for path in sorted((_PROJECT / "macros").glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(f"{sys.version}|{pydantic.VERSION}|{yaml.__version__}".encode())
    return h.digest()


def _cache_path(text: str, model: type[BaseModel]) -> Path:
    h = hashlib.sha256(_code_key())
    h.update(f"{model.__module__}.{model.__qualname__}\0".encode() + text.encode("utf-8"))
    return cache_dir() / f"{h.hexdigest()[:40]}.pickle"


def _cached(path: Path, model: type[BaseModel]):
    try:
        value = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - missing, cut short, or from other code: validate again
        return None
    return value if type(value) is model else None


def _keep(path: Path, value) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
        entries = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[CACHE_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:  # a read-only checkout: the build still works, only slower
        pass


def load_text(text: str, label: str, model: type[BaseModel], first_line: int = 1,
              when_empty: DataError | None = None):
    """YAML text validated against a model (from the cache when this text passed before).
    `when_empty`: the error to raise when the text holds nothing (else "the file is empty")."""
    cache = _cache_path(text, model)
    value = _cached(cache, model)
    if value is None:
        raw = parse_yaml(text, label, first_line)
        if not raw and when_empty is not None:
            raise when_empty
        value = validate(label, raw, model)
        _keep(cache, value)
    return value


def load_path(path: Path, label: str, model: type[BaseModel]):
    return load_text(read_text(path, label), label, model)


def load_file(data_dir: Path, name: str, model: type[BaseModel]):
    return load_path(data_dir / name, f"data/{name}", model)
