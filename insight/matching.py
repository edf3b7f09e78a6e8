""" "Made before" (pure): for each recommendation item, the most similar items of earlier reviews.

A method turns the collection's item texts into something it can score one item against the
others with; ``find_matches`` keeps, per item, the best item of each earlier review, then the
best ``top`` reviews at or above the method's threshold. "Earlier" is strict: a review published
in an earlier year, or earlier in the same year when both months are known.

Two lexical methods over stemmed words with an inverted index, pure Python: TF-IDF with cosine
similarity, and BM25 (the default) scaled by the item's score against itself.
bench/made_before.py compares them with a sentence-embedding model on a labelled set of pairs
(figures and the reasons for the choice are in the README).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

import numpy

TOP = 3

# Function words, and words that every recommendation uses ("should", "make sure", "the
# partnership"): they say nothing about what a recommendation asks for.
_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my no nor not of off on once only or other our ours out over own
    same she should so some such than that the their theirs them themselves then there these they
    this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours within without must may might shall make makes made
    sure ensure ensures ensuring every whether including include includes partnership lscb board
    safeguarding local agencies agency review recommendation recommendations recommends recommend
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+")
# Bumped whenever ``tokens`` would split or stem a text differently: the stored analysis of the
# collection's items (insight.store) is keyed by it.
ANALYSER_VERSION = "1"


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English suffix stripper: enough to meet "assessments"/"assess"/"assessed"."""
    for suffix, keep in (
        ("ational", "ate"),
        ("ization", "ize"),
        ("isation", "ise"),
        ("ments", ""),
        ("ment", ""),
        ("ings", ""),
        ("ing", ""),
        ("ies", "y"),
        ("ied", "y"),
        ("sses", "ss"),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= (2 if suffix == "s" else 3):
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: len(word) - len(suffix)] + keep
    return word


def tokens(text: str) -> list[str]:
    words = _WORD.findall(text.lower().replace("’", "'").replace("'s", ""))
    return [stem(word) for word in words if word not in STOPWORDS and len(word) > 1]


def analyse(text: str) -> dict[str, int]:
    """A text as the lexical methods see it: its stemmed words and how often each occurs."""
    return _term_counts(tokens(text))


class Method(Protocol):
    """A way of scoring items against each other: fitted once on the collection's texts."""

    name: str
    threshold: float

    def fit(self, texts: Sequence[str]) -> None: ...

    def scores(self, query: int, floor: float = 0.0) -> dict[int, float]:
        """Similarity of item ``query`` to the other items: every one that scores ``floor`` or
        more is there (others may be left out, so a method can skip what cannot reach it)."""
        ...


@runtime_checkable
class Lexical(Method, Protocol):
    """A method over ``analyse``'s words: it can be fitted on texts analysed earlier."""

    def fit_terms(self, counts: Sequence[dict[str, int]]) -> None: ...


class TfIdf:
    """TF-IDF (sublinear tf, smoothed idf) with cosine similarity, over an inverted index."""

    name = "tfidf"

    def __init__(self, threshold: float = 0.3) -> None:
        self.threshold = threshold
        self._vectors: list[dict[str, float]] = []
        self._postings: dict[str, list[tuple[int, float]]] = {}

    def fit(self, texts: Sequence[str]) -> None:
        self.fit_terms([analyse(text) for text in texts])

    def fit_terms(self, counts: Sequence[dict[str, int]]) -> None:
        """``fit`` on texts already analysed (``analyse``): what the store keeps between runs."""
        df: dict[str, int] = defaultdict(int)
        for terms in counts:
            for term in terms:
                df[term] += 1
        n = len(counts)
        idf = {term: math.log((1 + n) / (1 + freq)) + 1 for term, freq in df.items()}
        self._vectors = []
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, terms in enumerate(counts):
            weights = {t: (1 + math.log(c)) * idf[t] for t, c in terms.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            vector = {t: w / norm for t, w in weights.items()}
            self._vectors.append(vector)
            for term, weight in vector.items():
                postings[term].append((index, weight))
        self._postings = dict(postings)

    def scores(self, query: int, floor: float = 0.0) -> dict[int, float]:
        totals: dict[int, float] = defaultdict(float)
        for term, weight in self._vectors[query].items():
            for index, other in self._postings[term]:
                totals[index] += weight * other
        totals.pop(query, None)
        return totals


class Bm25:
    """Okapi BM25, each score divided by the query's score against itself (so 0..~1)."""

    name = "bm25"

    def __init__(self, threshold: float = 0.31, k1: float = 1.2, b: float = 0.75) -> None:
        self.threshold = threshold
        self.k1, self.b = k1, b
        self._terms: list[dict[str, int]] = []
        # per term: the items it occurs in and how often, in item order
        self._postings: dict[str, tuple[list[int], list[int]]] = {}
        self._idf: dict[str, float] = {}
        self._norms: list[float] = []
        self._norm_array: Any = numpy.zeros(0)
        self._numpy: dict[str, tuple[Any, Any]] = {}

    def fit(self, texts: Sequence[str]) -> None:
        self.fit_terms([analyse(text) for text in texts])

    def fit_terms(self, counts: Sequence[dict[str, int]]) -> None:
        """``fit`` on texts already analysed (``analyse``): what the store keeps between runs."""
        self._terms = list(counts)
        lengths = [sum(terms.values()) for terms in self._terms]
        average = (sum(lengths) / len(lengths)) if lengths else 1.0
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for index, terms in enumerate(self._terms):
            for term, count in terms.items():
                posting = postings.get(term)
                if posting is None:
                    posting = postings[term] = ([], [])
                posting[0].append(index)
                posting[1].append(count)
        n = len(self._terms)
        self._idf = {
            t: math.log(1 + (n - len(p[0]) + 0.5) / (len(p[0]) + 0.5)) for t, p in postings.items()
        }
        self._norms = [
            self.k1 * (1 - self.b + self.b * length / (average or 1.0)) for length in lengths
        ]
        self._postings = postings
        self._norm_array = numpy.array(self._norms, dtype=numpy.float64)
        self._numpy = {}

    def _weight(self, index: int, count: int) -> float:
        return count * (self.k1 + 1) / (count + self._norms[index])

    def scores(self, query: int, floor: float = 0.0) -> dict[int, float]:
        """Accumulated over the query's terms' postings in numpy arrays (exact, not pruned);
        only items scoring ``floor`` or more (and above 0) are returned."""
        totals = self.score_array(query)
        keep = numpy.nonzero(totals >= max(floor, 1e-12))[0]
        return {int(index): float(totals[index]) for index in keep}

    def score_array(self, query: int) -> Any:
        """``scores`` as one numpy array over every item (0 for the query itself)."""
        terms = self._terms[query]
        self_score = sum(self._idf[t] * self._weight(query, c) for t, c in terms.items()) or 1.0
        totals = numpy.zeros(len(self._terms), dtype=numpy.float64)
        for term in terms:
            indexes, weights = self._arrays(term)
            totals[indexes] += self._idf[term] * weights
        totals /= self_score
        totals[query] = 0.0
        return totals

    def _arrays(self, term: str) -> tuple[Any, Any]:
        """A term's items and their weights (``_weight``, elementwise: the same floats), made
        when a query first needs the term: matching one review touches few terms."""
        found = self._numpy.get(term)
        if found is None:
            items, counts = self._postings[term]
            indexes = numpy.array(items, dtype=numpy.int64)
            tf = numpy.array(counts, dtype=numpy.float64)
            weights = tf * (self.k1 + 1) / (tf + self._norm_array[indexes])
            found = self._numpy[term] = (indexes, weights)
        return found


def _term_counts(words: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for word in words:
        counts[word] += 1
    return dict(counts)


@dataclass(frozen=True)
class ItemDoc:
    """One recommendation item of the collection, with when its review was published."""

    item_id: int
    review_id: int
    year: int
    month: int | None
    text: str


@dataclass(frozen=True)
class Match:
    item_id: int
    earlier_item_id: int
    earlier_review_id: int
    score: float


def published_before(earlier: ItemDoc, later: ItemDoc) -> bool:
    if earlier.year != later.year:
        return earlier.year < later.year
    return earlier.month is not None and later.month is not None and earlier.month < later.month


def fit(method: Method, docs: Sequence[ItemDoc]) -> Method:
    method.fit([doc.text for doc in docs])
    return method


def find_matches(
    docs: Sequence[ItemDoc],
    method: Method,
    queries: Iterable[int] | None = None,
    *,
    top: int = TOP,
    threshold: float | None = None,
) -> dict[int, list[Match]]:
    """For each queried index into ``docs`` (default: all), its matches in earlier reviews.

    ``method`` must have been fitted on ``docs`` (see ``fit``). Every queried item has an entry,
    empty when nothing earlier is similar enough. Scores are rounded to 4 places, so stored
    results compare equal when a rerun finds the same.
    """
    floor = method.threshold if threshold is None else threshold
    wanted = range(len(docs)) if queries is None else queries
    if isinstance(method, Bm25):
        return _find_in_arrays(docs, method, wanted, top, floor)
    found: dict[int, list[Match]] = {}
    for index in wanted:
        query = docs[index]
        best: dict[int, tuple[float, int]] = {}
        for other, score in method.scores(index, floor).items():
            candidate = docs[other]
            if score < floor or not published_before(candidate, query):
                continue
            current = best.get(candidate.review_id)
            if current is None or (score, -candidate.item_id) > (current[0], -current[1]):
                best[candidate.review_id] = (score, candidate.item_id)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1]))[:top]
        found[query.item_id] = [
            Match(query.item_id, item_id, review_id, round(score, 4))
            for review_id, (score, item_id) in ranked
        ]
    return found


def _find_in_arrays(
    docs: Sequence[ItemDoc], method: Bm25, queries: Iterable[int], top: int, floor: float
) -> dict[int, list[Match]]:
    """``find_matches`` for a method scoring into one array: the same choice (the best item of
    each earlier review, ties to the lower item id; then the best ``top`` by score and item id)
    made with numpy instead of a Python loop over every candidate, which is most of the time a
    rebuild of the whole collection takes."""
    years = numpy.array([doc.year for doc in docs], dtype=numpy.int64)
    months = numpy.array([-1 if doc.month is None else doc.month for doc in docs], numpy.int64)
    reviews = numpy.array([doc.review_id for doc in docs], dtype=numpy.int64)
    items = numpy.array([doc.item_id for doc in docs], dtype=numpy.int64)
    found: dict[int, list[Match]] = {}
    for index in queries:
        query = docs[index]
        earlier = years < query.year
        if query.month is not None:  # same year: earlier only when both months are known
            earlier |= (years == query.year) & (months >= 0) & (months < query.month)
        totals = method.score_array(index)
        candidates = numpy.nonzero(earlier & (totals >= max(floor, 1e-12)))[0]
        scores, review_ids, item_ids = totals[candidates], reviews[candidates], items[candidates]
        order = numpy.lexsort((item_ids, -scores, review_ids))
        _, firsts = numpy.unique(review_ids[order], return_index=True)
        best = order[firsts]
        ranked = best[numpy.lexsort((item_ids[best], -scores[best]))][:top]
        found[query.item_id] = [
            Match(query.item_id, int(item_ids[i]), int(review_ids[i]), round(float(scores[i]), 4))
            for i in ranked
        ]
    return found


def default_method() -> Method:
    """BM25 at 0.31: chosen on bench/made_before.py's figures (see the README)."""
    return Bm25()
