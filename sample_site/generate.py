"""Generated listing pages: as many fictional review entries as a benchmark or test needs.

The hand-written pages in ``pages/`` show each layout family once, with every oddity the parser
has to survive; this module makes the same families in bulk, so the harvester can be measured on
a site the size of the real collection and the parser checked against pages whose right answer
is known (render → parse gives back the entries). Everything is fictional: the places and the
children come from the small word lists below, never from a real review.

Pure and deterministic: the same ``seed`` gives the same entries and the same bytes, on any
machine and under any ``PYTHONHASHSEED``.

    python -m sample_site.generate OUTDIR --entries 1500 [--per-page 100] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from common.months import MONTH_NAMES
from sample_site import vocabulary

# The layout families of the real NSPCC pages, newest first:
#   modern — year panels, <h3> headings, bold labels in their own <p>s
#   y2016  — one <p> per entry, lines split by <br>, bold heading line, plain labels
#   y2014  — <h2> "Month YYYY – area – title" headings, bold labels
#   inform — the oldest: heading is the report link, no labels, "Makes recommendations …",
#            an unlabelled keyword line
FAMILIES: tuple[str, ...] = ("modern", "y2016", "y2014", "inform")
DEFAULT_PER_PAGE = 100
PAGE_DIR = "bench"

# Years each family was in use, so a generated page looks like its period.
_YEARS: dict[str, tuple[int, int]] = {
    "modern": (2019, 2025),
    "y2016": (2015, 2017),
    "y2014": (2013, 2015),
    "inform": (2010, 2012),
}

_NOT_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class GeneratedEntry:
    """One fictional review as its family publishes it.

    The fields are what a reader of the page sees, and so what the parser should return:
    ``month`` is None in families whose headings give only the year, ``learning`` is None in the
    unlabelled "inform" family, whose ``recommendations`` is the whole "Makes recommendations …"
    paragraph and whose first keyword is capitalised as printed. ``report_path`` is
    root-relative; None for the "inform" headings printed without a link.
    """

    year: int
    month: int | None
    area: str
    title: str
    summary: str
    learning: str | None
    recommendations: str
    keywords: tuple[str, ...]
    report_path: str | None
    family: str


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_WORD.sub("-", ascii_text.lower()).strip("-")


def _key(year: int, area: str, title: str) -> str:
    # The same normalisation the store uses for its year|area|title key, so "unique here"
    # means "a distinct review there".
    def normal(text: str) -> str:
        return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()

    return f"{year}|{normal(area)}|{normal(title)}"


def _pseudonym(title: str) -> str:
    """The pseudonym of a title: "Child D" of "Child D – learning review"."""
    return title.split(" – ")[0]


def _title(rng: random.Random) -> tuple[str, str, str]:
    """A child's pseudonym, its kind ("Baby", …) and the noun phrase a summary uses."""
    shape = rng.random()
    if shape < 0.45:
        kind = "Child"
        title = f"Child {rng.choice(vocabulary.LETTERS)}"
        who = f"{rng.randint(2, 12)}-year-old {rng.choice(('boy', 'girl'))}"
    elif shape < 0.65:
        kind = "Baby"
        title = f"Baby {rng.choice(vocabulary.LETTERS)}"
        who = f"{rng.randint(2, 11)}-{rng.choice(('week', 'month'))}-old baby"
    elif shape < 0.85:
        kind = "Young person"
        title = f"Young person {rng.choice(vocabulary.LETTERS)}"
        who = f"{rng.randint(13, 17)}-year-old {rng.choice(('boy', 'girl'))}"
    else:
        letters = sorted(rng.sample(vocabulary.LETTERS, rng.choice((2, 3))))
        # commas inside a title are one of the things the heading splitter must leave alone
        if len(letters) == 2:
            title = f"Children {letters[0]} and {letters[1]}"
        else:
            title = f"Children {letters[0]}, {letters[1]} and {letters[2]}"
        ages = sorted(rng.sample(range(1, 16), len(letters)))
        return (
            title,
            "Children",
            f"{('two', 'three')[len(letters) - 2]} siblings aged "
            + ", ".join(map(str, ages[:-1]))
            + f" and {ages[-1]}",
        )
    article = "an" if who.startswith(("8-", "11-")) else "a"
    return title, kind, f"{article} {who}"


def _phrase_list(rng: random.Random, pool: Sequence[str], low: int, high: int) -> str:
    items = rng.sample(list(pool), rng.randint(low, high))
    if len(items) == 1:
        return items[0]
    return "; ".join(items[:-1]) + "; and " + items[-1]


def _entry(rng: random.Random, family: str, taken: set[str], paths: set[str]) -> GeneratedEntry:
    low, high = _YEARS[family]
    for _ in range(10_000):
        year = rng.randint(low, high)
        area = rng.choice(vocabulary.AREAS)
        title, kind, who = _title(rng)
        if rng.random() < 0.05:
            # a title with a dash of its own ("Young person S – multi-agency learning review")
            title += f" – {rng.choice(vocabulary.TITLE_SUFFIXES)}"
        key = _key(year, area, title)
        if key in taken:
            continue
        link = not (family == "inform" and rng.random() < 0.1)
        path = f"/reports/{year}-{_slug(area)}-{_slug(title)}.pdf" if link else None
        if path is not None and path.lower() in paths:
            continue
        break
    else:
        raise RuntimeError("the word lists have run out of distinct entries; ask for fewer")
    taken.add(key)
    if path is not None:
        paths.add(path.lower())

    summary = f"{rng.choice(vocabulary.HARMS[kind])} {who} in {year - rng.randint(1, 2)}."
    if rng.random() < 0.6:
        summary += " " + rng.choice(vocabulary.CONTEXT)
    if rng.random() < 0.3:
        pseudonym = _pseudonym(title)
        verb = "were" if pseudonym.startswith("Children") else "was"
        summary += f" {pseudonym} {verb} seen by several agencies in the months before."
    keywords = rng.sample(list(vocabulary.KEYWORDS), rng.randint(3, 5))
    month = rng.randint(1, 12) if family == "y2014" else None
    if family == "inform":
        topics = rng.sample(list(vocabulary.TOPICS), 2)
        recommendations = (
            f"Makes recommendations {rng.choice(('about', 'on', 'for'))} "
            f"{topics[0]} and {topics[1]}."
        )
        learning = None
        # printed as the start of a sentence on those pages
        keywords[0] = keywords[0][0].upper() + keywords[0][1:]
    else:
        learning = _phrase_list(rng, vocabulary.LEARNING, 1, 3) + "."
        recommendations = _phrase_list(rng, vocabulary.RECOMMENDATIONS, 1, 2) + "."
    return GeneratedEntry(
        year, month, area, title, summary, learning, recommendations, tuple(keywords), path, family
    )


def generate_entries(
    n: int, seed: int = 1, *, per_page: int = DEFAULT_PER_PAGE, family: str | None = None
) -> list[GeneratedEntry]:
    """``n`` distinct fictional entries.

    Each run of ``per_page`` entries belongs to one family, the families taking turns as
    ``write_site`` lays them out on pages (or all to ``family`` when given), and is ordered
    newest first as the real pages are. Year + area + title is unique, and so is every report
    path.
    """
    if n < 0:
        raise ValueError("n must be 0 or more")
    if per_page <= 0:
        raise ValueError("per_page must be more than 0")
    if family is not None and family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; choose from {', '.join(FAMILIES)}")
    rng = random.Random(seed)
    taken: set[str] = set()
    paths: set[str] = set()
    entries: list[GeneratedEntry] = []
    for start in range(0, n, per_page):
        page_family = family or FAMILIES[(start // per_page) % len(FAMILIES)]
        block = [_entry(rng, page_family, taken, paths) for _ in range(min(per_page, n - start))]
        block.sort(key=lambda entry: (entry.year, entry.month or 0), reverse=True)
        entries.extend(block)
    return entries


# -- rendering -----------------------------------------------------------------------------------
# Presentation choices (which dash, which label wording, which link text) rotate with the entry's
# position on the page, so every page carries every variant and the bytes stay deterministic.


def _text(text: str) -> str:
    return escape(text, quote=False)


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _pick(options: Sequence[str], index: int) -> str:
    return options[index % len(options)]


def _heading(entry: GeneratedEntry, index: int) -> str:
    date = str(entry.year)
    if entry.month is not None:
        date = f"{MONTH_NAMES[entry.month - 1]} {entry.year}"
    first = _pick((" – ", " – ", " - "), index)
    # "Anonymous- Children P, Q and R": a hyphen spaced on one side only, as printed in 2016
    second = _pick((" – ", " – ", " - ", "- ", "–"), index)
    return f"{date}{first}{entry.area}{second}{entry.title}"


def _typeset_summary(entry: GeneratedEntry) -> str:
    """The summary as the modern pages print it: two spaces after a full stop, the child's
    pseudonym held together by a non-breaking space. The parser must read through both."""
    text = _text(entry.summary).replace(". ", ".  ")
    pseudonym = _text(_pseudonym(entry.title))
    return text.replace(pseudonym, pseudonym.replace(" ", "&nbsp;", 1))


def _modern(entries: Sequence[GeneratedEntry]) -> Iterator[str]:
    year: int | None = None
    for index, entry in enumerate(entries):
        if entry.year != year:
            if year is not None:
                yield "        </div>\n      </div>"
            year = entry.year
            panel = f"Case reviews published in {year}"
            # the year title printed twice, button and <h2>, as on the accordion page
            yield (
                f'      <div class="accordion__section">\n'
                f'        <button type="button" class="accordion__trigger" '
                f'aria-expanded="false" aria-controls="year-{year}">{panel}</button>\n'
                f'        <div class="accordion__panel" id="year-{year}" hidden>\n'
                f"          <h2>{panel}</h2>"
            )
        learning_label = _pick(
            (
                "Learning includes:",
                "Key issues:",
                "Learning themes include:",
                "Learning:",
                "Key learning:",
                "Learning focuses on:",
            ),
            index,
        )
        recs_label = _pick(
            ("Recommendations:", "Recommendations to the partnership include:"), index
        )
        separator = _pick((", ", "; "), index)
        lines = [
            f"          <h3>{_text(_heading(entry, index))}</h3>",
            f"          <p>{_typeset_summary(entry)}</p>",
            f"          <p><strong>{learning_label}</strong> {_text(entry.learning or '')}</p>",
            f"          <p><strong>{recs_label}</strong> {_text(entry.recommendations)}</p>",
            f"          <p><strong>Keywords:</strong> {_text(separator.join(entry.keywords))}</p>",
        ]
        if entry.report_path is not None:
            link_text = _pick(("Read the overview report", "Read case review"), index)
            lines.append(f'          <p><a href="{_attr(entry.report_path)}">{link_text}</a></p>')
        yield "\n".join(lines) + "\n"
    if year is not None:
        yield "        </div>\n      </div>"


def _y2016(entries: Sequence[GeneratedEntry]) -> Iterator[str]:
    for index, entry in enumerate(entries):
        # a bare "includes:" was the learning label of some years
        learning_label = _pick(
            ("Key issues:", "Key issues: include:", "Learning:", "Learning includes:", "includes:"),
            index,
        )
        keywords = _pick((", ", "; "), index // 2).join(entry.keywords)
        recs_label = _pick(("Recommendations: include:", "Recommendations:"), index)
        lines = [
            f"      <p><strong>{_text(_heading(entry, index))}</strong><br>",
            f"      {_text(entry.summary).replace('. ', '.  ')}<br>",
            f"      {learning_label} {_text(entry.learning or '')}<br>",
            f"      {recs_label} {_text(entry.recommendations)}<br>",
            f"      Keywords: {_text(keywords)}",
        ]
        if entry.report_path is not None:
            lines[-1] += "<br>"
            lines.append(
                f'      <a href="{_attr(entry.report_path)}">&gt; Read the overview report</a>'
            )
        lines[-1] += "</p>"
        yield "\n".join(lines) + "\n"


def _y2014(entries: Sequence[GeneratedEntry]) -> Iterator[str]:
    for index, entry in enumerate(entries):
        heading = _text(_heading(entry, index))
        if index % 7 == 3 and entry.month is not None:
            # date and area in separate spans with nothing between them: the text reads
            # "December 2014Northdale - Child D", as it did on the real page
            date = f"{MONTH_NAMES[entry.month - 1]} {entry.year}"
            heading = f"<span>{date}</span><span>{_text(entry.area)} - {_text(entry.title)}</span>"
        learning_label = _pick(
            ("Issues identified include:", "Learning:", "Key issues:", "Key issues: include:"),
            index,
        )
        # some keyword lists end with a full stop, which is not part of the last keyword
        stop = "." if index % 5 == 4 else ""
        lines = [
            '      <div class="entry">',
            f"        <h2>{heading}</h2>",
            f"        <p>{_text(entry.summary)}</p>",
            f"        <p><strong>{learning_label}</strong> {_text(entry.learning or '')}</p>",
            f"        <p><strong>Recommendations: include:</strong> "
            f"{_text(entry.recommendations)}</p>",
            f"        <p><strong>Keywords:</strong> {_text(', '.join(entry.keywords))}{stop}</p>",
        ]
        if entry.report_path is not None:
            lines.append(
                f'        <p><a href="{_attr(entry.report_path)}">Read the overview report</a></p>'
            )
        lines.append("      </div>")
        yield "\n".join(lines) + "\n"


def _inform(entries: Sequence[GeneratedEntry]) -> Iterator[str]:
    for index, entry in enumerate(entries):
        if index % 6 == 2:
            # "<b>2012</b>Westshire – Child Q": the date glued to the area by markup
            sep = _pick((" – ", " - ", "- "), index)
            heading = f"<b>{entry.year}</b>{_text(entry.area)}{sep}{_text(entry.title)}"
        else:
            heading = f"<strong>{_text(_heading(entry, index))}</strong>"
        if entry.report_path is not None:
            heading = f'<a href="{_attr(entry.report_path)}">{heading}</a>'
        elif not heading.startswith("<strong>"):
            heading = f"<strong>{heading}</strong>"
        stop = "." if index % 2 else ""
        keywords = _pick((", ", ", ", "; "), index).join(entry.keywords)
        yield (
            f"<p>{heading}</p>\n"
            f"<p>{_text(entry.summary)}</p>\n"
            f"<p>{_text(entry.recommendations)}</p>\n"
            f"<p>{_text(keywords)}{stop}</p>\n"
        )


def _document(family: str, title: str, body: str) -> str:
    t = _text(title)
    footer_note = "All content on this generated sample site is fictional."
    if family == "modern":
        return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t} | Generated learning site</title>
<link rel="stylesheet" href="/static/learning.css">
<script>document.documentElement.className += " js-enabled";</script>
</head>
<body>
<div class="banner banner--cookies"><p>This site uses essential cookies only.</p></div>
<nav class="nav-primary" aria-label="Primary"><ul><li><a href="/">Home</a></li></ul></nav>
<main id="content" role="main">
  <article class="content-page">
    <h1>{t}</h1>
    <p>Summaries of fictional case reviews, grouped by year of publication.</p>
    <div class="accordion" data-module="accordion">
{body}
    </div>
  </article>
</main>
<footer class="footer"><p>{footer_note}</p></footer>
</body>
</html>
"""
    if family == "y2016":
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{t} | Generated site</title>
<link rel="stylesheet" type="text/css" href="/css/main-2016.css">
</head>
<body>
<div id="wrapper">
  <div id="header"><ul id="topnav"><li><a href="/">Home</a></li></ul></div>
  <main>
  <div id="content" class="col-md-8">
    <h1>{t}</h1>
    <div class="body-text">
      <p>Serious case reviews are listed below, with the most recent first.</p>

{body}
    </div>
  </div>
  </main>
  <footer id="footer"><p>{footer_note}</p></footer>
</div>
</body>
</html>
"""
    if family == "y2014":
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{t} | Generated site</title>
<link rel="stylesheet" href="/css/legacy.css">
</head>
<body class="section-preventing-abuse">
<div class="container">
  <div class="top-bar"><a href="/">Home</a> &gt; Case reviews</div>
  <main>
    <div class="main-column">
      <h1>{t}</h1>
      <p>Summaries of serious case reviews. Follow the link under each summary to read the
      full report.</p>

{body}
    </div>
  </main>
  <footer><p>{footer_note}</p></footer>
</div>
</body>
</html>
"""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{t} - NSPCC inform (generated archive)</title>
<link rel="stylesheet" href="/inform/styles/inform.css">
</head>
<body>
<table id="layout" width="100%" cellpadding="0" cellspacing="0">
<tr>
<td id="leftnav" valign="top"><ul><li><a href="/">Inform home</a></li></ul></td>
<td id="maincontent" valign="top">
<main>
<h1>{t}</h1>
<p>Overview reports of serious case reviews. Click on a heading to open the report.</p>

{body}
</main>
</td>
</tr>
</table>
<footer><p>{footer_note}</p></footer>
</body>
</html>
"""


_RENDERERS = {"modern": _modern, "y2016": _y2016, "y2014": _y2014, "inform": _inform}


def render_page(entries: Sequence[GeneratedEntry], family: str, title: str) -> str:
    """A whole listing page in ``family``'s markup.

    Entries must have been generated for that family: what a family prints differs (months,
    labels), and silently dropping or inventing fields would make the page disagree with the
    entries it was made from.
    """
    if family not in _RENDERERS:
        raise ValueError(f"unknown family {family!r}; choose from {', '.join(FAMILIES)}")
    strays = [entry.title for entry in entries if entry.family != family]
    if strays:
        raise ValueError(
            f"entries generated for another family than {family!r}: {', '.join(strays[:3])}"
        )
    body = "\n".join(_RENDERERS[family](entries))
    return _document(family, title, body)


def page_path(number: int, count: int) -> str:
    """URL path of listing page ``number`` (1-based) of ``count``, as SiteServer maps files."""
    width = max(2, len(str(count)))
    return f"/{PAGE_DIR}/page-{number:0{width}d}"


def write_site(
    root: Path, n_entries: int, per_page: int = DEFAULT_PER_PAGE, seed: int = 1
) -> list[str]:
    """Write ``n_entries`` entries as listing pages under ``root`` and return their URL paths.

    Pages take the families in turn. Listing pages a previous, larger run left in the page
    directory are removed, so the site holds exactly what was asked for.
    """
    if per_page <= 0:
        raise ValueError("per_page must be more than 0")
    root = Path(root)
    page_dir = root / PAGE_DIR
    page_dir.mkdir(parents=True, exist_ok=True)
    for stale in page_dir.glob("page-*.html"):
        stale.unlink()
    entries = generate_entries(n_entries, seed, per_page=per_page)
    blocks = [entries[start : start + per_page] for start in range(0, len(entries), per_page)]
    paths: list[str] = []
    for number, block in enumerate(blocks, start=1):
        family = block[0].family
        path = page_path(number, len(blocks))
        newest, oldest = block[0].year, block[-1].year
        years = str(newest) if newest == oldest else f"{oldest}–{newest}"
        title = f"Case reviews {years} (generated page {number} of {len(blocks)})"
        (root / (path.lstrip("/") + ".html")).write_text(
            render_page(block, family, title), encoding="utf-8"
        )
        paths.append(path)
    (root / "robots.txt").write_text(
        "# Generated sample site (fictional content): everything may be fetched.\n"
        "User-agent: *\nAllow: /\n",
        encoding="utf-8",
    )
    links = "\n".join(
        f'<li><a href="{path}">Page {number}</a></li>' for number, path in enumerate(paths, start=1)
    )
    (root / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Generated sample site</title></head>\n<body><h1>Generated sample site</h1>\n"
        f"<p>{n_entries} fictional entries.</p>\n<ul>\n{links}\n</ul>\n</body></html>\n",
        encoding="utf-8",
    )
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample_site.generate",
        description="Write a site of generated, fictional case review listing pages.",
    )
    parser.add_argument("outdir", type=Path, help="directory to write the site into")
    parser.add_argument("--entries", type=int, default=1500, help="number of entries (1500)")
    parser.add_argument(
        "--per-page",
        type=int,
        default=DEFAULT_PER_PAGE,
        help=f"entries per listing page ({DEFAULT_PER_PAGE})",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    args = parser.parse_args(argv)
    if args.entries < 0 or args.per_page <= 0:
        parser.error("--entries must be 0 or more and --per-page more than 0")
    paths = write_site(args.outdir, args.entries, args.per_page, args.seed)
    print(f"wrote {args.entries} entries on {len(paths)} pages under {args.outdir}")
    print("serve with: python -m sample_site.server --root", args.outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
