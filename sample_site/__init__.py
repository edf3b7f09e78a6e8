"""The bundled sample site: our own fictional listing pages in every layout the source has used."""

from pathlib import Path

PAGES = Path(__file__).parent / "pages"

# Paths of the listing pages, monthly update page first as on the real source.
LISTING_PATHS = (
    "/case-reviews/monthly-case-reviews-update",
    "/case-reviews/recently-published-case-reviews",
    "/preventing-abuse/child-protection-system/case-reviews/2016/",
    "/preventing-abuse/child-protection-system/case-reviews/2014/",
    "/inform/case-reviews/2012/",
    "/private/case-reviews",  # disallowed by the site's robots.txt: shows the harvester skip it
)
