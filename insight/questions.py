"""The question bank of seven-minute briefings: data the board can edit, chosen by themes.

``insight/questions.toml`` ships the defaults; ``DATA_DIR/questions.toml`` overrides a theme's
questions or adds general ones.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from common.text import strip_invisible
from insight.tagging import ReviewText, tag_review
from insight.taxonomy import Taxonomy

OVERRIDE_FILE = "questions.toml"
MIN_QUESTIONS, MAX_QUESTIONS = 3, 5


class QuestionBankError(ValueError):
    """A question bank file that cannot be read; the message names it."""


@dataclass(frozen=True)
class QuestionBank:
    themes: Mapping[str, tuple[str, ...]]
    general: tuple[str, ...]

    def choose(self, theme_ids: Sequence[str], limit: int = MAX_QUESTIONS) -> list[str]:
        """The first question of each theme (in the order given), then the second ones, …, up
        to ``limit``; general questions fill up to at least three (and to ``limit`` if the
        themes have fewer)."""
        lists = [self.themes.get(theme, ()) for theme in dict.fromkeys(theme_ids)]
        chosen: list[str] = []
        depth = 0
        while len(chosen) < limit and any(depth < len(q) for q in lists):
            for questions in lists:
                if depth < len(questions) and questions[depth] not in chosen:
                    chosen.append(questions[depth])
                    if len(chosen) == limit:
                        break
            depth += 1
        for question in self.general:
            if len(chosen) >= max(MIN_QUESTIONS, min(limit, len(chosen))):
                break
            if question not in chosen:
                chosen.append(question)
        return chosen


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise QuestionBankError(f"{where}: expected a list of questions (strings)")
    return tuple(text for text in (" ".join(strip_invisible(v).split()) for v in value) if text)


def parse(data: Mapping[str, Any], where: str, base: QuestionBank | None = None) -> QuestionBank:
    themes = dict(base.themes) if base else {}
    general = base.general if base else ()
    raw_themes = data.get("themes", {})
    if not isinstance(raw_themes, Mapping):
        raise QuestionBankError(f"{where}: [themes] must be a table of theme id = [questions]")
    for theme_id, questions in raw_themes.items():
        themes[str(theme_id)] = _strings(questions, f"{where}: themes.{theme_id}")
    if "general" in data:
        section = data["general"]
        if not isinstance(section, Mapping):
            raise QuestionBankError(f"{where}: [general] must be a table with questions = [...]")
        general = _strings(section.get("questions", []), f"{where}: general.questions")
    return QuestionBank(themes, general)


def _toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuestionBankError(f"{where}: {exc}") from exc


def default_bank() -> QuestionBank:
    text = resources.files("insight").joinpath("questions.toml").read_text(encoding="utf-8")
    return parse(_toml(text, "insight/questions.toml"), "insight/questions.toml")


def load(data_dir: Path | None = None) -> QuestionBank:
    bank = default_bank()
    path = data_dir / OVERRIDE_FILE if data_dir else None
    if path is not None and path.is_file():
        bank = parse(_toml(path.read_text(encoding="utf-8"), str(path)), str(path), bank)
    return bank


def recommendation_agencies(taxonomy: Taxonomy, text: str) -> list[str]:
    """The display names of the agencies one recommendation addresses (briefings group by it)."""
    tags = tag_review(ReviewText(recommendations=text), taxonomy)
    return [tag.name for tag in tags if tag.axis == "agency"]
