"""The reference text of bench/real_reports.py: poppler's pdftotext output, its page furniture
removed, cut into sentences and page-break joins (definitions: that script's docstring)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from harvester.pdftext import normalise

_LETTERS = re.compile(r"[^\W\d_]+")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–(]?\s*(?:\d+|[ivxlc]+)\s*[-–)]?(?:\s*(?:of|/)\s*\d+)?$", re.I
)
_ENDS = re.compile(r"[.!?:;]['\"’”)\]]*$")
PUA = re.compile(r"[\ue000-\uf8ff]")
_FOOTNOTE = re.compile(r"^\d{1,3}\s+\S")
GLUED = re.compile(r"\b([^\W\d_]{3,})(\d{1,3})\b")
_BULLETS = "•▪●◦‣·*–-\uf0b7\uf0a7\uf0d8\uf0fc\uf076\uf0a8\uf02d"


_IN_WORD_HYPHEN = re.compile(r"(?<=\w)[-‐‑](?=\w)")


def key(text: str) -> str:
    """A text's words, letters only, one space apart and around: what sentences are compared by.

    A hyphen inside a word is dropped: pdftotext joins every word broken at a line end, so it
    writes "FAAapproved" where the PDF has "FAA-approved"; keeping or dropping such a hyphen
    is a judgement neither way."""
    return " " + " ".join(_LETTERS.findall(_IN_WORD_HYPHEN.sub("", normalise(text)))) + " "


@dataclass
class Reference:
    sentences: list[str] = field(default_factory=list)  # keys
    joins: list[str] = field(default_factory=list)  # keys of sentences cut by a page break
    furniture: list[str] = field(default_factory=list)  # keys of running header/footer lines
    body: str = ""  # key of the text without its furniture
    vocabulary: frozenset[str] = frozenset()
    next_steps: list[str] = field(default_factory=list)  # keys of "Next steps" lists
    letters: int = 0


def _masked(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def _strip_furniture(pages: list[list[str]]) -> tuple[list[list[str]], set[str]]:
    edges: Counter[str] = Counter()
    for lines in pages:
        filled = [ln for ln in lines if ln.strip()]
        edges.update({_masked(ln) for ln in filled[:5] + filled[-5:]})
    needed = max(3, round(0.25 * len(pages)))
    repeated = {k for k, n in edges.items() if n >= needed}
    # pdftotext may read a page's footer before the end of its text: a short line found on
    # two pages in five (three at least) is furniture wherever it is.
    anywhere: Counter[str] = Counter()
    twice: set[str] = set()  # said twice on a page: a table's cell or header, not a footer
    for lines in pages:
        counts = Counter(_masked(ln) for ln in lines if 0 < len(ln.split()) <= 8)
        anywhere.update(counts.keys())
        twice.update(k for k, n in counts.items() if n > 1)
    common = {
        k
        for k, n in anywhere.items()
        if n >= max(3, 0.4 * len(pages)) and k in repeated and k not in twice
    }
    furniture: set[str] = set()
    out: list[list[str]] = []
    for lines in pages:
        kept = []
        for line in lines:
            if line.strip() and _masked(line) in common:
                furniture.add(" ".join(line.split()))
            else:
                kept.append(line)
        for edge in (0, -1):
            while kept:
                probe = kept[edge]
                if not probe.strip():
                    kept.pop(edge)
                    continue
                text = " ".join(probe.split())
                if _masked(text) in repeated or _PAGE_NUMBER.match(text):
                    furniture.add(text)
                    kept.pop(edge)
                    continue
                break
        out.append(kept)
    return out, furniture


def _blocks(lines: Iterable[str]) -> list[str]:
    """Paragraphs (blank-line separated); a line-end hyphen is kept as "-\u2063" to be seen."""
    out: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        text = line.strip()
        if text:
            current.append(text)
        elif current:
            joined = ""
            for part in current:
                if joined.endswith("-"):
                    joined += "\u2063" + part
                else:
                    joined = f"{joined} {part}" if joined else part
            out.append(joined)
            current = []
    return out


def _good_sentence(sentence: str) -> bool:
    s = sentence.strip().lstrip(_BULLETS + " \"'“‘(")
    return (
        len(_LETTERS.findall(s)) >= 5
        and s[:1].isupper()
        and s.rstrip("\"')]’”").endswith((".", "!", "?"))
        and "\u2063" not in s
    )


def reference(text: str) -> Reference:
    pages = [page.split("\n") for page in text.split("\f")]
    if pages and not "".join(pages[-1]).strip():
        pages.pop()
    bodies, furniture = _strip_furniture(pages)
    ref = Reference()
    page_blocks = [_blocks(lines) for lines in bodies]
    for blocks in page_blocks:
        for block in blocks:
            for sentence in _SENTENCE_SPLIT.split(block):
                if _good_sentence(sentence):
                    ref.sentences.append(key(sentence))
    for before, after in itertools.pairwise(page_blocks):
        if not before or not after:
            continue
        tail, head = before[-1], after[0]
        if _ENDS.search(tail) or tail.endswith("-") or not head[:1].islower():
            continue
        if _FOOTNOTE.match(tail) or (len(before) > 1 and before[-2].strip().isdigit()):
            continue  # the page ends with its footnotes: the sentence goes on from the body

        tail_part = _SENTENCE_SPLIT.split(tail)[-1]
        head_part = _SENTENCE_SPLIT.split(head)[0]
        if "\u2063" in tail_part + head_part:
            continue
        joined = key(f"{tail_part} {head_part}")
        if len(joined.split()) >= 6 and tail_part[:1].isupper():
            ref.joins.append(joined)
    body = "\n".join("\n".join(lines) for lines in bodies)
    ref.body = key(body)
    ref.furniture = sorted(
        {k for line in furniture if len((k := key(line)).split()) >= 3 and len(k) >= 14}
    )
    ref.vocabulary = frozenset(w.lower() for w in _LETTERS.findall(body))
    ref.letters = sum(len(w) for w in _LETTERS.findall(body))
    for match in re.finditer(r"^\s*next steps\b.*$", body, re.I | re.M):
        ref.next_steps.append(key(body[match.end() : match.end() + 3000]))
    return ref
