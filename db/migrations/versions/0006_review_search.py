"""full-text search over reviews and their reports

Revision ID: 0006
Revises: 0005

One search row per review, kept up to date by triggers on ``review`` and ``report`` so every
writer (harvest, report extraction, a hand edit in psql) updates the index without knowing it
exists. The view ``review_search_source`` says once what is indexed; the triggers copy from it.

- SQLite: an FTS5 table (porter stemming over unicode61, diacritics folded) whose rowid is the
  review id; it keeps its own copy of the text so ``snippet()`` works.
- PostgreSQL: a plain table with the concatenated text (for ``ts_headline``) and a weighted
  ``tsvector`` (title A, area and keywords B, listing fields C, report D) under a GIN index.

A later migration that rebuilds ``review`` or ``report`` in SQLite batch mode (copy, drop,
rename) must drop these objects first and create them again after (see upgrade/downgrade).

These objects are not models: db/migrations/env.py leaves ``review_search*`` out of the
model comparison.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Only the first REPORT_CHARS characters of a report are indexed: PostgreSQL refuses a tsvector
# over 1 MB, and a refused index row would make the report's own UPDATE fail. 500,000 characters
# is a report of roughly 200 pages; the same cap applies on SQLite so both backends agree.
REPORT_CHARS = 500_000

LISTING_COLUMNS = ("summary", "background", "learning", "recommendations", "response", "model")
REVIEW_COLUMNS = ("title", "area", "keywords", *LISTING_COLUMNS)
REPORT_COLUMNS = ("text", "headings", "recommendations")


def _listing(concat: str) -> str:
    return concat.join(f"coalesce(r.{name}, '')" for name in LISTING_COLUMNS)


NL = "\n"  # f-string expressions cannot hold a backslash before Python 3.12

SQLITE_ARRAY = (
    "(SELECT group_concat(value, '{sep}') FROM json_each("
    "CASE WHEN json_valid({expr}) THEN {expr} ELSE '[]' END))"
)

SQLITE_VIEW = f"""
CREATE VIEW review_search_source AS
SELECT
    r.id AS id,
    coalesce(r.title, '') AS title,
    coalesce(r.area, '') AS area,
    coalesce({SQLITE_ARRAY.format(sep=", ", expr="r.keywords")}, '') AS keywords,
    {_listing(" || char(10) || ")} AS listing,
    substr(
        coalesce(p.text, '') || char(10)
        || coalesce({SQLITE_ARRAY.format(sep=NL, expr="p.headings")}, '') || char(10)
        || coalesce({SQLITE_ARRAY.format(sep=NL, expr="p.recommendations")}, ''),
        1, {REPORT_CHARS}
    ) AS report
FROM review AS r LEFT JOIN report AS p ON p.review_id = r.id
"""

SQLITE_REFRESH = """
    DELETE FROM review_search WHERE rowid = {rid};
    INSERT INTO review_search (rowid, title, area, keywords, listing, report)
        SELECT id, title, area, keywords, listing, report FROM review_search_source
        WHERE id = {rid};
"""

SQLITE_TRIGGERS = (
    "CREATE TRIGGER review_search_review_ai AFTER INSERT ON review BEGIN"
    + SQLITE_REFRESH.format(rid="new.id")
    + "END",
    f"CREATE TRIGGER review_search_review_au AFTER UPDATE OF {', '.join(REVIEW_COLUMNS)} "
    "ON review BEGIN" + SQLITE_REFRESH.format(rid="new.id") + "END",
    "CREATE TRIGGER review_search_review_ad AFTER DELETE ON review BEGIN "
    "DELETE FROM review_search WHERE rowid = old.id; END",
    "CREATE TRIGGER review_search_report_ai AFTER INSERT ON report BEGIN"
    + SQLITE_REFRESH.format(rid="new.review_id")
    + "END",
    f"CREATE TRIGGER review_search_report_au AFTER UPDATE OF {', '.join(REPORT_COLUMNS)}, "
    "review_id ON report BEGIN"
    + SQLITE_REFRESH.format(rid="old.review_id")
    + SQLITE_REFRESH.format(rid="new.review_id")
    + "END",
    "CREATE TRIGGER review_search_report_ad AFTER DELETE ON report BEGIN"
    + SQLITE_REFRESH.format(rid="old.review_id")
    + "END",
)

PG_ARRAY = (
    "(SELECT string_agg(item, '{sep}') FROM json_array_elements_text("
    "CASE WHEN json_typeof({expr}) = 'array' THEN {expr} ELSE '[]'::json END) AS item)"
)

PG_NEWLINE = " || E'\\n' || "

PG_VIEW = f"""
CREATE VIEW review_search_source AS
SELECT
    r.id AS id,
    coalesce(r.title, '') AS title,
    coalesce(r.area, '') AS area,
    coalesce({PG_ARRAY.format(sep=", ", expr="r.keywords")}, '') AS keywords,
    {_listing(PG_NEWLINE)} AS listing,
    left(
        coalesce(p.text, '') || E'\\n'
        || coalesce({PG_ARRAY.format(sep=NL, expr="p.headings")}, '') || E'\\n'
        || coalesce({PG_ARRAY.format(sep=NL, expr="p.recommendations")}, ''),
        {REPORT_CHARS}
    ) AS report
FROM review AS r LEFT JOIN report AS p ON p.review_id = r.id
"""

PG_STATEMENTS = (
    """
    CREATE TABLE review_search (
        review_id integer PRIMARY KEY REFERENCES review (id) ON DELETE CASCADE,
        document text NOT NULL,
        tsv tsvector NOT NULL
    )
    """,
    "CREATE INDEX review_search_tsv ON review_search USING gin (tsv)",
    PG_VIEW,
    """
    CREATE FUNCTION review_search_refresh(rid integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO review_search (review_id, document, tsv)
        SELECT
            s.id,
            concat_ws(E'\\n', s.title, s.area, s.keywords, s.listing, s.report),
            setweight(to_tsvector('english', s.title), 'A')
            || setweight(to_tsvector('english', s.area || ' ' || s.keywords), 'B')
            || setweight(to_tsvector('english', s.listing), 'C')
            || setweight(to_tsvector('english', s.report), 'D')
        FROM review_search_source AS s WHERE s.id = rid
        ON CONFLICT (review_id) DO UPDATE
            SET document = excluded.document, tsv = excluded.tsv
    $$
    """,
    """
    CREATE FUNCTION review_search_review_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM review_search_refresh(NEW.id);
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION review_search_report_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM review_search_refresh(OLD.review_id);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM review_search_refresh(NEW.review_id);
        END IF;
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE TRIGGER review_search_review AFTER INSERT OR UPDATE OF {", ".join(REVIEW_COLUMNS)}
    ON review FOR EACH ROW EXECUTE FUNCTION review_search_review_changed()
    """,
    f"""
    CREATE TRIGGER review_search_report
    AFTER INSERT OR DELETE OR UPDATE OF {", ".join(REPORT_COLUMNS)}, review_id
    ON report FOR EACH ROW EXECUTE FUNCTION review_search_report_changed()
    """,
    "SELECT review_search_refresh(id) FROM review",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_STATEMENTS:
            op.execute(statement)
        return
    op.execute(
        "CREATE VIRTUAL TABLE review_search USING fts5("
        "title, area, keywords, listing, report, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    op.execute(SQLITE_VIEW)
    for trigger in SQLITE_TRIGGERS:
        op.execute(trigger)
    op.execute(
        "INSERT INTO review_search (rowid, title, area, keywords, listing, report) "
        "SELECT id, title, area, keywords, listing, report FROM review_search_source"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS review_search_report ON report")
        op.execute("DROP TRIGGER IF EXISTS review_search_review ON review")
        op.execute("DROP FUNCTION IF EXISTS review_search_report_changed()")
        op.execute("DROP FUNCTION IF EXISTS review_search_review_changed()")
        op.execute("DROP FUNCTION IF EXISTS review_search_refresh(integer)")
        op.execute("DROP VIEW IF EXISTS review_search_source")
        op.execute("DROP TABLE IF EXISTS review_search")
        return
    for trigger in SQLITE_TRIGGERS:
        name = trigger.split()[2]
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP VIEW IF EXISTS review_search_source")
    op.execute("DROP TABLE IF EXISTS review_search")
