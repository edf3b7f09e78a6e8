"""The taxonomy: practice themes and agencies, as data the board can edit.

The default ships as ``insight/taxonomy.toml``; a board overrides or extends it with
``taxonomy.toml`` in its data directory. Loading is the only I/O here: ``merge`` and
``Concept.compile`` are pure.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

AXES = ("theme", "agency")
OVERRIDE_FILE = "taxonomy.toml"
_LIST_KEYS = ("keywords", "words", "patterns")


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used (bad TOML, an unknown key, a broken pattern)."""


@dataclass(frozen=True)
class Concept:
    """One theme or agency: its stable id, how it is shown, and the signals that tag it."""

    axis: str
    id: str
    name: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    compiled: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)

    def compile(self) -> Concept:
        try:
            regexes = tuple(re.compile(_word_regex(word), re.I) for word in self.words) + tuple(
                re.compile(pattern, re.I) for pattern in self.patterns
            )
        except re.error as exc:
            raise TaxonomyError(f"{self.axis} {self.id}: bad pattern: {exc}") from exc
        return replace(self, compiled=regexes)


def _word_regex(phrase: str) -> str:
    """A phrase as whole words: spaces match any whitespace, straight and curly quotes alike,
    and a final letter may take a plural ending."""
    parts = [re.escape(part).replace("'", "['’]") for part in phrase.split()]
    body = r"\s+".join(parts)
    tail = r"(?:s|es)?" if phrase[-1:].isalpha() else ""
    start = r"\b" if phrase[:1].isalnum() else ""
    end = r"\b" if phrase[-1:].isalnum() else ""
    return f"{start}{body}{tail}{end}"


@dataclass(frozen=True)
class Taxonomy:
    concepts: tuple[Concept, ...]

    def axis(self, axis: str) -> tuple[Concept, ...]:
        return tuple(concept for concept in self.concepts if concept.axis == axis)

    def get(self, axis: str, concept_id: str) -> Concept | None:
        for concept in self.concepts:
            if concept.axis == axis and concept.id == concept_id:
                return concept
        return None

    def name(self, axis: str, concept_id: str) -> str:
        concept = self.get(axis, concept_id)
        return concept.name if concept else concept_id

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything that tagging reads changes (stored with the tags)."""
        data = [
            [c.axis, c.id, c.name, list(c.keywords), list(c.words), list(c.patterns)]
            for c in self.concepts
        ]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]


def parse(data: Mapping[str, Any], *, base: Taxonomy | None = None) -> Taxonomy:
    """A taxonomy from parsed TOML; with ``base``, the file's entries override or extend it."""
    concepts: dict[tuple[str, str], Concept] = {
        (c.axis, c.id): c for c in (base.concepts if base else ())
    }
    unknown = set(data) - set(AXES) - {"version"}
    if unknown:
        raise TaxonomyError(f"unknown section(s): {', '.join(sorted(unknown))}")
    for axis in AXES:
        entries = data.get(axis, [])
        if not isinstance(entries, list):
            raise TaxonomyError(f"[[{axis}]] must be a list of tables")
        for entry in entries:
            concept = _entry(axis, entry, concepts.get((axis, str(entry.get("id", "")))))
            if concept is None:
                concepts.pop((axis, str(entry["id"])), None)
            else:
                concepts[(axis, concept.id)] = concept
    return Taxonomy(tuple(concept.compile() for concept in concepts.values()))


_ENTRY_KEYS = {"id", "name", "description", "remove", *_LIST_KEYS} | {
    f"add_{key}" for key in _LIST_KEYS
}


def _entry(axis: str, entry: Mapping[str, Any], known: Concept | None) -> Concept | None:
    concept_id = entry.get("id")
    if not isinstance(concept_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", concept_id):
        raise TaxonomyError(f"{axis}: every entry needs an id of lower-case letters and _")
    unknown = set(entry) - _ENTRY_KEYS
    if unknown:
        raise TaxonomyError(f"{axis} {concept_id}: unknown key(s) {', '.join(sorted(unknown))}")
    if entry.get("remove"):
        return None
    if known is None and "name" not in entry:
        raise TaxonomyError(f"{axis} {concept_id}: a new entry needs a name")
    concept = known or Concept(axis=axis, id=concept_id, name=str(entry["name"]))
    changes: dict[str, Any] = {}
    for key in ("name", "description"):
        if key in entry:
            changes[key] = str(entry[key])
    for key in _LIST_KEYS:
        if key in entry:
            changes[key] = _strings(axis, concept_id, key, entry[key])
        if f"add_{key}" in entry:
            current = changes.get(key, getattr(concept, key))
            changes[key] = (
                *current,
                *_strings(axis, concept_id, f"add_{key}", entry[f"add_{key}"]),
            )
    return replace(concept, **changes)


def _strings(axis: str, concept_id: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise TaxonomyError(f"{axis} {concept_id}: {key} must be a list of non-empty strings")
    return tuple(value)


def default_text() -> str:
    return resources.files("insight").joinpath("taxonomy.toml").read_text(encoding="utf-8")


def _toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{where}: {exc}") from exc


def default_taxonomy() -> Taxonomy:
    return parse(_toml(default_text(), "insight/taxonomy.toml"))


def load(data_dir: Path | None = None, extra: Iterable[Path] = ()) -> Taxonomy:
    """The default taxonomy, overridden by ``DATA_DIR/taxonomy.toml`` when the board has one."""
    taxonomy = default_taxonomy()
    files = [*([data_dir / OVERRIDE_FILE] if data_dir else []), *extra]
    for path in files:
        if path.is_file():
            taxonomy = parse(_toml(path.read_text(encoding="utf-8"), str(path)), base=taxonomy)
    return taxonomy
