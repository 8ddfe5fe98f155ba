"""The one data layer: read every file in data/ and every page's front matter,
validate it with the components' pydantic models, and check the links between
files, all before any page renders.

Components own their models; this module only knows how to read YAML, turn a
pydantic error into a message an editor can act on, and run the checks.
"""
from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

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


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path, label: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(label, "the file is missing") from None
    return parse_yaml(text, label)


def parse_yaml(text: str, label: str, first_line: int = 1) -> Any:
    """Parse YAML text; `first_line` is where the text starts in its file (for front matter)."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + first_line}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        detail = f"{problem} ({context})" if context else problem
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


def _describe(raw: Any, loc: tuple) -> tuple[str | None, str | None]:
    """Find the entry (nearest id on the path) and the field path below it."""
    entry, field_parts, node = None, [], raw
    for part in loc:
        if isinstance(node, dict) and "id" in node and isinstance(node.get("id"), (str, int)):
            entry, field_parts = str(node["id"]), []
        if isinstance(part, int):
            field_parts.append(f"[{part}]") if entry is None or field_parts else None
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            field_parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict) and isinstance(node.get("id"), (str, int)):
        # A whole-entry check (model validator) points at the entry itself.
        entry, field_parts = str(node["id"]), []
    field = ".".join(p for p in field_parts).replace(".[", "[") or None
    return entry, field


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


def load_file(data_dir: Path, name: str, model: type[BaseModel]):
    label = f"data/{name}"
    return validate(label, read_yaml(data_dir / name, label), model)
