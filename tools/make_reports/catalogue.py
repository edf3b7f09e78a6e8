"""The library catalogue page standing in front of one report."""

from __future__ import annotations

from html import escape as html_escape

from common.months import MONTH_NAMES as MONTHS
from tools.make_reports.model import Review


def catalogue_page(review: Review, pdf_bytes: int) -> str:
    """A library "publication details" page whose one PDF link is the report.

    The summary and subjects are written for ``CATALOGUE_STEM`` (Baby G).
    """
    size_kb = max(1, round(pdf_bytes / 1024))
    title = f"{review.subject}: {review.review_kind}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html_escape(title)} | Library catalogue</title>
<link rel="stylesheet" href="/static/catalogue.css">
</head>
<body>
<header class="site-header">
<a href="/">Home</a>
<a href="/case-reviews/recently-published-case-reviews">Case reviews</a>
<a href="/catalogue/search?q=serious+case+review">Search the catalogue</a>
</header>
<nav class="breadcrumb"><a href="/">Home</a> &gt;
<a href="/catalogue/search">Library catalogue</a> &gt; Publication details</nav>
<main>
<h1>{html_escape(title)}</h1>
<table class="record">
<tr><th>Title</th><td>{html_escape(review.body_name)} serious case review:
{html_escape(review.subject)}. Overview report</td></tr>
<tr><th>Author</th><td>{html_escape(review.body_name)}</td></tr>
<tr><th>Published</th><td>{MONTHS[review.month - 1]} {review.year}</td></tr>
<tr><th>Publisher</th><td>{html_escape(review.body_name)}</td></tr>
<tr><th>Series</th><td>Case reviews</td></tr>
<tr><th>Subjects</th><td>Child deaths; infants; fathers; head injuries</td></tr>
<tr><th>Shelfmark</th><td>SCR/{review.year}/WES/014</td></tr>
</table>
<h2>Summary</h2>
<p>Overview report of the serious case review into the death of an 11-week-old baby from a head
injury in 2012. Considers pre-birth assessment, the father’s own history of being in care and the
response to concerns raised by a neighbour. Makes recommendations to the board and its partner
agencies.</p>
<h2>Available formats</h2>
<ul class="downloads">
<li><a class="download" href="/{review.path}">Download the overview report</a>
(PDF, {size_kb} KB)</li>
</ul>
<p><a href="/preventing-abuse/child-protection-system/case-reviews/2014/">Back to case reviews
published in 2014</a></p>
</main>
<footer><a href="/privacy">Privacy</a> <a href="/accessibility">Accessibility</a></footer>
</body>
</html>
"""
