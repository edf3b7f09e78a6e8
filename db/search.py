"""Full-text search over reviews and their overview reports, for the CLI and the web console.

The index itself (migration 0006) is kept up to date by database triggers: SQLite's FTS5 with
porter stemming, PostgreSQL's ``english`` text search with a GIN index. This module turns what a
user typed into a query the database cannot misread, and pages through the matches.

Query syntax, the same on both databases (that of ``websearch_to_tsquery`` without prefixes):
words are ANDed; ``"a phrase"``; ``OR`` between words or phrases; ``-word`` or ``-"a phrase"``
leaves matches out. Everything else (parentheses, ``*``, ``:``, ``NEAR(``, ``AND``/``NOT``,
unbalanced quotes) is read as plain words or ignored, so no input is ever a syntax error.
Punctuation inside a word keeps its parts together as a phrase (``child-minder``).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Text,
    and_,
    bindparam,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
)
from sqlalchemy.orm import Session

from db.models import Review

log = logging.getLogger(__name__)

# Names of the objects migration 0006 creates (FTS5 adds review_search_data, _idx, …): they are
# not models, so the model/migration comparison must leave them out.
SEARCH_PREFIX = "review_search"

MAX_QUERY_CHARS = 500
MAX_TERMS = 32
MAX_PER_PAGE = 500
SNIPPET_WORDS = 24
HEADLINE_CHARS = 20_000
# Markers ts_headline/snippet put around a match, split out again below: private-use characters
# scraped text has no reason to contain (PostgreSQL strips them from the document first; on
# SQLite a stray one could only misplace a highlight, and templates escape everything anyway).
_START, _STOP = "\ue000", "\ue001"
_WORD = re.compile(r"[^\W_]+")


def is_search_object(name: str | None) -> bool:
    """True for the tables and views of the full-text index (for Alembic's ``include_name``)."""
    return name is not None and name.startswith(SEARCH_PREFIX)


# ------------------------------------------------------------------ parsing what the user typed


@dataclass(frozen=True)
class Term:
    """A word or a phrase: its words, in order (one word for a plain word)."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class ParsedQuery:
    """``any_of`` is a disjunction of conjunctions: [[a, b], [c]] is (a AND b) OR c."""

    any_of: tuple[tuple[Term, ...], ...] = ()
    none_of: tuple[Term, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.any_of and not self.none_of


_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def parse_query(raw: str | None) -> ParsedQuery:
    """Read a search box's text into terms; never fails, whatever the text."""
    if not raw:
        return ParsedQuery()
    # NUL cannot be sent to PostgreSQL; a lone quote would otherwise swallow the rest.
    query = raw[:MAX_QUERY_CHARS].replace("\x00", " ")
    if query.count('"') % 2:
        last = query.rfind('"')
        query = query[:last] + " " + query[last + 1 :]
    groups: list[list[Term]] = [[]]
    none_of: list[Term] = []
    count = 0
    pending_or = False
    for match in _TOKEN.finditer(query):
        negated_phrase, phrase, bare = match.groups()
        negated = bool(negated_phrase)
        if bare is not None:
            if bare.upper() == "OR":
                pending_or = True
                continue
            negated = bare.startswith("-")
            chunk = bare
        else:
            chunk = phrase
        words = tuple(_WORD.findall(chunk))
        if not words or count >= MAX_TERMS:
            continue
        count += 1
        term = Term(words[:MAX_TERMS])
        if negated:
            none_of.append(term)
            continue
        if pending_or and groups[-1]:
            groups.append([])
        pending_or = False
        groups[-1].append(term)
    any_of = tuple(tuple(group) for group in groups if group)
    return ParsedQuery(any_of, tuple(none_of))


def fts5_expression(terms: Sequence[Sequence[Term]]) -> str:
    """An FTS5 MATCH expression: every term double-quoted, so FTS5 reads none of it as syntax."""

    def quoted(term: Term) -> str:
        # _WORD leaves no quote characters; doubling them anyway keeps this safe on its own.
        return '"' + " ".join(term.words).replace('"', '""') + '"'

    return " OR ".join("(" + " AND ".join(quoted(t) for t in group) + ")" for group in terms)


def websearch_text(terms: Sequence[Sequence[Term]]) -> str:
    """Text for ``websearch_to_tsquery`` built only from letters, digits, quotes and ``or``."""

    def quoted(term: Term) -> str:
        joined = " ".join(term.words)
        return f'"{joined}"' if len(term.words) > 1 else joined

    return " or ".join(" ".join(quoted(t) for t in group) for group in terms)


# ------------------------------------------------------------------------------- the results


@dataclass(frozen=True)
class SnippetPart:
    text: str
    match: bool


@dataclass
class SearchHit:
    review: Review
    rank: float | None  # lower is better (bm25 on SQLite, -ts_rank on PostgreSQL); None: no query
    # Plain text around the first good match (no markup: templates escape it); ``parts`` is the
    # same text split into matched and unmatched pieces, for highlighting without |safe.
    snippet: str = ""
    parts: list[SnippetPart] = field(default_factory=list)


@dataclass
class SearchPage:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    query: ParsedQuery

    @property
    def ids(self) -> list[int]:
        return [hit.review.id for hit in self.hits]

    @property
    def reviews(self) -> list[Review]:
        return [hit.review for hit in self.hits]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def split_snippet(marked: str) -> list[SnippetPart]:
    parts: list[SnippetPart] = []
    for index, piece in enumerate(re.split(f"[{_START}{_STOP}]", marked)):
        if piece:
            parts.append(SnippetPart(piece, match=index % 2 == 1))
    return parts


def _clean_snippet(raw: str | None) -> tuple[str, list[SnippetPart]]:
    if not raw:
        return "", []
    # The pages add one ellipsis at each end; SQLite's snippet() adds its own where it cut.
    collapsed = re.sub(r"\s+", " ", raw).strip().strip("…").strip()
    parts = split_snippet(collapsed)
    return "".join(part.text for part in parts), parts


# ------------------------------------------------------------------------------------ queries


_SQLITE_INDEX = table("review_search", column("rowid"))
_ENGLISH: ColumnElement[Any] = literal_column("'english'::regconfig")
_PG_INDEX = table("review_search", column("review_id"), column("document"), column("tsv"))


def _newest_first() -> list[Any]:
    return [
        Review.published_year.desc(),
        func.coalesce(Review.published_month, 0).desc(),
        Review.area,
        Review.title,
        Review.id,
    ]


def _keyword_filter(dialect: str, keyword: str) -> ColumnElement[bool]:
    wanted = bindparam("keyword_filter", keyword.strip().lower(), type_=String)
    if dialect == "postgresql":
        return text(
            "EXISTS (SELECT 1 FROM json_array_elements_text(CASE WHEN json_typeof(review.keywords)"
            " = 'array' THEN review.keywords ELSE '[]'::json END) AS kw(value)"
            " WHERE lower(kw.value) = :keyword_filter)"
        ).bindparams(wanted)  # type: ignore[return-value]
    return text(
        "EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(review.keywords) THEN"
        " review.keywords ELSE '[]' END) AS kw WHERE lower(kw.value) = :keyword_filter)"
    ).bindparams(wanted)  # type: ignore[return-value]


def _filters(
    dialect: str, year: int | None, area: str | None, keyword: str | None
) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if year is not None:
        clauses.append(Review.published_year == year)
    if area and area.strip():
        # SQLite's lower() folds ASCII only: the exact spelling (from the form's list) matches too
        clauses.append(
            or_(Review.area == area.strip(), func.lower(Review.area) == area.strip().lower())
        )
    if keyword and keyword.strip():
        clauses.append(_keyword_filter(dialect, keyword))
    return clauses


def _sqlite_match(expression: str) -> ColumnElement[bool]:
    return literal_column("review_search").op("MATCH")(literal(expression))


def _pg_tsquery(terms: Sequence[Sequence[Term]]) -> ColumnElement[object]:
    return func.websearch_to_tsquery(_ENGLISH, literal(websearch_text(terms), Text))


def _text_clauses(dialect: str, parsed: ParsedQuery) -> tuple[list[ColumnElement[bool]], bool]:
    """WHERE clauses for the query's words; the flag says the index must be joined in."""
    clauses: list[ColumnElement[bool]] = []
    if parsed.none_of:
        negated = [(term,) for term in parsed.none_of]
        if dialect == "postgresql":
            excluded = select(_PG_INDEX.c.review_id).where(
                _PG_INDEX.c.tsv.op("@@")(_pg_tsquery(negated))
            )
        else:
            excluded = (
                select(literal_column("rowid"))
                .select_from(_SQLITE_INDEX)
                .where(_sqlite_match(fts5_expression(negated)))
            )
        clauses.append(Review.id.not_in(excluded.scalar_subquery()))
    if not parsed.any_of:
        return clauses, False
    if dialect == "postgresql":
        clauses.append(_PG_INDEX.c.tsv.op("@@")(_pg_tsquery(parsed.any_of)))
    else:
        clauses.append(_sqlite_match(fts5_expression(parsed.any_of)))
    return clauses, True


def search_reviews(
    session: Session,
    query: str | None,
    *,
    year: int | None = None,
    area: str | None = None,
    keyword: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """One page of reviews matching ``query`` and the filters, best match first (newest first
    when there is no query), with the total and a plain-text snippet per match."""
    dialect = session.get_bind().dialect.name
    parsed = parse_query(query)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    page = max(1, page)
    clauses, ranked = _text_clauses(dialect, parsed)
    clauses += _filters(dialect, year, area, keyword)
    where = and_(true(), *clauses)

    def base(*columns: Any) -> Select[Any]:
        statement = select(*columns).select_from(Review.__table__)
        if ranked and dialect == "postgresql":
            statement = statement.join(_PG_INDEX, _PG_INDEX.c.review_id == Review.id)
        elif ranked:
            statement = statement.join(
                _SQLITE_INDEX, literal_column("review_search.rowid") == Review.id
            )
        return statement.where(where)

    total = session.scalar(base(func.count(Review.id))) or 0
    rank: ColumnElement[object]
    snippet: ColumnElement[object]
    if ranked and dialect == "postgresql":
        tsquery = _pg_tsquery(parsed.any_of)
        rank = -func.ts_rank(_PG_INDEX.c.tsv, tsquery)
        snippet = literal(None)  # headlines only for the page's rows, below: ts_headline is slow
    elif ranked:
        # bm25 is lower for better matches; weights: title, area, keywords, listing, report
        rank = func.bm25(literal_column("review_search"), 10.0, 4.0, 4.0, 2.0, 1.0)
        snippet = func.snippet(
            literal_column("review_search"), -1, _START, _STOP, "…", SNIPPET_WORDS
        )
    else:
        rank = literal(None)
        snippet = literal(None)
    order = [rank, *_newest_first()] if ranked else _newest_first()
    rows = session.execute(
        base(Review.id, rank.label("rank"), snippet.label("snippet"))
        .order_by(*order)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    ids = [row.id for row in rows]
    snippets: dict[int, str | None] = {row.id: row.snippet for row in rows}
    if ranked and dialect == "postgresql" and ids:
        snippets = _pg_headlines(session, ids, parsed)
    reviews = {r.id: r for r in session.scalars(select(Review).where(Review.id.in_(ids)))}
    hits = []
    for row in rows:
        plain, parts = _clean_snippet(snippets.get(row.id))
        hits.append(SearchHit(reviews[row.id], row.rank, plain, parts))
    return SearchPage(hits, total, page, per_page, parsed)


def search_all(
    session: Session,
    query: str | None,
    *,
    year: int | None = None,
    area: str | None = None,
    keyword: str | None = None,
) -> list[Review]:
    """Every matching review, best match first: ``search_reviews`` page after page."""
    found: list[Review] = []
    page = 1
    while True:
        result = search_reviews(
            session, query, year=year, area=area, keyword=keyword, page=page, per_page=MAX_PER_PAGE
        )
        found += result.reviews
        if not result.has_next:
            return found
        page += 1


def _pg_headlines(session: Session, ids: list[int], parsed: ParsedQuery) -> dict[int, str | None]:
    options = (
        f"StartSel={_START}, StopSel={_STOP}, MaxWords={SNIPPET_WORDS}, "
        f"MinWords={SNIPPET_WORDS // 2}, MaxFragments=1, FragmentDelimiter=…"
    )
    # ts_headline re-parses the whole text: over 35 KB reports it cost ~8 ms a row. The listing
    # and the opening of the report are enough for a snippet; a match deeper in the report
    # still ranks the review, its snippet is then the opening words.
    document = func.translate(func.left(_PG_INDEX.c.document, HEADLINE_CHARS), _START + _STOP, "")
    statement = select(
        _PG_INDEX.c.review_id,
        func.ts_headline(_ENGLISH, document, _pg_tsquery(parsed.any_of), literal(options, Text)),
    ).where(_PG_INDEX.c.review_id.in_(ids))
    return {review_id: headline for review_id, headline in session.execute(statement)}


# ------------------------------------------------------------------------- the form's choices


@dataclass(frozen=True)
class Facets:
    years: list[int]
    areas: list[str]
    keywords: list[str]


def search_facets(session: Session, *, keyword_limit: int = 500) -> Facets:
    """The years, areas and keywords there are, for the search form's choices."""
    years = list(
        session.scalars(
            select(Review.published_year).distinct().order_by(Review.published_year.desc())
        )
    )
    areas = sorted(
        set(session.scalars(select(Review.area).where(Review.area != ""))), key=str.casefold
    )
    seen: dict[str, str] = {}
    for keywords in session.scalars(select(Review.keywords)):
        for word in keywords if isinstance(keywords, list) else ():
            if isinstance(word, str) and word.strip():
                seen.setdefault(word.strip().casefold(), word.strip())
    keywords = sorted(seen.values(), key=str.casefold)[:keyword_limit]
    return Facets(years, areas, keywords)


__all__ = [
    "SEARCH_PREFIX",
    "Facets",
    "ParsedQuery",
    "SearchHit",
    "SearchPage",
    "SnippetPart",
    "Term",
    "fts5_expression",
    "is_search_object",
    "parse_query",
    "search_all",
    "search_facets",
    "search_reviews",
    "websearch_text",
]
