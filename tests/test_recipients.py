"""Recipients: CSV import (all or nothing, line-numbered errors), add, list, remove, unsubscribe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import Database, Recipient, open_database
from digest import recipients as rl


@pytest.fixture
def database(tmp_path: Path, db_url_factory) -> Iterator[Database]:
    database = open_database(db_url_factory(tmp_path))
    try:
        yield database
    finally:
        database.close()


def write(tmp_path: Path, text: str, name: str = "contacts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def count(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count(Recipient.id))) or 0


def test_import_adds_then_updates(database: Database, tmp_path: Path) -> None:
    first = write(
        tmp_path,
        "\ufeffEmail,Name,Agency,Keywords\n"  # a BOM and capitals, as spreadsheets save it
        "jo@health.example,Jo Bloggs,Health,neglect; housing\n"
        '"sam@police.example","Sam, DS","Police",\n'
        "\n"
        "alex@school.example,,,\n",
    )
    result = rl.import_csv(database, first)
    assert result.as_dict() == {
        "added": 3,
        "updated": 0,
        "unchanged": 0,
        "skipped_unsubscribed": [],
    }
    rows = {row["email"]: row for row in rl.list_recipients(database)}
    assert rows["jo@health.example"]["keywords"] == ["neglect", "housing"]
    assert rows["sam@police.example"]["name"] == "Sam, DS"
    assert rows["alex@school.example"]["name"] is None
    second = write(tmp_path, "email,agency\nJO@health.example,Public health\nnew@x.example,\n")
    again = rl.import_csv(database, second)
    assert (again.added, again.updated) == (["new@x.example"], ["JO@health.example"])
    assert count(database) == 4  # the same address in other capitals is the same recipient


def test_import_reports_every_bad_row_by_line_and_imports_nothing(
    database: Database, tmp_path: Path
) -> None:
    rl.add(database, "kept@agency.example")
    path = write(
        tmp_path,
        "email,name,agency,keywords\n"
        "good@agency.example,Good,,\n"  # line 2: fine, but must not be imported alone
        "not-an-address,Bad,,\n"  # line 3
        'multi@agency.example,"Two\nlines",,\n'  # lines 4-5: one record, a name on two lines
        "GOOD@agency.example,Again,,\n"  # line 6: a duplicate of line 2
        "short@agency.example,Short\n"  # line 7: a field missing
        f"long@agency.example,{'x' * 201},,\n",  # line 8
    )
    with pytest.raises(rl.ImportRefused) as caught:
        rl.import_csv(database, path)
    assert caught.value.errors == [
        "line 3: 'not-an-address' is not a valid email address",
        # A line break would reach the To: header: refused, not joined silently.
        "line 4: the name holds a line break (U+000A); it must be one line of plain text",
        "line 6: GOOD@agency.example is already on line 2",
        "line 7: 2 fields, the header has 4",
        "line 8: the name is longer than 200 characters",
    ]
    assert str(caught.value).startswith(f"{path}: nothing imported")
    assert count(database) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "line 1: the file is empty"),
        (b"mail,name\nx@y.example,X\n", "line 1: unknown column 'mail'"),
        (b"name,agency\nX,Y\n", "line 1: no email column"),
        (b"email,email\nx@y.example,x@y.example\n", "line 1: a column is named twice"),
        (b"email\nok@y.example\n\xff\xfe@y.example\n", "line 3: not UTF-8 text"),
    ],
)
def test_unreadable_files(database: Database, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(content)
    with pytest.raises(rl.ImportRefused, match=message):
        rl.import_csv(database, path)
    assert count(database) == 0


def test_missing_file(database: Database, tmp_path: Path) -> None:
    with pytest.raises(rl.RecipientError, match="cannot read"):
        rl.import_csv(database, tmp_path / "missing.csv")


def test_remove_and_add_back_keep_one_row(database: Database) -> None:
    row, outcome = rl.add(database, "jo@health.example", name="Jo", keywords="neglect;CSE")
    assert outcome == "added" and row["keywords"] == ["neglect", "cse"]
    assert rl.remove(database, "JO@health.example")["status"] == "removed"
    assert rl.list_recipients(database) == []
    assert [r["status"] for r in rl.list_recipients(database, include_inactive=True)] == ["removed"]
    row, outcome = rl.add(database, "jo@health.example", agency="Health")
    assert outcome == "added back" and row["name"] == "Jo" and row["agency"] == "Health"
    assert count(database) == 1
    with pytest.raises(rl.RecipientError, match=r"nobody@x\.example is not a recipient"):
        rl.remove(database, "nobody@x.example")
    with pytest.raises(rl.RecipientError, match="not a valid email address"):
        rl.add(database, "jo at health")


def test_unsubscribe_is_for_good_unless_the_person_asks_again(database: Database) -> None:
    rl.add(database, "jo@health.example")
    with database.session() as session:
        token = session.scalar(select(Recipient.token))
    assert token is not None and len(token) >= 32
    with database.session() as session:
        done = rl.unsubscribe(session, token)
    assert done.email == "jo@health.example" and done.already is None
    with database.session() as session:
        assert rl.unsubscribe(session, token).already is not None  # idempotent
    with database.session() as session, pytest.raises(rl.RecipientError, match="no recipient"):
        rl.unsubscribe(session, "not-a-token")
    with pytest.raises(rl.RecipientError, match=r"unsubscribed on .* --resubscribe"):
        rl.add(database, "jo@health.example")
    row, outcome = rl.add(database, "jo@health.example", resubscribe=True)
    assert outcome == "resubscribed" and row["status"] == "active"
    with database.session() as session:
        assert session.scalar(select(Recipient.token)) != token  # the old link stays dead


def test_tokens_are_unique_and_unguessable(database: Database) -> None:
    for n in range(50):
        rl.add(database, f"person{n}@agency.example")
    with database.session() as session:
        tokens = list(session.scalars(select(Recipient.token)))
    assert len(set(tokens)) == 50
    # 192 bits, and safe both in a URL and as a command-line argument (never opens with "-")
    assert all(len(token) == 48 and re.fullmatch(r"[0-9a-f]+", token) for token in tokens)


def test_the_agency_type_column_is_read_and_checked() -> None:
    from digest import recipients as recipient_list

    rows = recipient_list.parse_csv(
        "email,agency_type\na@example.org,Children's social care\nb@example.org,\n",
        agency_types={"childrens_social_care", "health"},
    )
    assert [row.agency_type for row in rows] == ["childrens_social_care", None]
    with pytest.raises(recipient_list.ImportRefused) as refused:
        recipient_list.parse_csv("email,agency_type\na@example.org,plumbers\n", "c.csv", {"health"})
    assert "line 2: 'plumbers' is not an agency type (one of health)" in str(refused.value)
